"""A case's deal terms: who put up the money, what share of it was at risk,
the cap, the maximum payment and what was paid, each value with its source.

One row is one value as one source gives it. Two rows of the same kind are
two sources: when they agree the value is shown once with both citations;
when a curator marks them as disputed the value is shown as a range with
every source ("källorna går isär"). A value a source does not give is left
empty (null), never 0.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from instruments.models import Publication
from publishing.models import choice_constraint

from .organisations import Organisation


class Unit(models.TextChoices):
    KRONOR = "kr", _("kronor")
    PERCENT = "%", _("procent")
    YEARS = "years", _("år")
    TEXT = "text", _("text")


class DealTermKind(models.TextChoices):
    """The terms of a deal, named as in INDIGO where the concept is the same
    (hub.opendata.indigo)."""

    UPFRONT_CAPITAL = "upfront_capital", _("Kapital i förskott")
    GUARANTEED_SHARE = "guaranteed_share", _("Garanterad andel")
    CONTINGENT_SHARE = "contingent_share", _("Utfallsberoende andel")
    RETURN_CAP = "return_cap", _("Tak för avkastningen")
    RETURN_FLOOR = "return_floor", _("Golv för avkastningen")
    MAX_OUTCOME_PAYMENT = "max_outcome_payment", _("Högsta utfallsbetalning")
    PAYMENTS_MADE = "payments_made", _("Utfallsbetalningar som gjorts")
    TERM_YEARS = "term_years", _("Löptid")
    PAYMENT_TRIGGER = "payment_trigger", _("Vad som utlöser betalning")
    RISK_INVESTOR = "risk_investor", _("Investerarens risk")
    RISK_PROVIDER = "risk_provider", _("Utförarens risk")
    RISK_PAYER = "risk_payer", _("Den offentliga betalarens risk")


UNITS = {
    DealTermKind.UPFRONT_CAPITAL: Unit.KRONOR,
    DealTermKind.GUARANTEED_SHARE: Unit.PERCENT,
    DealTermKind.CONTINGENT_SHARE: Unit.PERCENT,
    DealTermKind.RETURN_CAP: Unit.PERCENT,
    DealTermKind.RETURN_FLOOR: Unit.PERCENT,
    DealTermKind.MAX_OUTCOME_PAYMENT: Unit.KRONOR,
    DealTermKind.PAYMENTS_MADE: Unit.KRONOR,
    DealTermKind.TERM_YEARS: Unit.YEARS,
    DealTermKind.PAYMENT_TRIGGER: Unit.TEXT,
    DealTermKind.RISK_INVESTOR: Unit.PERCENT,
    DealTermKind.RISK_PROVIDER: Unit.PERCENT,
    DealTermKind.RISK_PAYER: Unit.PERCENT,
}

# A return may be negative (a floor of −20 %); shares lie between 0 and 100.
RETURNS = [DealTermKind.RETURN_CAP, DealTermKind.RETURN_FLOOR]
SHARES = [k for k, unit in UNITS.items() if unit == Unit.PERCENT and k not in RETURNS]
AMOUNTS = [k for k, unit in UNITS.items() if unit == Unit.KRONOR]
YEARS = [k for k, unit in UNITS.items() if unit == Unit.YEARS]
TEXTS = [k for k, unit in UNITS.items() if unit == Unit.TEXT]


class Qualifier(models.TextChoices):
    EXACT = "exact", _("exakt")
    UP_TO = "up_to", _("upp till")
    AT_LEAST = "at_least", _("minst")
    ABOUT = "about", _("omkring")


def _values(kinds):
    return [str(k) for k in kinds]


class DealTerm(models.Model):
    """One term of a case's deal, as one source gives it."""

    Kind = DealTermKind
    Qualifier = Qualifier

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="deal_terms")
    kind = models.CharField(_("villkor"), max_length=30, choices=DealTermKind.choices)
    qualifier = models.CharField(
        _("precision"),
        max_length=10,
        choices=Qualifier.choices,
        default=Qualifier.EXACT,
        help_text=_("”Upp till” när källan anger ett tak, ”minst” när den anger ett golv."),
    )
    value = models.DecimalField(
        _("värde"),
        max_digits=15,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_(
            "Belopp i hela kronor, andelar och avkastning i procent, löptid i år. Lämna tomt "
            "om källan inte anger något värde: okänt är inte noll."
        ),
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("aktör"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="deal_terms",
        help_text=_("Vem som satte in kapitalet eller bär risken, om källan säger det."),
    )
    text = models.CharField(
        _("vad källan säger"),
        max_length=300,
        blank=True,
        help_text=_("Kort, med egna ord. Visas bredvid värdet."),
    )
    publication = models.ForeignKey(
        Publication,
        verbose_name=_("källa"),
        on_delete=models.PROTECT,
        related_name="deal_terms",
        help_text=_("Varje värde har sin källa."),
    )
    locator = models.CharField(
        _("var i källan"), max_length=120, blank=True, help_text=_("Till exempel ”avsnitt 5.1”.")
    )
    disputed = models.BooleanField(
        _("källorna går isär"),
        default=False,
        help_text=_(
            "Markera på varje rad med samma villkor när källorna anger olika värden. Då visas "
            "spannet med alla källor, inte en enda siffra."
        ),
    )
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("villkor för pengar och risk")
        verbose_name_plural = _("pengar och risk")
        ordering = ["case", "order", "pk"]
        constraints = [
            choice_constraint("kind", DealTermKind, "dealterm_kind_valid"),
            choice_constraint("qualifier", Qualifier, "dealterm_qualifier_valid"),
            models.CheckConstraint(
                condition=Q(value__isnull=True)
                | (Q(kind__in=_values(AMOUNTS)) & Q(value__gte=0))
                | (Q(kind__in=_values(SHARES)) & Q(value__gte=0, value__lte=100))
                | (Q(kind__in=_values(RETURNS)) & Q(value__gte=-100, value__lte=1000))
                | (Q(kind__in=_values(YEARS)) & Q(value__gt=0, value__lte=100)),
                name="dealterm_value_in_range",
            ),
        ]

    def __str__(self):
        label = self.get_kind_display()
        return f"{label}: {self.value_display}" if self.value is not None else label

    @property
    def unit(self):
        return UNITS[self.kind]

    @property
    def value_display(self):
        """The value as a Swedish reader writes it, with its qualifier:
        ``upp till 10 000 000 kr``, ``40 %``, ``minst 50 %``; empty if unknown."""
        if self.value is None:
            return ""
        number = format_number(self.value)
        unit = {Unit.KRONOR: " kr", Unit.PERCENT: " %", Unit.YEARS: " år"}.get(self.unit, "")
        prefix = "" if self.qualifier == Qualifier.EXACT else f"{self.get_qualifier_display()} "
        return f"{prefix}{number}{unit}"

    def clean(self):
        errors = {}
        if self.kind not in UNITS:
            return
        unit = UNITS[self.kind]
        value = self.value
        if unit == Unit.TEXT and value is not None:
            errors["value"] = _("Det här villkoret har inget värde; skriv det i texten.")
        elif value is not None and unit == Unit.KRONOR:
            if value < 0:
                errors["value"] = _("Ett belopp kan inte vara negativt.")
            elif value != value.to_integral_value():
                errors["value"] = _("Skriv beloppet i hela kronor.")
        elif value is not None and self.kind in SHARES and not 0 <= value <= 100:
            errors["value"] = _("En andel ligger mellan 0 och 100 procent.")
        elif value is not None and self.kind in RETURNS and not -100 <= value <= 1000:
            errors["value"] = _("Avkastningen anges i procent, mellan −100 och 1 000.")
        elif value is not None and unit == Unit.YEARS and not 0 < value <= 100:
            errors["value"] = _("Löptiden anges i år, mer än 0 och högst 100.")
        if value is None and not self.text and self.organisation_id is None:
            errors["text"] = _("Ange ett värde, en aktör eller vad källan säger.")
        if errors:
            raise ValidationError(errors)


def format_number(value):
    """``Decimal("10000000.00")`` → ``10 000 000``; ``Decimal("12.50")`` → ``12,5``.
    Grouped with a no-break space, as Swedish typography writes it."""
    value = Decimal(value)
    sign = "−" if value < 0 else ""
    value = abs(value)
    whole = int(value)
    fraction = value - whole
    grouped = f"{whole:,}".replace(",", "\u00a0")
    if fraction:
        decimals = f"{fraction.normalize():f}".split(".")[1]
        return f"{sign}{grouped},{decimals}"
    return f"{sign}{grouped}"
