"""The publishing workflow: draft → review → published → withdrawn.

Curators (Redaktör) write and send to review; publishers (Ansvarig utgivare)
also publish and withdraw. Every step is a save, so it is kept in the
record's history with who did it and when.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .models import Status

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
        raise PermissionDenied(
            gettext("Du kan inte ändra status från ”%(from)s” till ”%(to)s”.")
            % {"from": obj.get_status_display(), "to": Status(target).label}
        )
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
