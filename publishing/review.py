"""Changes that wait for the publisher: a record's whole state as data, the
diff a publisher reads, and approving or rejecting.

A curator's save of a published record runs as usual inside a savepoint; the
state it produced is taken down (``state``) and the savepoint rolled back, so
the public keeps the published version. The state holds the record's fields,
many-to-many relations and tags, and every row edited on its form (each
group of rows with the lookup that finds them). Approving writes that state
(``apply``); the diff (publishing.diff) compares it with the record as it is
now.
"""

import json

from django.apps import apps
from django.core import serializers
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from .models import CuratedModel, PendingChange, ReviewState, Status
from .permalinks import addresses, record_move
from .workflow import can_publish

# What a change never carries: the workflow's own fields and the bookkeeping.
KEPT = {"status", "published_at", "version", "created_at", "updated_at"}


def carried_fields(model):
    """The fields a change carries: a record's own, and its many-to-many relations."""
    return [
        f.name
        for f in model._meta.concrete_fields
        if not f.primary_key and not f.generated and f.name not in KEPT
    ] + [f.name for f in model._meta.many_to_many if f.serialize]


def _dump(objects, model):
    return serializers.serialize("python", objects, fields=carried_fields(model))


def state(record, row_lookups):
    """The record and its rows as JSON data. ``row_lookups`` is a list of
    (model, lookup) for the rows edited on the record's form."""
    model = type(record)
    data = {"record": _dump([record], model)[0], "rows": []}
    if hasattr(record, "tags"):
        data["tags"] = sorted(record.tags.names())
    for row_model, lookup in row_lookups:
        data["rows"].append(
            {
                "model": row_model._meta.label_lower,
                "lookup": lookup,
                "objects": _dump(row_model.objects.filter(**lookup).order_by("pk"), row_model),
            }
        )
    # as it is stored, so that a state taken now compares equal to a stored one
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def current_state(record, proposed):
    """The record as it is now, in the shape of ``proposed``."""
    return state(
        record, [(apps.get_model(group["model"]), group["lookup"]) for group in proposed["rows"]]
    )


def deserialized(objects):
    """Stored rows (``proposed``'s) as Django's deserialized objects."""
    return list(serializers.deserialize("python", objects, ignorenonexistent=True))


def apply(record, proposed, user, reason):
    """Make ``record`` and its rows what ``proposed`` holds (in history as ``user``)."""
    old_paths = addresses(record) if record.is_published else None
    (new,) = deserialized([proposed["record"]])
    for name in carried_fields(type(record)):
        field = record._meta.get_field(name)
        if not field.many_to_many:
            setattr(record, field.attname, getattr(new.object, field.attname))
    record._history_user, record._change_reason = user, reason
    record.full_clean()
    record.save()
    for name, pks in new.m2m_data.items():
        getattr(record, name).set(pks)
    if "tags" in proposed:
        record.tags.set(proposed["tags"])
    for group in proposed["rows"]:
        model = apps.get_model(group["model"])
        rows = deserialized(group["objects"])
        now = model.objects.in_bulk([row.object.pk for row in rows])
        keep = []
        for row in rows:
            saved = merged(now.get(row.object.pk), row.object)
            saved._history_user = user
            saved.save()
            for name, pks in row.m2m_data.items():
                getattr(saved, name).set(pks)
            keep.append(saved.pk)
        for stale in model.objects.filter(**group["lookup"]).exclude(pk__in=keep):
            stale._history_user = user
            stale.delete()
    if old_paths:
        record_move(old_paths, addresses(record))


def _content(obj):
    """What a change or a restore may alter in a row: its own fields, not
    the workflow's (a quote's status) nor the bookkeeping."""
    return {
        f.attname: getattr(obj, f.attname)
        for f in obj._meta.concrete_fields
        if not f.primary_key and not f.generated and f.name not in KEPT
    }


def merged(current, new):
    """The row ``current`` with the content of ``new`` (a proposed or a past
    copy), its status kept; without ``current``, ``new`` as a new row, which
    for a curated row (a quote) is a draft."""
    if current is None:
        if isinstance(new, CuratedModel):
            new.status, new.published_at = Status.DRAFT, None
        return new
    for name, value in _content(new).items():
        setattr(current, name, value)
    return current


