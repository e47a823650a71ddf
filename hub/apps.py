from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HubConfig(AppConfig):
    name = "hub"
    verbose_name = _("Webbplatsen")

    def ready(self):
        from django.db.models.signals import post_migrate

        from .roles import ensure_roles

        # The two editorial roles exist after every migrate (idempotent).
        post_migrate.connect(ensure_roles, sender=self)
