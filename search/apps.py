from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Sök")

    def ready(self):
        from .documents import DocumentUpkeep  # noqa: PLC0415
        from .registry import searchable_models  # noqa: PLC0415

        DocumentUpkeep().connect(searchable_models())
        post_migrate.connect(_complete_documents, sender=self)


def _complete_documents(using, **kwargs):
    """After ``migrate``: documents for the records written while none were kept."""
    from .documents import rebuild  # noqa: PLC0415

    rebuild(only_incomplete=True)
