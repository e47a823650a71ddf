"""The site search: every published record type, best match first.

The machinery (stored vectors, synonym expansion, trigram matching, the
SQLite fallback) is in ``instruments.search``; this module says which
records are searched and merges them into one list.
"""

from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.utils.translation import pgettext_lazy

from cases.models import Case, Organisation
from insights.models import Activity, InsightArea, Quote
from instruments.models import Instrument, Term
from instruments.search import (
    MIN_LENGTH,
    SearchSpec,
    Vocabulary,
    clean_query,
    find,
    suggest,
)

PAGE_SIZE = 20
MAX_PAGES = 25  # results beyond 500 of one type are not paged through


def specs():
    return [
        SearchSpec(
            pgettext_lazy("result type", "Instrument"),
            "instrument",
            Instrument.objects.published(),
            "name",
            "lead",
            (("name", 3), ("short_name", 2), ("lead", 2), ("body", 1)),
            boost=1.3,
        ),
        SearchSpec(
            pgettext_lazy("result type", "Exempel"),
            "exempel",
            Case.objects.published(),
            "title",
            "lead",
            (("title", 3), ("lead", 2), ("target_group", 2), ("body", 1), ("results", 1)),
            boost=1.1,
        ),
        SearchSpec(
            pgettext_lazy("result type", "Insikt"),
            "insikt",
            InsightArea.objects.published(),
            "title",
            "lead",
            (("title", 3), ("lead", 2), ("body", 1)),
        ),
        SearchSpec(
            pgettext_lazy("result type", "Väg framåt"),
            "vag-framat",
            Activity.objects.published(),
            "title",
            "lead",
            (("title", 3), ("lead", 2), ("body", 1)),
        ),
        SearchSpec(
            pgettext_lazy("result type", "Begrepp"),
            "begrepp",
            Term.objects.published(),
            "term",
            "definition",
            (("term", 3), ("definition", 2)),
            boost=0.9,
        ),
        SearchSpec(
            pgettext_lazy("result type", "Aktör"),
            "aktor",
            Organisation.objects.published(),
            "name",
            "description",
            (("name", 3), ("description", 2)),
            boost=0.8,
        ),
        SearchSpec(
            pgettext_lazy("result type", "Citat"),
            "citat",
            Quote.objects.published(),
            "text",
            "text",
            (("text", 2),),
            boost=0.7,
            prefetch=("insight_area", "activity", "term"),
        ),
    ]


@dataclass
class SearchPage:
    query: str = ""
    truncated: bool = False
    too_short: bool = False
    expansion: list = field(default_factory=list)
    results: list = field(default_factory=list)
    total: int = 0
    types: list = field(default_factory=list)  # (key, label, count, selected)
    page: object = None
    suggestion: str | None = None


def search(raw_query, type_key="", page_number=1):
    query, truncated = clean_query(raw_query)
    outcome = SearchPage(query=query, truncated=truncated)
    if len(query) < MIN_LENGTH:
        outcome.too_short = bool(query)
        return outcome
    vocabulary = Vocabulary.load()
    outcome.expansion = vocabulary.expand(query)
    every = specs()
    keys = {spec.key for spec in every}
    selected = type_key if type_key in keys else ""
    page_number = max(1, min(page_number, MAX_PAGES))
    limit = page_number * PAGE_SIZE
    outcome.results, counts = find(every, query, outcome.expansion, selected, limit)
    outcome.total = counts.get(selected, 0) if selected else sum(counts.values())
    outcome.types = [
        (spec.key, spec.kind, counts.get(spec.key, 0), spec.key == selected) for spec in every
    ]
    paginator = Paginator(range(min(outcome.total, MAX_PAGES * PAGE_SIZE)), PAGE_SIZE)
    outcome.page = paginator.get_page(page_number)
    start = (outcome.page.number - 1) * PAGE_SIZE
    outcome.results = outcome.results[start : start + PAGE_SIZE]
    if not outcome.total:
        titles = Instrument.objects.published().values_list("name", flat=True)
        outcome.suggestion = suggest(query, vocabulary, titles)
    return outcome
