"""Räkna på ett utfallskontrakt: how money flows between the public payer,
the investor and the provider under an outcome contract, in whole kronor.

The model (documented for readers in docs/calculator.md):

1. The investor puts up the capital at the start (year 0); the provider
   uses it to run the intervention.
2. At the end of the contract (year *n*) the payer pays back the guaranteed
   share of the capital whatever the outcome.
3. The rest of the capital, and the return up to its cap, is paid in
   proportion to the outcome reached (as a share of the target): nothing at
   0 %, all of it at 100 %. More than the target pays no more.
4. The public value (savings) at the full outcome is spread evenly over the
   contract's years and scales with the outcome in the same way.

Every amount is rounded to whole kronor (half up) where it is computed, and
every total is the sum of the rounded amounts shown, so the page adds up.
Illustrative only: no discounting, taxes, fees, thresholds or payment per
outcome unit.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _

from publishing.forms import AmountField

HUNDRED = Decimal(100)
MAX_AMOUNT = 10**13  # ten thousand billion kronor: beyond any public budget
MAX_YEARS = 30


def kronor(value):
    """A Decimal rounded to whole kronor, half up (0,5 kr → 1 kr)."""
    return int(Decimal(value).quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class Terms:
    investment: int  # kr, put up by the investor at the start
    guaranteed_pct: Decimal  # share of the capital paid back whatever the outcome
    cap_pct: Decimal  # highest return on the capital, at the full outcome
    years: int  # the contract's length; payments fall due at its end
    savings: int | None = None  # public value at the full outcome, over all years


@dataclass(frozen=True)
class Scenario:
    key: str
    outcome_pct: Decimal
    guaranteed: int
    contingent: int
    interest: int
    public_value: int | None
    years: int

    @property
    def payer_total(self):
        return self.guaranteed + self.contingent + self.interest

    @property
    def investor_back(self):
        return self.payer_total

    def investor_net(self, investment):
        return self.payer_total - investment

    @property
    def public_net(self):
        if self.public_value is None:
            return None
        return self.public_value - self.payer_total

    @property
    def value_per_year(self):
        if self.public_value is None:
            return None
        return kronor(Decimal(self.public_value) / self.years)


def guaranteed_amount(terms):
    """Garanterad återbetalning = investering × garanterad andel."""
    return kronor(terms.investment * terms.guaranteed_pct / HUNDRED)


def at_risk_amount(terms):
    """Kapital med risk = investering − garanterad återbetalning."""
    return terms.investment - guaranteed_amount(terms)


def max_interest(terms):
    """Högsta avkastning = investering × tak för avkastningen."""
    return kronor(terms.investment * terms.cap_pct / HUNDRED)


def max_outcome_payment(terms):
    """Högsta utfallsbetalning = kapital med risk + högsta avkastning."""
    return at_risk_amount(terms) + max_interest(terms)


def scenario(terms, key, outcome_pct):
    """One outcome: what the payer pays, the investor gets and the public gains."""
    share = Decimal(outcome_pct) / HUNDRED
    value = None if terms.savings is None else kronor(terms.savings * share)
    return Scenario(
        key=key,
        outcome_pct=Decimal(outcome_pct),
        guaranteed=guaranteed_amount(terms),
        contingent=kronor(at_risk_amount(terms) * share),
        interest=kronor(max_interest(terms) * share),
        public_value=value,
        years=terms.years,
    )


NOT_REACHED, PARTLY, FULLY = "not_reached", "partly", "fully"
SCENARIO_LABELS = {
    NOT_REACHED: _("Målet nås inte"),
    PARTLY: _("Målet nås delvis"),
    FULLY: _("Målet nås helt"),
}


def scenarios(terms, partial_pct):
    """Not reached (0 %), partly (the visitor's share) and fully (100 %)."""
    return [
        scenario(terms, NOT_REACHED, Decimal(0)),
        scenario(terms, PARTLY, Decimal(partial_pct)),
        scenario(terms, FULLY, HUNDRED),
    ]


# -- the form ---------------------------------------------------------------------

_GROUPING = str.maketrans("", "", " \u00a0\u202f\u2009")


class PercentField(forms.DecimalField):
    """A share in percent as people write it: "40", "40 %", "12,5"."""

    default_error_messages = {
        "invalid": _("Skriv andelen som ett tal i procent, till exempel 40 eller 12,5."),
        "min_value": _("Andelen kan inte vara negativ."),
        "max_value": _("Andelen kan inte vara mer än 100 procent."),
        "max_decimal_places": _("Skriv högst två decimaler."),
        "max_digits": _("Skriv ett tal mellan 0 och 100."),
        "max_whole_digits": _("Skriv ett tal mellan 0 och 100."),
        "required": _("Fyll i en andel i procent."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", Decimal(0))
        kwargs.setdefault("max_value", HUNDRED)
        kwargs.setdefault("max_digits", 5)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("localize", True)
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "decimal", "class": "number-input"})

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().removesuffix("%").removesuffix("procent").translate(_GROUPING)
            value = value.replace("\u2212", "-").replace(",", ".")
            if value in ("", "-"):
                return None if value == "" else self._invalid()
            try:
                return Decimal(value) if Decimal(value).is_finite() else self._invalid()
            except InvalidOperation:
                self._invalid()
        return super().to_python(value)

    def _invalid(self):
        raise forms.ValidationError(self.error_messages["invalid"], code="invalid")

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return f"{value.normalize():f}".replace(".", ",")
        return super().prepare_value(value)


class KronorField(AmountField):
    """An amount in whole kronor, "12 000 000" or "12 000 000 kr"."""

    default_error_messages = {
        "invalid": _("Skriv beloppet i hela kronor med siffror, till exempel 10 000 000."),
        "min_value": _("Beloppet kan inte vara negativt."),
        "max_value": _("Beloppet är för stort för kalkylatorn."),
        "required": _("Fyll i ett belopp i kronor."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("max_value", MAX_AMOUNT)
        super().__init__(**kwargs)


class CalculatorForm(forms.Form):
    """The calculator's inputs, read from the address (GET)."""

    investering = KronorField(
        label=_("Investerat belopp (kr)"),
        help_text=_("Kapitalet som investeraren sätter in vid starten."),
    )
    garanti = PercentField(
        label=_("Garanterad andel (%)"),
        help_text=_("Den del av kapitalet som betalaren betalar tillbaka oavsett utfall."),
    )
    tak = PercentField(
        label=_("Tak för avkastningen (%)"),
        help_text=_("Den högsta avkastningen på kapitalet, när målet nås helt."),
    )
    utfall = PercentField(
        label=_("Utfall när målet nås delvis (% av målet)"),
        help_text=_("Hur stor del av målet som nås i mellanscenariot."),
    )
    besparing = KronorField(
        label=_("Offentligt värde vid fullt utfall (kr)"),
        required=False,
        help_text=_(
            "Besparingen eller värdet för det offentliga under hela avtalstiden om målet nås "
            "helt. Frivilligt: utan det visas inte nettot för den offentliga sidan."
        ),
    )
    ar = forms.IntegerField(
        label=_("Avtalstid (år)"),
        min_value=1,
        max_value=MAX_YEARS,
        help_text=_("Betalningarna görs när avtalstiden är slut."),
        error_messages={
            "invalid": _("Skriv antalet år som ett heltal, till exempel 3."),
            "min_value": _("Avtalstiden är minst 1 år."),
            "max_value": _("Kalkylatorn räknar på högst 30 år."),
            "required": _("Fyll i avtalstiden i år."),
        },
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "number-input"}),
    )

    INPUTS = ("investering", "garanti", "tak", "utfall", "besparing", "ar")

    def terms(self):
        data = self.cleaned_data
        return Terms(
            investment=data["investering"],
            guaranteed_pct=data["garanti"],
            cap_pct=data["tak"],
            years=data["ar"],
            savings=data.get("besparing"),
        )
