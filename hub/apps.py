from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HubConfig(AppConfig):
    name = "hub"
    verbose_name = _("Webbplatsen")

    def ready(self):
        from django.db.models.signals import post_migrate

        from .roles import ensure_roles, ensure_site

        # The two editorial roles and the site's domain are set after every migrate.
        post_migrate.connect(ensure_roles, sender=self)
        post_migrate.connect(ensure_site, sender=self)
