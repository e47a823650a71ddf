"""Cases side by side (/fall/jamfor/) and the calculator (/rakna/).

Both read only GET parameters, validated before they reach the ORM, and
answer a bad address with the page itself, a Swedish message and 400 (a
malformed value, too many cases) or 404 (no published case by that name).
"""

import re
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext
from django.views.generic import TemplateView

from instruments.models import Instrument, citations_prefetch

from .calculator import (
    SCENARIO_LABELS,
    CalculatorForm,
    at_risk_amount,
    guaranteed_amount,
    max_interest,
    max_outcome_payment,
    scenarios,
)
from .deal_terms import DealTermKind, format_number
from .deals import CORE, ORDER, TermGroup, calculator_initial, deal_terms_prefetch, term_groups
from .models import Case

SLUG = re.compile(r"^[-a-zA-Z0-9_]{1,120}$")
MAX_CASES = 4
SUGGESTIONS = 12


class BadAddress(Exception):
    def __init__(self, message, status):
        super().__init__(message)
        self.message, self.status = message, status


def _shown(slug):
    return slug if len(slug) <= 60 else slug[:57] + "…"


def read_slugs(values):
    """The case slugs asked for, once each, in order; a malformed one is a 400."""
    slugs = []
    for value in values:
        value = value.strip()
        if not SLUG.match(value):
            raise BadAddress(
                gettext(
                    "Adressen innehåller ett kortnamn som inte kan finnas: ”%(slug)s”. Ett "
                    "kortnamn består av bokstäver a–z, siffror och bindestreck."
                )
                % {"slug": _shown(value)},
                400,
            )
        if value not in slugs:
            slugs.append(value)
    return slugs


def published_cases(slugs, prefetch):
    """The published cases with these slugs; an unknown one is a 404."""
    found = {
        case.slug: case
        for case in Case.objects.published().filter(slug__in=slugs).prefetch_related(*prefetch)
    }
    missing = [slug for slug in slugs if slug not in found]
    if missing:
        raise BadAddress(
            gettext("Vi hittar inget publicerat exempel med kortnamnet ”%(slug)s”.")
            % {"slug": _shown(missing[0])},
            404,
        )
    return [found[slug] for slug in slugs]


class ErrorAwareView(TemplateView):
    """A page that shows its own Swedish message when the address is bad."""

    def get(self, request, *args, **kwargs):
        try:
            context = self.get_context_data(**kwargs)
        except BadAddress as error:
            context = {**self.empty_context(), "error": error.message}
            return self.render_to_response(context, status=error.status)
        return self.render_to_response(context, status=context.pop("status", 200))

    def empty_context(self):
        return {"view": self}


# -- /fall/jamfor/ -------------------------------------------------------------------

COMPARE_PREFETCH = [
    *Case.card_prefetches(),
    "outcome_metrics",
    deal_terms_prefetch(),
    citations_prefetch(),
]


@dataclass
class Row:
    label: str
    kind: str  # "text", "terms", "metrics", "markdown", "sources" …
    cells: list


class CaseCompareView(ErrorAwareView):
    """Two to four published cases on the same rows. With fewer, a choice of
    cases to add. Columns come in the order of the cases' titles, so that every
    address with the same cases shows the same page (the page cache keys an
    address on its sorted parameters)."""

    template_name = "cases/case_compare.html"
    query_parameters = ("fall",)

    def empty_context(self):
        return {**super().empty_context(), "cases": [], "rows": [], "suggestions": []}

    def get_context_data(self, **kwargs):
        slugs = read_slugs(self.request.GET.getlist("fall"))
        if len(slugs) > MAX_CASES:
            raise BadAddress(
                gettext(
                    "Du kan jämföra högst fyra exempel åt gången. Adressen innehåller %(count)d."
                )
                % {"count": len(slugs)},
                400,
            )
        cases = sorted(published_cases(slugs, COMPARE_PREFETCH), key=lambda c: (c.title, c.slug))
        for case in cases:
            case.term_groups = term_groups(case)
            others = [c.slug for c in cases if c is not case]
            case.remove_query = urlencode([("fall", slug) for slug in others])
        return super().get_context_data(
            cases=cases,
            rows=compare_rows(cases) if len(cases) >= 2 else [],
            suggestions=suggestions(cases),
            max_cases=MAX_CASES,
            **kwargs,
        )


def suggestions(chosen):
    """Published cases to add, those sharing an instrument with the chosen
    first, newest first: a bounded list."""
    if len(chosen) >= MAX_CASES:
        return []
    instruments = {i.pk for case in chosen for i in case.instruments.all()}
    through = Case.instruments.through.objects.filter(
        case=OuterRef("pk"), instrument__in=instruments
    )
    return list(
        Case.objects.published()
        .exclude(pk__in=[c.pk for c in chosen])
        .annotate(related=Exists(through))
        .order_by("-related", "-published_at", "-pk")
        .only("pk", "slug", "title")[:SUGGESTIONS]
    )


