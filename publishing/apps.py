from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublishingConfig(AppConfig):
    name = "publishing"
    verbose_name = _("Publicering")

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save

        from .roles import ensure_roles
        from .versions import content_changed

        # The two editorial roles are set after every migrate.
        post_migrate.connect(ensure_roles, sender=self)
        # Any change to content makes every cached page stale (publishing.cache).
        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(content_changed, dispatch_uid=f"page-cache-{signal}")
