"""The one list of content apps: what the page cache, the backups, the roles
and the tests treat as content. The project names its own apps once, in the
``CONTENT_APPS`` setting; Django's apps that hold content rows are added here.
"""

from django.apps import apps
from django.conf import settings
from simple_history.models import HistoricalChanges

from .models import CuratedModel

# Changes waiting for review, topics, the redirects of moved records and the
# site's own domain.
SHARED_APPS = ("publishing", "taggit", "redirects", "sites")


def content_app_labels():
    return [*settings.CONTENT_APPS, *SHARED_APPS]


def content_models():
    """Every model curators' work is stored in, without the history tables."""
    labels = set(content_app_labels())
    return [
        model
        for model in apps.get_models()
        if model._meta.app_label in labels and not issubclass(model, HistoricalChanges)
    ]


def curated_models():
    """The models with a publication status."""
    return [model for model in content_models() if issubclass(model, CuratedModel)]
