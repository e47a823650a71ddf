"""The diff a publisher reads before approving a change: each changed field
of the record and of the rows on its form, the old value beside the new,
with the words taken out and put in marked."""

import difflib
import re

from django.apps import apps
from django.db import models
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext

from .review import carried_fields, deserialized


def _shown(model, name, value):
    """A stored value as a curator reads it."""
    field = model._meta.get_field(name)
    if value in (None, "", []):
        return "—"
    if field.many_to_many:
        related = field.related_model._default_manager.filter(pk__in=value)
        return ", ".join(sorted(str(o) for o in related))
    if field.is_relation:
        related = field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related else f"#{value}"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return gettext("Ja") if value else gettext("Nej")
    return str(value)


def _words(text):
    """A text's words, with its line breaks kept as words of their own."""
    return re.findall(r"\S+|\n", text.replace("\r\n", "\n"))


def _text_diff(old, new):
    """The old text with the words taken out marked, and the new text with
    the words put in marked, to be read side by side."""
    a, b = _words(old), _words(new)
    before, after = [], []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            before.append(format_html("{}", " ".join(a[i1:i2])))
            after.append(format_html("{}", " ".join(b[j1:j2])))
            continue
        if i2 > i1:
            before.append(format_html("<del>{}</del>", " ".join(a[i1:i2])))
        if j2 > j1:
            after.append(format_html("<ins>{}</ins>", " ".join(b[j1:j2])))

    def joined(parts):
        return format_html_join(" ", "{}", ((part,) for part in parts))

    return joined(before), joined(after)


def _field_changes(model, old, new):
    """Each changed field: its label, and its value before and after with
    what goes out and what comes in marked (``<del>``, ``<ins>``)."""
    rows = []
    for name in carried_fields(model):
        before, after = old.get(name), new.get(name)
        if before == after or (before in (None, "") and after in (None, "")):
            continue
        field = model._meta.get_field(name)
        text = isinstance(field, models.CharField | models.TextField) and not field.choices
        if text and len(str(before).split()) > 1 and len(str(after).split()) > 1:
            shown = _text_diff(str(before), str(after))
        else:
            shown = (
                format_html("<del>{}</del>", _shown(model, name, before)),
                format_html("<ins>{}</ins>", _shown(model, name, after)),
            )
        rows.append({"label": str(field.verbose_name), "old": shown[0], "new": shown[1]})
    return rows


def _marked_names(names, other, mark):
    """``a, b, c`` with the names that ``other`` lacks marked ``<del>`` or ``<ins>``."""
    if not names:
        return "—"
    template = "<del>{}</del>" if mark == "del" else "<ins>{}</ins>"
    return format_html_join(
        ", ", "{}", ((name if name in other else format_html(template, name),) for name in names)
    )


def _describe(model, data):
    (row,) = deserialized([data])
    return str(row.object)


def diff(current, proposed):
    """What approving would change, section by section, for the review page."""
    model = apps.get_model(proposed["record"]["model"])
    sections = [
        {
            "title": str(model._meta.verbose_name).capitalize(),
            "changes": _field_changes(
                model, current["record"]["fields"], proposed["record"]["fields"]
            ),
        }
    ]
    if proposed.get("tags") != current.get("tags"):
        sections[0]["changes"].append(
            {
                "label": gettext("ämnen"),
                "old": _marked_names(current.get("tags", []), proposed.get("tags", []), "del"),
                "new": _marked_names(proposed.get("tags", []), current.get("tags", []), "ins"),
            }
        )
    for now, then in zip(current["rows"], proposed["rows"], strict=True):
        row_model = apps.get_model(then["model"])
        before = {o["pk"]: o for o in now["objects"]}
        after = {o["pk"]: o for o in then["objects"]}
        added = [_describe(row_model, o) for pk, o in after.items() if pk not in before]
        removed = [_describe(row_model, o) for pk, o in before.items() if pk not in after]
        changed = [
            {
                "row": _describe(row_model, after[pk]),
                "changes": _field_changes(row_model, before[pk]["fields"], after[pk]["fields"]),
            }
            for pk in after
            if pk in before and before[pk]["fields"] != after[pk]["fields"]
        ]
        if added or removed or changed:
            sections.append(
                {
                    "title": str(row_model._meta.verbose_name_plural).capitalize(),
                    "added": added,
                    "removed": removed,
                    "changed": changed,
                }
            )
    return sections
