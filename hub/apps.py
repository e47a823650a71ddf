from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HubConfig(AppConfig):
    name = "hub"
    verbose_name = _("Webbplatsen")

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save

        from .cache import bump_content_version
        from .roles import ensure_roles, ensure_site

        # The two editorial roles and the site's domain are set after every migrate.
        post_migrate.connect(ensure_roles, sender=self)
        post_migrate.connect(ensure_site, sender=self)
        # Any change to content makes every cached page stale (hub.cache).
        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(bump_content_version, dispatch_uid=f"hub-cache-{signal}")
