"""The case library's facets as they were counted before the index in memory:
one SQL query per facet. Kept as the reference the index must agree with."""

from django.db.models import Count
from django.utils.text import capfirst

from cases.filters import FACETS, Facet, Option, always_shown
from cases.models import Case
from publishing.models import Status


def year_counts(queryset):
    rows = (
        queryset.filter(start_year__isnull=False)
        .order_by()
        .values("start_year")
        .annotate(n=Count("pk", distinct=True))
    )
    return {row["start_year"]: row["n"] for row in rows}


def sql_facets(filterset, base_queryset, names=tuple(FACETS)):
    """Every facet (or those ``names``) with its options and how many cases
    each option would give, counted against the selection in all the other
    facets: one query per facet."""
    cleaned = filterset.form.cleaned_data
    facets = []
    for name in names:
        value_lookup, label_lookup, choices = FACETS[name]
        selected = base_queryset
        for other, value in cleaned.items():
            if other not in (name, "sortering"):
                selected = filterset.filters[other].filter(selected, value)
        # The selection as a semi-join, so that the other facets' joins never
        # repeat a case: then one row per case and value is one case, counted
        # without a DISTINCT (which sorts every row) unless the facet's own path
        # can reach a value twice (two organisations of one sector).
        queryset = Case.objects.filter(pk__in=selected.order_by().values("pk"))
        if name == "instrument":
            queryset = queryset.filter(instruments__status=Status.PUBLISHED)
        if name == "sektor":
            queryset = queryset.filter(participations__organisation__status=Status.PUBLISHED)
        lookups = [value_lookup] + ([label_lookup] if label_lookup else [])
        repeats = value_lookup.count("__") > 1
        rows = queryset.order_by().values(*lookups).annotate(n=Count("pk", distinct=repeats))
        counts = {row[value_lookup]: (row.get(label_lookup), row["n"]) for row in rows}
        if choices is not None:
            selected = set(cleaned.get(name) or [])
            options = [
                Option(value, label, counts.get(value, (None, 0))[1], value in selected)
                for value, label in choices.choices
            ]
        else:
            key = value_lookup.split("__")[-1]
            selected = {getattr(obj, key): str(obj) for obj in cleaned.get(name) or []}
            for value, label in selected.items():
                counts.setdefault(value, (label, 0))
            if name in always_shown():
                for value, label in always_shown()[name]:
                    counts.setdefault(value, (label, 0))
            options = sorted(
                (
                    Option(value, label, count, value in selected)
                    for value, (label, count) in counts.items()
                    if value is not None
                ),
                key=lambda option: option.label.casefold(),
            )
        for option in options:  # tags are written in lower case, names are not
            option.label = capfirst(option.label)
        facets.append(Facet(name, filterset.filters[name].label, options))
    return facets
