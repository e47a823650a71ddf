"""Seed the database with the hub's content from ``fixtures/``.

Each app loads its own records (``instruments.content``, ``insights.content``,
``cases.content``, on the shared base in ``publishing.content``); this runs
them lowest app first, in one transaction, and returns what they created and
left alone. It only adds what is missing: a second run creates nothing, and
no run changes or deletes a record curators have, or brings back one they
deleted. ``reset=True`` (development only) sets every record back to the
fixtures instead.
"""

from django.db import transaction

from cases.content import CaseLoader
from insights.content import InsightLoader
from instruments.content import InstrumentLoader
from publishing.content import FIXTURES


@transaction.atomic
def load_content(fixtures=FIXTURES, *, reset=False):
    """Load every app's content; the ``publishing.content.Report`` of the run."""
    instruments = InstrumentLoader(fixtures, reset=reset)
    instruments.load()
    insights = InsightLoader(instruments)
    insights.load()
    CaseLoader(instruments, insights).load()
    return instruments.report