def compare_rows(cases):
    """The rows of the comparison: each a label and one (case, value) per case."""

    def row(label, kind, values=None):
        return Row(label, kind, list(zip(cases, values or cases, strict=True)))

    rows = [
        row(gettext("Instrument"), "instruments"),
        row(gettext("Skede"), "stage"),
        row(gettext("Tid"), "dates"),
        row(gettext("Plats"), "places"),
        row(gettext("Målgrupp"), "target_group"),
    ]
    kinds = [
        kind for kind in ORDER if kind in CORE or any(kind in case.term_groups for case in cases)
    ]
    for kind in kinds:
        groups = [case.term_groups.get(kind) or TermGroup(kind) for case in cases]
        rows.append(row(DealTermKind(kind).label, "terms", groups))
    rows += [
        row(gettext("Utfallsmått och resultat"), "metrics"),
        row(gettext("Resultat"), "results"),
        row(gettext("Lärdomar"), "lessons"),
        row(gettext("Källor"), "sources"),
    ]
    return rows


# -- /rakna/ -------------------------------------------------------------------------

DEFAULTS = {"utfall": Decimal(50), "ar": 3}


@dataclass
class Bar:
    label: str
    amount: int
    width: str  # of 100, for the SVG


class CalculatorView(ErrorAwareView):
    """Räkna på ett utfallskontrakt: a GET form; the results are computed by
    cases.calculator and every formula is shown with its figures."""

    template_name = "cases/calculator.html"
    query_parameters = ("fall", *CalculatorForm.INPUTS)

    def empty_context(self):
        form = CalculatorForm()
        return {
            **super().empty_context(),
            "readings": _readings(),
            "form": form,
            "fields": [(form[name], ("own", None)) for name in CalculatorForm.INPUTS],
        }

    def get_context_data(self, **kwargs):
        params = self.request.GET
        case, initial, provenance = None, {}, {}
        slugs = read_slugs(params.getlist("fall"))
        if len(slugs) > 1:
            raise BadAddress(gettext("Välj ett exempel åt gången att räkna på."), 400)
        if slugs:
            (case,) = published_cases(slugs, [deal_terms_prefetch()])
            initial, provenance = calculator_initial(case)
        filled = {name: value for name, value in DEFAULTS.items() if name not in initial}
        initial = {**filled, **initial}
        status = 200
        if any(name in params for name in CalculatorForm.INPUTS):
            form = CalculatorForm(params)
            status = 200 if form.is_valid() else 400
        else:
            form = CalculatorForm(initial=initial)
            complete = CalculatorForm(_as_data(form, initial))
            if complete.is_valid():
                form = complete
        origins = _input_sources(form, provenance, filled)
        context = {
            "form": form,
            "fields": [(form[name], origins[name]) for name in CalculatorForm.INPUTS],
            "case": case,
            "other_terms": _other_terms(case, provenance),
            "readings": _readings(),
            "status": status,
        }
        if form.is_bound and form.is_valid():
            context.update(_results(form.terms(), form.cleaned_data["utfall"]))
        return super().get_context_data(**context, **kwargs)


READINGS = ("sociala-utfallskontrakt", "upphandling-med-fokus-pa-utfall")  # 5.1, 5.4


def _readings():
    """The published instruments of the report's sections on risk (5.1, 5.4)."""
    found = Instrument.objects.published().in_bulk(READINGS, field_name="slug")
    return [found[slug] for slug in READINGS if slug in found]


def _as_data(form, initial):
    return {name: form.fields[name].prepare_value(value) for name, value in initial.items()}


def _input_sources(form, provenance, defaults):
    """For each input, where its value comes from: ``("source", TermGroup)``
    when it is the case's stored term, ``("default", None)`` when it is the
    page's own starting assumption, ``("own", None)`` when the visitor typed it."""
    valid = form.is_bound and form.is_valid()

    def unchanged(name, value):
        if not form.is_bound:
            return True
        return valid and form.cleaned_data.get(name) == value

    sources = {}
    for name in CalculatorForm.INPUTS:
        group = provenance.get(name)
        if group is not None and unchanged(name, _stored(name, group)):
            sources[name] = ("source", group)
        elif name in defaults and unchanged(name, defaults[name]):
            sources[name] = ("default", None)
        else:
            sources[name] = ("own", None)
    return sources


def _stored(name, group):
    return int(group.highest) if name in ("investering", "ar") else group.highest


def _other_terms(case, provenance):
    if case is None:
        return []
    used = {group.kind for group in provenance.values()}
    return [group for kind, group in term_groups(case).items() if kind not in used]


def _results(terms, partial_pct):
    rows = scenarios(terms, partial_pct)
    biggest = max(
        [terms.investment, *(s.payer_total for s in rows)]
        + [s.public_value for s in rows if s.public_value is not None]
    )

    def width(amount):
        if not biggest:
            return "0"
        return f"{Decimal(amount) * 100 / biggest:.1f}"

    shown = []
    for row in rows:
        bars = [Bar(gettext("Betalaren betalar"), row.payer_total, width(row.payer_total))]
        if row.public_value is not None:
            bars.append(Bar(gettext("Offentligt värde"), row.public_value, width(row.public_value)))
        shown.append(
            {
                "scenario": row,
                "label": SCENARIO_LABELS[row.key],
                "outcome": format_number(row.outcome_pct),
                "investor_net": row.investor_net(terms.investment),
                "bars": bars,
            }
        )
    return {
        "terms": terms,
        "guaranteed_pct": format_number(terms.guaranteed_pct),
        "cap_pct": format_number(terms.cap_pct),
        "scenarios": shown,
        "guaranteed": guaranteed_amount(terms),
        "at_risk": at_risk_amount(terms),
        "max_interest": max_interest(terms),
        "max_payment": max_outcome_payment(terms),
        "investment_bar": Bar(
            gettext("Investerat belopp"), terms.investment, width(terms.investment)
        ),
    }