def restore_rows(model, lookup, when):
    """Make the rows matching ``lookup`` what they were at ``when``, except
    their status: a restore never publishes or withdraws a row, and a row
    that comes back comes back as a draft. Whether it changed or deleted a
    published row (which, for a curator, waits for review)."""
    current = {row.pk: row for row in model.objects.filter(**lookup)}
    past = {row.pk: row for row in model.history.as_of(when).filter(**lookup)}
    touched = False
    for pk, row in current.items():
        if pk not in past:
            touched |= _is_published(row)
            row.delete()
    for pk, row in past.items():
        now = current.get(pk)
        if now is not None and _content(now) == _content(row):
            continue
        touched |= _is_published(now)
        merged(now, row).save()
    return touched


def _is_published(row):
    return isinstance(row, CuratedModel) and row.is_published


# -- deciding ------------------------------------------------------------------------


def _check_reviewer(change, user):
    if change.state != ReviewState.PENDING:
        raise ValidationError(gettext("Ändringen är redan granskad."))
    if not can_publish(user, change.content_type.model_class()):
        raise PermissionDenied(gettext("Bara ansvarig utgivare granskar ändringar."))


@transaction.atomic
def approve(change, user):
    """Publish the change: the record becomes what the curator proposed."""
    _check_reviewer(change, user)
    model = change.content_type.model_class()
    record = model.objects.select_for_update().filter(pk=change.object_id).first()
    if record is None:
        raise ValidationError(gettext("Posten finns inte längre; avvisa ändringen."))
    if record.version != change.base_version:
        raise ValidationError(
            gettext(
                "Posten har ändrats efter att ändringen föreslogs (%(changes)s). Att godkänna "
                "den nu skulle skriva över det. Avvisa den och be redaktören göra om den "
                "på den aktuella versionen."
            )
            % {"changes": changes_since(record, change.base_version)}
        )
    reason = gettext("Godkände ändringen som %(author)s föreslog %(when)s.") % {
        "author": display_user(change.author),
        "when": date_format(timezone.localtime(change.created_at), "DATETIME_FORMAT"),
    }
    apply(record, change.proposed, user, reason)
    _decide(change, user, ReviewState.APPROVED)


@transaction.atomic
def reject(change, user, note=""):
    """Keep the published version; the change stays, rejected, in the history."""
    _check_reviewer(change, user)
    change.review_note = note
    _decide(change, user, ReviewState.REJECTED)


def _decide(change, user, decision):
    change.state, change.reviewer, change.reviewed_at = decision, user, timezone.now()
    change.save()


def pending_for(record):
    return PendingChange.objects.filter(
        content_type__app_label=record._meta.app_label,
        content_type__model=record._meta.model_name,
        object_id=record.pk,
    ).select_related("author", "reviewer")


# -- telling people what happened -------------------------------------------------


def display_user(user):
    if user is None:
        return gettext("okänd användare")
    return user.get_full_name() or user.get_username()


def changes_since(record, version):
    """Who changed what and when after ``version``, as one Swedish sentence."""
    entries = list(
        record.history.filter(version__gt=version)
        .select_related("history_user")
        .order_by("history_date")
    )
    parts = []
    for entry in entries:
        previous = entry.prev_record
        changed = previous and entry.diff_against(previous).changed_fields
        names = [
            str(record._meta.get_field(name).verbose_name)
            for name in changed or []
            if name not in KEPT
        ]
        parts.append(
            gettext("%(user)s ändrade %(fields)s %(when)s")
            % {
                "user": display_user(entry.history_user),
                "fields": ", ".join(names) if names else gettext("posten"),
                "when": date_format(timezone.localtime(entry.history_date), "DATETIME_FORMAT"),
            }
        )
    return "; ".join(parts) or gettext("en annan användare sparade den")


def touches_published_rows(formsets):
    """Whether a form changes or deletes a published record edited inline (a quote)."""
    for formset in formsets:
        for form in formset.initial_forms:
            row = form.instance
            published = isinstance(row, CuratedModel) and row.status == Status.PUBLISHED
            if published and (form.has_changed() or formset._should_delete_form(form)):
                return True
    return False
