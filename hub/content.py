"""Load the hub's content from ``fixtures/`` into the database, idempotently.

Each app loads its own records (``instruments.content``, ``insights.content``,
``cases.content``, on the shared base in ``publishing.content``); this runs
them lowest app first, in one transaction, and returns what they created and
changed. A second run changes nothing.
"""

from django.db import transaction

from cases.content import CaseLoader
from insights.content import InsightLoader
from instruments.content import InstrumentLoader
from publishing.content import FIXTURES


@transaction.atomic
def load_content(fixtures=FIXTURES):
    """Load every app's content; the ``publishing.content.Report`` of the run."""
    instruments = InstrumentLoader(fixtures)
    instruments.load()
    insights = InsightLoader(instruments)
    insights.load()
    CaseLoader(instruments, insights).load()
    return instruments.report
