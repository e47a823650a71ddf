"""The two editorial roles, set after every migrate.

*Redaktör* (curator) views, adds and changes content and sends it to review.
*Ansvarig utgivare* (publisher) may also publish, withdraw and delete.
Neither sees users or permissions: only superusers do.
"""

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType

from .models import CuratedModel
from .registry import content_app_labels, content_models
from .workflow import publish_codename

CURATOR = "Redaktör"
PUBLISHER = "Ansvarig utgivare"


def ensure_roles(**kwargs):
    """Create the publish permissions and the two roles (idempotent).

    Both roles view, add and change all content, and delete the rows they edit
    inline (participations, sources, steps …). Deleting a curated record, and
    publishing or withdrawing one, is for the publisher.
    """
    # This runs after this app's migrations, perhaps before Django has made
    # the permissions of the apps listed after it: make them now.
    for label in content_app_labels():
        create_permissions(apps.get_app_config(label), verbosity=0)
    curator_permissions, publisher_permissions = [], []
    for model in content_models():
        if model._meta.app_label == "sites":
            continue  # the site's domain is set by the settings, not by curators
        content_type = ContentType.objects.get_for_model(model)
        name = model._meta.model_name
        actions = ["view", "add", "change"]
        if not issubclass(model, CuratedModel):
            actions.append("delete")
        curator_permissions += Permission.objects.filter(
            content_type=content_type, codename__in=[f"{a}_{name}" for a in actions]
        )
        if issubclass(model, CuratedModel):
            publish, _created = Permission.objects.get_or_create(
                content_type=content_type,
                codename=publish_codename(model),
                defaults={"name": f"Kan publicera och dra tillbaka {model._meta.verbose_name}"},
            )
            publisher_permissions += [
                publish,
                *Permission.objects.filter(content_type=content_type, codename=f"delete_{name}"),
            ]
    history = Permission.objects.filter(codename__startswith="view_historical")
    curator, _created = Group.objects.get_or_create(name=CURATOR)
    curator.permissions.set([*curator_permissions, *history])
    publisher, _created = Group.objects.get_or_create(name=PUBLISHER)
    publisher.permissions.set([*curator_permissions, *history, *publisher_permissions])
    return curator, publisher
