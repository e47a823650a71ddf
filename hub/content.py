"""Seed the database with the hub's content from ``fixtures/``.

Each app loads its own records (``instruments.content``, ``insights.content``,
``cases.content``, on the shared base in ``publishing.content``); this runs
them lowest app first, in one transaction, and returns what they created and
left alone. It only adds what is missing: a second run creates nothing, and
no run changes or deletes a record curators have, or brings back one they
deleted. ``reset=True`` (development only) sets every record back to the
fixtures instead.
"""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from cases.content import CaseLoader
from insights.content import InsightLoader
from instruments.content import InstrumentLoader
from instruments.models import Citation
from publishing.content import FIXTURES
from search.documents import rebuild as rebuild_search_documents


@transaction.atomic
def load_content(fixtures=FIXTURES, *, reset=False, corrections=False):
    """Load every app's content; the ``publishing.content.Report`` of the run.

    ``corrections=True`` first applies ``fixtures/corrections.yaml`` to the
    records an earlier version of the fixtures seeded (see ``apply_corrections``).
    """
    instruments = InstrumentLoader(fixtures, reset=reset)
    if corrections:
        apply_corrections(instruments)
    instruments.load()
    insights = InsightLoader(instruments)
    insights.load()
    CaseLoader(instruments, insights).load()
    rebuild_search_documents()  # some rows go in with bulk writes, which send no signals
    return instruments.report


def apply_corrections(loader):
    """Correct seeded records where they still hold exactly what the fixtures
    once said: a field is set to its new value only when it has its old one,
    a row is deleted and a citation removed only while the record has it as
    seeded. Each change is saved through the model, so its history records
    it; a curator's edit is never overwritten. Counted in ``corrected``."""
    report = loader.report
    for item in loader.read("corrections.yaml") or []:
        model = apps.get_model(item["model"])
        obj = model.objects.filter(**item["match"]).first()
        if obj is None:
            continue
        if item.get("delete"):
            obj.delete()
            report.count(report.corrected, model)
            continue
        changed = False
        for name, values in (item.get("fields") or {}).items():
            current = getattr(obj, name)
            if isinstance(current, str):
                current = current.strip()
            if current == values["old"]:
                setattr(obj, name, values["new"])
                changed = True
        if changed:
            obj.full_clean()
            obj.save()
            report.count(report.corrected, model)
        for source in item.get("remove_citations") or []:
            citations = Citation.objects.filter(
                content_type=ContentType.objects.get_for_model(model),
                object_id=obj.pk,
                publication__slug=source["pub"],
                locator=source.get("at", ""),
            )
            for citation in citations:
                citation.delete()
                report.count(report.corrected, Citation)
