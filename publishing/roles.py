"""The two editorial roles, set after every migrate.

*Redaktör* (curator) writes content and sends it to review; a curator's change
to a published record waits for review. *Ansvarig utgivare* (publisher) also
publishes, withdraws, deletes and reviews changes.
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


def edited_inline():
    """The models whose rows are edited on a curated record's form."""
    from django.contrib import admin

    from .admin import CuratedAdmin

    return {
        inline.model
        for model_admin in admin.site._registry.values()
        if isinstance(model_admin, CuratedAdmin)
        for inline in model_admin.get_inlines(None, None)
    }


def _permissions(model, actions):
    return Permission.objects.filter(
        content_type=ContentType.objects.get_for_model(model),
        codename__in=[f"{action}_{model._meta.model_name}" for action in actions],
    )


def ensure_roles(**kwargs):
    """Create the publish permissions and the two roles (idempotent).

    Both roles view all content, add and change curated records, and edit the
    rows on their forms (participations, sources, steps …); a curator's change
    to a published record waits for the publisher (publishing.review). Only
    the publisher publishes, withdraws and deletes records, reviews changes,
    changes the shared lists (topics, places, policy areas), manages
    redirects and unlocks locked-out logins.
    """
    # This runs after this app's migrations, perhaps before Django has made
    # the permissions of the apps listed after it: make them now.
    for label in [*content_app_labels(), "axes"]:
        create_permissions(apps.get_app_config(label), verbosity=0)
    inline = edited_inline()
    everything = ["view", "add", "change", "delete"]
    curator_permissions, publisher_permissions = [], []
    for model in content_models():
        if model._meta.app_label == "sites":
            continue  # the site's domain is set by the settings, not by curators
        publisher_permissions += _permissions(model, everything)
        if issubclass(model, CuratedModel):
            curator_permissions += _permissions(model, ["view", "add", "change"])
            publish, _created = Permission.objects.get_or_create(
                content_type=ContentType.objects.get_for_model(model),
                codename=publish_codename(model),
                defaults={"name": f"Kan publicera och dra tillbaka {model._meta.verbose_name}"},
            )
            publisher_permissions.append(publish)
        elif model in inline:
            curator_permissions += _permissions(model, everything)
        elif model._meta.app_label != "redirects":
            curator_permissions += _permissions(model, ["view"])
    for name in ("AccessAttempt", "AccessFailureLog"):
        publisher_permissions += _permissions(apps.get_model("axes", name), ["view", "delete"])
    history = Permission.objects.filter(codename__startswith="view_historical")
    curator, _created = Group.objects.get_or_create(name=CURATOR)
    curator.permissions.set([*curator_permissions, *history])
    publisher, _created = Group.objects.get_or_create(name=PUBLISHER)
    publisher.permissions.set([*curator_permissions, *history, *publisher_permissions])
    return curator, publisher
