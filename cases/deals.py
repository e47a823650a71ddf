"""Deal terms as the pages show them: the "Pengar och risk" box on a case
page, the rows of the case comparison and the calculator's inputs from a
case. The rows come from one prefetch (``deal_terms_prefetch``); nothing here
queries the database per row.
"""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django import forms
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from publishing.models import Status

from .deal_terms import UNITS, DealTerm, DealTermKind, Unit, format_number

# The box's rows, in the order an upphandlare asks: who paid in and how much,
# what of it was at risk, the cap, the most that could be paid, what was paid.
CORE = [
    DealTermKind.UPFRONT_CAPITAL,
    DealTermKind.GUARANTEED_SHARE,
    DealTermKind.CONTINGENT_SHARE,
    DealTermKind.RETURN_CAP,
    DealTermKind.MAX_OUTCOME_PAYMENT,
    DealTermKind.PAYMENTS_MADE,
]
OPTIONAL = [
    DealTermKind.RETURN_FLOOR,
    DealTermKind.TERM_YEARS,
    DealTermKind.RISK_INVESTOR,
    DealTermKind.RISK_PROVIDER,
    DealTermKind.RISK_PAYER,
    DealTermKind.PAYMENT_TRIGGER,
]
ORDER = CORE[:4] + [DealTermKind.RETURN_FLOOR] + CORE[4:] + OPTIONAL[1:]

UNIT_SUFFIX = {Unit.KRONOR: " kr", Unit.PERCENT: " %", Unit.YEARS: " år"}


def public_deal_terms():
    """Deal terms whose source is public, with what a page shows of them."""
    return (
        DealTerm.objects.filter(publication__status=Status.PUBLISHED)
        .select_related("publication", "organisation")
        .order_by("order", "pk")
    )


def deal_terms_prefetch(lookup="deal_terms"):
    return Prefetch(lookup, queryset=public_deal_terms())


@dataclass
class TermGroup:
    """Every row of one kind of term in one case: one value, or where the
    sources disagree a range with each source."""

    kind: str
    rows: list = field(default_factory=list)

    @property
    def label(self):
        return DealTermKind(self.kind).label

    @property
    def unit(self):
        return UNITS[self.kind]

    @property
    def values(self):
        return [row.value for row in self.rows if row.value is not None]

    @property
    def disputed(self):
        return any(row.disputed for row in self.rows) and len(set(self.values)) > 1

    @property
    def known(self):
        return bool(self.values)

    @property
    def summary(self):
        """The headline: ``upp till 10 000 000 kr``, or ``7 500 000–10 000 000 kr``
        when the sources disagree; empty when no source gives a value."""
        if not self.values:
            return ""
        suffix = UNIT_SUFFIX.get(self.unit, "")
        if self.disputed:
            low, high = min(self.values), max(self.values)
            return f"{format_number(low)}–{format_number(high)}{suffix}"
        shown = []
        for row in self.rows:
            if row.value is not None and row.value_display not in shown:
                shown.append(row.value_display)
        return "; ".join(shown)

    @property
    def by_value(self):
        """Each value with the sources that give it: [(``upp till 10 000 000 kr``,
        [publisher or title, …])], for the short line under a disputed value."""
        parts = {}
        for row in self.rows:
            if row.value is not None:
                source = row.publication.publisher or row.publication.title
                names = parts.setdefault(row.value_display, [])
                if source not in names:
                    names.append(source)
        return list(parts.items())

    @property
    def texts(self):
        return [row.text for row in self.rows if row.text]

    @property
    def highest(self):
        return max(self.values) if self.values else None

    @property
    def organisations(self):
        seen = []
        for row in self.rows:
            org = row.organisation
            if org is not None and org.status == Status.PUBLISHED and org not in seen:
                seen.append(org)
        return seen


def term_groups(case):
    """The case's deal terms by kind, in the box's order: {kind: TermGroup}."""
    groups = {}
    for row in case.deal_terms.all():
        groups.setdefault(row.kind, TermGroup(row.kind)).rows.append(row)
    return {kind: groups[kind] for kind in ORDER if kind in groups}


@dataclass
class MoneyBox:
    rows: list  # (kind, TermGroup or an empty one)
    paying_metrics: list
    followed_metrics: list

    @property
    def disputed(self):
        return any(group.disputed for _kind, group in self.rows)


def money_box(case):
    """What "Pengar och risk" shows, or ``None`` when no source gives terms."""
    groups = term_groups(case)
    if not groups:
        return None
    rows = [(kind, groups.get(kind) or TermGroup(kind)) for kind in CORE]
    rows[4:4] = [(k, groups[k]) for k in [DealTermKind.RETURN_FLOOR] if k in groups]
    rows += [(k, groups[k]) for k in OPTIONAL[1:] if k in groups]
    metrics = list(case.outcome_metrics.all())
    return MoneyBox(
        rows=rows,
        paying_metrics=[m for m in metrics if m.pays_out is True],
        followed_metrics=[m for m in metrics if m.pays_out is False],
    )


# -- the calculator's inputs from a case ------------------------------------------

# calculator field → the deal term it is taken from
CALCULATOR_SOURCES = {
    "investering": DealTermKind.UPFRONT_CAPITAL,
    "garanti": DealTermKind.GUARANTEED_SHARE,
    "tak": DealTermKind.RETURN_CAP,
    "ar": DealTermKind.TERM_YEARS,
}


def calculator_initial(case):
    """The calculator's inputs that the case's sources give: ({field: value},
    {field: TermGroup}). Where the sources disagree the highest value is used
    (the commitment, "upp till"), and the page says so."""
    groups = term_groups(case)
    initial, provenance = {}, {}
    for name, kind in CALCULATOR_SOURCES.items():
        group = groups.get(kind)
        if group is None or not group.known:
            continue
        value = group.highest
        if name in ("investering", "ar"):
            if value != value.to_integral_value():
                continue
            value = int(value)
        initial[name], provenance[name] = value, group
    return initial, provenance


# -- the curator's form ------------------------------------------------------------

_GROUPING = str.maketrans("", "", " \u00a0\u202f\u2009")


class TermValueField(forms.DecimalField):
    """A value as a curator types it: "10 000 000", "10 000 000 kr", "12,5 %", "−20"."""

    default_error_messages = {
        "invalid": _("Skriv värdet med siffror, till exempel 10 000 000 eller 12,5."),
    }

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip()
            for suffix in ("kr", ":-", "%", "procent", "år"):
                value = value.removesuffix(suffix).strip()
            value = value.translate(_GROUPING).replace("\u2212", "-").replace(",", ".")
            if not value:
                return None
            try:
                number = Decimal(value)
            except InvalidOperation:
                raise forms.ValidationError(
                    self.error_messages["invalid"], code="invalid"
                ) from None
            if not number.is_finite():
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
            return number
        return super().to_python(value)

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return format_number(value).replace("\u00a0", " ").replace("−", "-")
        return super().prepare_value(value)


class DealTermForm(forms.ModelForm):
    value = TermValueField(
        label=DealTerm._meta.get_field("value").verbose_name,
        help_text=DealTerm._meta.get_field("value").help_text,
        required=False,
        max_digits=15,
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "amount-input"}),
    )

    class Meta:
        model = DealTerm
        fields = [
            "kind",
            "qualifier",
            "value",
            "organisation",
            "text",
            "publication",
            "locator",
            "disputed",
            "order",
        ]
