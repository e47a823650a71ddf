"""The publishing workflow: draft → review → published → withdrawn.

Curators (Redaktör) write and send to review; publishers (Ansvarig utgivare)
also publish and withdraw. Every step is a save, so it is kept in the
record's history with who did it and when.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .models import CuratedModel, Status

# target status → (statuses it can be reached from, needs the publish permission)
TRANSITIONS = {
    Status.REVIEW: ({Status.DRAFT}, False),
    Status.DRAFT: ({Status.REVIEW, Status.WITHDRAWN}, False),
    Status.PUBLISHED: ({Status.REVIEW, Status.WITHDRAWN}, True),
    Status.WITHDRAWN: ({Status.PUBLISHED}, True),
}

TRANSITION_LABELS = {
    Status.REVIEW: _("Skicka till granskning"),
    Status.DRAFT: _("Återför till utkast"),
    Status.PUBLISHED: _("Publicera"),
    Status.WITHDRAWN: _("Dra tillbaka"),
}


def publish_codename(model):
    return f"publish_{model._meta.model_name}"


def can_publish(user, model):
    return user.has_perm(f"{model._meta.app_label}.{publish_codename(model)}")


def allowed_transitions(user, obj):
    """The statuses this user may move ``obj`` to, in workflow order."""
    return [
        target
        for target, (sources, needs_publish) in TRANSITIONS.items()
        if obj.status in sources
        and user.has_perm(f"{obj._meta.app_label}.change_{obj._meta.model_name}")
        and (not needs_publish or can_publish(user, type(obj)))
    ]


def publication_problems(obj):
    """What keeps a record from being published, as Swedish sentences."""
    return [
        str(message)
        for relation, message in obj.required_for_publishing.items()
        if not getattr(obj, relation).exists()
    ]


def transition(obj, target, user):
    """Move ``obj`` to ``target`` if the workflow and the user's role allow it."""
    if target not in allowed_transitions(user, obj):
        raise PermissionDenied(_refusal(obj, target, user))
    if target == Status.PUBLISHED:
        problems = publication_problems(obj)
        if problems:
            raise ValidationError(problems)
        if obj.published_at is None:
            obj.published_at = timezone.now()
    obj.status = target
    obj._history_user = user
    obj.save()
    return obj


def _refusal(obj, target, user):
    """Why ``user`` may not move ``obj`` to ``target``: the role, or the workflow."""
    sources, needs_publish = TRANSITIONS.get(target, (set(), False))
    if not user.has_perm(f"{obj._meta.app_label}.change_{obj._meta.model_name}"):
        return gettext("Din roll får inte ändra ”%(obj)s”.") % {"obj": obj}
    if needs_publish and not can_publish(user, type(obj)):
        return gettext(
            "Bara en ansvarig utgivare kan publicera och dra tillbaka poster. Som redaktör "
            "skickar du ”%(obj)s” till granskning, så publicerar utgivaren den."
        ) % {"obj": obj}
    if target == Status.PUBLISHED and obj.status == Status.DRAFT:
        return gettext(
            "”%(obj)s” är ett utkast: skicka den till granskning innan den publiceras."
        ) % {"obj": obj}
    return gettext("En post med status ”%(from)s” kan inte få status ”%(to)s”.") % {
        "from": obj.get_status_display().lower(),
        "to": Status(target).label.lower(),
    }


def is_publisher(user):
    """Whether the user publishes anything at all (the Ansvarig utgivare role)."""
    return user.is_active and (
        user.is_superuser
        or any(perm.split(".", 1)[1].startswith("publish_") for perm in user.get_all_permissions())
    )


# -- links to records the public cannot see -------------------------------------------

# The button that publishes a record together with the drafts it links to.
PUBLISH_WITH_LINKS = "published_with_links"


def unpublished_links(record, row_lookups):
    """The unpublished records that ``record`` or the rows on its form link to.

    Those links are not shown on the public site, so a record published with
    them quietly loses them (an organisation made in the "+" popup is a draft).
    """

    def targets(obj, skip):
        for field in obj._meta.get_fields():
            if not (field.is_relation and field.concrete) or field.auto_created:
                continue
            if not issubclass(field.related_model, CuratedModel) or field.name in skip:
                continue
            if field.many_to_many:
                yield from getattr(obj, field.name).exclude(status=Status.PUBLISHED)
            elif field.many_to_one:
                target = getattr(obj, field.name)
                if target is not None and target.status != Status.PUBLISHED:
                    yield target

    found = list(targets(record, ()))
    for model, lookup in row_lookups:
        parent_fields = {name.removesuffix("_id") for name in lookup}
        for row in model.objects.filter(**lookup):
            found.extend(targets(row, parent_fields))
    unique = {(type(obj), obj.pk): obj for obj in found if obj != record}
    return list(unique.values())


def describe_links(records):
    """``Organisation ”X” (utkast), …`` for a message."""
    return ", ".join(
        f"{str(obj._meta.verbose_name).capitalize()} ”{obj}” ({obj.get_status_display().lower()})"
        for obj in records
    )


def publish_linked(obj, user):
    """Publish a linked record for the publisher, through review if it is a draft."""
    name = describe_links([obj])
    try:
        if obj.status == Status.DRAFT:
            transition(obj, Status.REVIEW, user)
        transition(obj, Status.PUBLISHED, user)
    except ValidationError as error:
        raise ValidationError([f"{name}: {message}" for message in error.messages]) from error
