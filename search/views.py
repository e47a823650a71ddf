"""/sok/: one search across every published record type, best match first."""

from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.utils.translation import gettext, ngettext
from django.views.generic import TemplateView

from . import query as matching
from .query import MIN_LENGTH, clean_query, find, suggest
from .registry import searchable_models
from .vocabulary import vocabulary

PAGE_SIZE = 20
MAX_PAGES = matching.POOL // PAGE_SIZE  # no more results of a type are scored


class MoreThan(int):
    """A count that reached the cap (``POOL`` + 1): a number for plural forms,
    and "fler än 500" where it is written out."""

    def __str__(self):
        return gettext("fler än %(count)s") % {"count": matching.POOL}


def shown(count):
    return MoreThan(count) if count > matching.POOL else count


@dataclass
class SearchPage:
    query: str = ""
    truncated: bool = False
    too_short: bool = False
    expansion: list = field(default_factory=list)
    results: list = field(default_factory=list)
    total: int = 0  # a MoreThan when there are more than POOL
    pool: int = 0  # the most that are counted (search.query.POOL)
    types: list = field(default_factory=list)  # (key, label with count, count, selected)
    all_label: str = ""
    page: object = None
    suggestion: str | None = None


def search(raw_query, type_key="", page_number=1):
    query, truncated = clean_query(raw_query)
    outcome = SearchPage(query=query, truncated=truncated, pool=matching.POOL)
    if len(query) < MIN_LENGTH:
        outcome.too_short = bool(query)
        return outcome
    known = vocabulary()
    outcome.expansion = known.expand(query)
    specs = [model.search_result for model in searchable_models()]
    selected = type_key if type_key in {spec.key for spec in specs} else ""
    page_number = max(1, min(page_number, MAX_PAGES))
    outcome.results, counts = find(query, outcome.expansion, selected, page_number * PAGE_SIZE)
    counts = {kind: shown(count) for kind, count in counts.items()}
    every = shown(sum(counts.values()))
    outcome.total = counts.get(selected, 0) if selected else every
    outcome.types = [
        (spec.key, spec.counted_label(count), count, spec.key == selected)
        for spec, count in ((spec, counts.get(spec.key, 0)) for spec in specs)
    ]
    outcome.all_label = ngettext("Alla (%(count)s)", "Alla (%(count)s)", every) % {"count": every}
    paginator = Paginator(range(min(outcome.total, MAX_PAGES * PAGE_SIZE)), PAGE_SIZE)
    outcome.page = paginator.get_page(page_number)
    start = (outcome.page.number - 1) * PAGE_SIZE
    outcome.results = outcome.results[start : start + PAGE_SIZE]
    if not outcome.total:
        outcome.suggestion = suggest(query, known)
    return outcome


class SearchView(TemplateView):
    template_name = "search/search.html"
    query_parameters = ("q", "typ", "sida")

    def get_context_data(self, **kwargs):
        params = self.request.GET
        try:
            page_number = int(params.get("sida", "1"))
        except ValueError:
            page_number = 1
        outcome = search(params.get("q", ""), params.get("typ", ""), page_number)
        return super().get_context_data(search=outcome, search_query=outcome.query, **kwargs)
