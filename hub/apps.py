from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _


def ensure_site(**kwargs):
    """The site's own domain, for absolute links in feeds and the sitemap
    (without HUB_DOMAIN they use each request's host: publishing.sites)."""
    from django.contrib.sites.models import Site

    Site.objects.update_or_create(
        pk=settings.SITE_ID,
        defaults={"domain": settings.HUB_DOMAIN or "localhost:8000", "name": "Kunskapshubben"},
    )


class HubConfig(AppConfig):
    name = "hub"
    verbose_name = _("Webbplatsen")

    def ready(self):
        from django.db.models.signals import post_migrate

        # The site's domain is set after every migrate.
        post_migrate.connect(ensure_site, sender=self)
