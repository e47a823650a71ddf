"""The case library's facets: django-filter validates every parameter, and each
option is counted against the other facets' selection, from the index in
memory (``cases.facet_index``)."""

from dataclasses import dataclass, field
from urllib.parse import urlencode

import django_filters
from django.db.models import F
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from taggit.models import Tag

from instruments.models import Instrument
from publishing.models import NEWEST, Status
from publishing.tags import public_tags
from publishing.versions import kept_in_process
from search.query import filter_by_search

from .models import Case, County, Municipality, PolicyArea, Sector, Stage

SORTS = {
    "relevans": (_("Bäst träff först"), ["-score", "pk"]),
    "nyast": (_("Senast tillagda först"), NEWEST),
    "titel": (_("Titel A–Ö"), ["title", "pk"]),
    "start": (
        _("Startår, senaste först"),
        [F("start_year").desc(nulls_last=True), "title", "pk"],
    ),
}


@extend_schema_field(OpenApiTypes.STR)
class CodeFilter(django_filters.ModelMultipleChoiceFilter):
    """Several values of one facet, each a slug or an SCB code (OR between them)."""


def named_topics(request):
    """The topics a filter may name: the public ones, looked up only when the
    request names one (the query that knows them costs more to build than
    the rest of the form)."""
    if request is not None and "amne" not in request.GET:
        return Tag.objects.none()
    return public_tags()


class CaseFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", max_length=1000, label=_("Sökord"))
    instrument = CodeFilter(
        field_name="instruments__slug",
        to_field_name="slug",
        queryset=Instrument.objects.published(),
        label=_("Instrument"),
    )
    skede = django_filters.MultipleChoiceFilter(
        field_name="stage", choices=Stage.choices, label=_("Skede")
    )
    lan = CodeFilter(
        field_name="counties__code",
        to_field_name="code",
        queryset=County.objects.all(),
        label=_("Län"),
    )
    kommun = CodeFilter(
        field_name="municipalities__code",
        to_field_name="code",
        queryset=Municipality.objects.all(),
        label=_("Kommun"),
    )
    omrade = CodeFilter(
        field_name="policy_areas__slug",
        to_field_name="slug",
        queryset=PolicyArea.objects.all(),
        label=_("Verksamhetsområde"),
    )
    sektor = django_filters.MultipleChoiceFilter(
        choices=Sector.choices, method="filter_sector", label=_("Aktörernas sektor")
    )
    amne = CodeFilter(
        field_name="tags__slug",
        to_field_name="slug",
        queryset=named_topics,
        label=_("Ämne"),
    )
    fran = django_filters.NumberFilter(
        field_name="start_year",
        lookup_expr="gte",
        min_value=1900,
        max_value=2100,
        label=_("Startår från"),
    )
    till = django_filters.NumberFilter(
        field_name="start_year",
        lookup_expr="lte",
        min_value=1900,
        max_value=2100,
        label=_("Startår till"),
    )
    sortering = django_filters.ChoiceFilter(
        choices=[(key, label) for key, (label, _order) in SORTS.items()],
        method="sort",
        label=_("Sortera"),
    )

    class Meta:
        model = Case
        fields = []

    def filter_sector(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(
            participations__organisation__sector__in=value,
            participations__organisation__status=Status.PUBLISHED,
        ).distinct()

    def search(self, queryset, name, value):
        return filter_by_search(queryset, value)

    def sort(self, queryset, name, value):
        if value == "relevans" and "score" not in queryset.query.annotations:
            value = "nyast"  # nothing to rank by without a search
        return queryset.order_by(*SORTS[value][1])

    @property
    def qs(self):
        queryset = super().qs
        if not self.form.cleaned_data.get("sortering"):
            queryset = self.sort(queryset, "sortering", "relevans")
        return queryset


@dataclass
class Option:
    value: str
    label: str
    count: int
    checked: bool


@dataclass
class Facet:
    name: str
    label: str
    options: list = field(default_factory=list)

    @property
    def selected(self):
        return [option for option in self.options if option.checked]


# param → (lookup of the value, lookup of its label or None for choices, choices)
FACETS = {
    "instrument": ("instruments__slug", "instruments__name", None),
    "skede": ("stage", None, Stage),
    "lan": ("counties__code", "counties__name", None),
    "kommun": ("municipalities__code", "municipalities__name", None),
    "omrade": ("policy_areas__slug", "policy_areas__name", None),
    "sektor": ("participations__organisation__sector", None, Sector),
    "amne": ("tags__slug", "tags__name", None),
}


# Short vocabularies whose options show even when they would give no case.
@kept_in_process
def always_shown():
    return {
        "instrument": list(Instrument.objects.published().values_list("slug", "name")),
        "omrade": list(PolicyArea.objects.values_list("slug", "name")),
    }


def selection(filterset, index):
    """The bits (``cases.facet_index``) of the cases each filter in use lets
    through: {filter name: bits}."""
    chosen = {}
    filterset.is_valid()  # a field with an error is left out, as in filterset.qs
    for name, value in filterset.form.cleaned_data.items():
        if name == "sortering" or value is None or (hasattr(value, "__len__") and not len(value)):
            continue  # not in use (an empty list of choices is a query set)
        if name == "q":
            matching = filterset.filters["q"].filter(Case.objects.published(), value)
            chosen[name] = index.of(matching.values_list("pk", flat=True))
        elif name in ("fran", "till"):
            first, last = (value, None) if name == "fran" else (None, value)
            chosen[name] = index.years_between(first, last)
        else:
            key = FACETS[name][0].split("__")[-1]
            values = [v if isinstance(v, str) else getattr(v, key) for v in value]
            chosen[name] = index.any_of(name, values)
    return chosen


def selected_cases(chosen, index, but=None):
    """The cases every filter in use (except ``but``) lets through."""
    bits = index.everything
    for name, cases in chosen.items():
        if name != but:
            bits &= cases
    return bits


def build_facets(filterset, index, chosen, names=tuple(FACETS)):
    """Every facet (or those ``names``) with its options and how many cases
    each option would give, counted against the selection in all the other
    facets (``chosen``, from ``selection``), from the index in memory."""
    cleaned = filterset.form.cleaned_data
    facets = []
    for name in names:
        _value_lookup, _label_lookup, choices = FACETS[name]
        others = selected_cases(chosen, index, but=name)
        if choices is not None:
            selected = set(cleaned.get(name) or [])
            options = [
                Option(value, label, index.count(others, name, value), value in selected)
                for value, label in choices.choices
            ]
        else:
            key = FACETS[name][0].split("__")[-1]
            labels = index.labels[name]
            counts = {
                value: (labels[value], count)
                for value in index.bits[name]
                if (count := index.count(others, name, value))
            }
            selected = {getattr(obj, key): str(obj) for obj in cleaned.get(name) or []}
            for value, label in selected.items():
                counts.setdefault(value, (label, 0))
            for value, label in always_shown().get(name, ()):
                counts.setdefault(value, (label, 0))
            options = sorted(
                (
                    Option(value, label, count, value in selected)
                    for value, (label, count) in counts.items()
                ),
                key=lambda option: option.label.casefold(),
            )
        for option in options:  # tags are written in lower case, names are not
            option.label = capfirst(option.label)
        facets.append(Facet(name, filterset.filters[name].label, options))
    return facets


@dataclass
class Chip:
    label: str
    query: str  # the query string without this filter


def selected_chips(filterset, facets, query):
    """A removable chip for every filter in use, each linking to the page without it."""

    def without(name, value=None):
        """The query string without this filter, or without this value of it."""
        remaining = [
            (key, v)
            for key, values in query.lists()
            for v in values
            if key != "sida" and not (key == name and value in (None, v))
        ]
        return "?" + urlencode(remaining) if remaining else ""

    chips = [
        Chip(f"{facet.label}: {option.label}", without(facet.name, option.value))
        for facet in facets
        for option in facet.selected
    ]
    cleaned = filterset.form.cleaned_data
    if cleaned.get("q"):
        chips.insert(0, Chip(f"{filterset.filters['q'].label}: {cleaned['q']}", without("q")))
    for name in ("fran", "till"):
        if cleaned.get(name) is not None:
            label = f"{filterset.filters[name].label} {int(cleaned[name])}"
            chips.append(Chip(label, without(name)))
    return chips
