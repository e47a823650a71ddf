"""The two editorial roles and the site record, set after every migrate.

*Redaktör* (curator) views, adds and changes content and sends it to review.
*Ansvarig utgivare* (publisher) may also publish, withdraw and delete.
Neither sees users or permissions: only superusers do.
"""

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.contrib.sites.models import Site

from instruments.curation import CuratedModel
from instruments.workflow import curated_models, publish_codename

CURATOR = "Redaktör"
PUBLISHER = "Ansvarig utgivare"


def ensure_roles(**kwargs):
    """Create the publish permissions and the two roles (idempotent).

    Both roles view, add and change all content, and delete the rows they edit
    inline (participations, sources, steps …). Deleting a curated record, and
    publishing or withdrawing one, is for the publisher.
    """
    curator_permissions, publisher_permissions = [], []
    for model in curated_models() + content_models():
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


def content_models():
    """Models curators edit besides the curated ones: child rows and vocabularies."""
    labels = [
        "instruments.Citation",
        "instruments.Step",
        "instruments.Subform",
        "instruments.Synonym",
        "instruments.Definition",
        "insights.SubTheme",
        "insights.ActivityChallenge",
        "insights.ActivityQuestion",
        "cases.Participation",
        "cases.OutcomeMetric",
        "cases.Milestone",
        "cases.PolicyArea",
        "cases.County",
        "cases.Municipality",
        "cases.Suggestion",
        "redirects.Redirect",
        "taggit.Tag",
    ]
    found = []
    for label in labels:
        try:
            found.append(apps.get_model(label))
        except LookupError:
            continue
    return found


def ensure_site(**kwargs):
    """The site's own domain, for absolute links in feeds and the sitemap."""
    Site.objects.update_or_create(
        pk=settings.SITE_ID, defaults={"domain": settings.HUB_DOMAIN, "name": "Kunskapshubben"}
    )
