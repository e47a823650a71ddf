"""Pengar och risk in the open data and the API: one row per term and source,
with the INDIGO path where INDIGO has the same concept."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cases.deal_terms import UNITS, DealTerm, Qualifier, Unit
from publishing.models import Status

TOTAL_INVESTMENT = "overall_project_finance/total_investment_commitment/amount/{}/value"

# term → INDIGO path (the investment's path depends on the qualifier: an "upp
# till" is INDIGO's max, a "minst" its min)
INDIGO_PATHS = {
    DealTerm.Kind.RETURN_CAP: "overall_project_finance/maximum_potential_return/value",
    # INDIGO gives the worst case as the share of the principal lost: −20 % → 20 %
    DealTerm.Kind.RETURN_FLOOR: "overall_project_finance/maximum_potential_loss/value",
    DealTerm.Kind.MAX_OUTCOME_PAYMENT: (
        "overall_project_finance/maximum_potential_outcome_payment_v2/amount/value"
    ),
    DealTerm.Kind.PAYMENTS_MADE: "overall_project_finance/total_outcome_payments_made/amount/value",
}
INVESTMENT_BOUND = {Qualifier.UP_TO: "max", Qualifier.AT_LEAST: "min"}
UNIT_CODES = {Unit.KRONOR: "SEK", Unit.PERCENT: "percent", Unit.YEARS: "years", Unit.TEXT: ""}


def indigo_path(term):
    if term.kind == DealTerm.Kind.UPFRONT_CAPITAL:
        return TOTAL_INVESTMENT.format(INVESTMENT_BOUND.get(term.qualifier, "exact"))
    return INDIGO_PATHS.get(term.kind, "")


def public_deal_terms():
    """The terms of published cases whose source is public."""
    return (
        DealTerm.objects.filter(case__status=Status.PUBLISHED, publication__status=Status.PUBLISHED)
        .select_related("publication")
        .order_by("case_id", "order", "pk")
    )


class DealTermSerializer(serializers.ModelSerializer):
    """A term of a case's deal as one source gives it."""

    case_id = serializers.IntegerField(help_text=_("Exemplets id."))
    term = serializers.CharField(
        source="kind",
        help_text=_(
            "Villkoret: upfront_capital, guaranteed_share, contingent_share, return_cap, "
            "return_floor, max_outcome_payment, payments_made, term_years, payment_trigger, "
            "risk_investor, risk_provider eller risk_payer."
        ),
    )
    value = serializers.SerializerMethodField(
        help_text=_("Värdet; tomt när källan inte anger något (okänt är inte noll)."),
    )
    unit = serializers.SerializerMethodField(help_text=_("Enhet: SEK, percent eller years."))
    qualifier = serializers.CharField(
        help_text=_("exact, up_to (upp till), at_least (minst) eller about (omkring).")
    )
    disputed = serializers.BooleanField(
        help_text=_("Sant när källorna går isär om villkoret: raderna visar var källa.")
    )
    organisation_id = serializers.IntegerField(
        allow_null=True, help_text=_("Aktören som satte in kapitalet eller bär risken.")
    )
    text = serializers.CharField(help_text=_("Vad källan säger, kort."))
    publication_id = serializers.IntegerField(help_text=_("Källans id bland publikationerna."))
    source_name = serializers.CharField(source="publication.title", help_text=_("Källans titel."))
    source_url = serializers.CharField(source="publication.url", help_text=_("Källans webbadress."))
    locator = serializers.CharField(help_text=_("Var i källan."))
    indigo_path = serializers.SerializerMethodField(
        help_text=_("Fältet i INDIGO med samma innebörd, om det finns ett.")
    )

    class Meta:
        model = DealTerm
        fields = [
            "id",
            "case_id",
            "term",
            "value",
            "unit",
            "qualifier",
            "disputed",
            "organisation_id",
            "text",
            "publication_id",
            "source_name",
            "source_url",
            "locator",
            "indigo_path",
        ]

    @extend_schema_field(OpenApiTypes.NUMBER)
    def get_value(self, term):
        """A number in JSON: whole kronor as an integer, a share as a decimal."""
        if term.value is None:
            return None
        if term.value == term.value.to_integral_value():
            return int(term.value)
        return float(term.value)

    def get_unit(self, term) -> str:
        return UNIT_CODES[UNITS[term.kind]]

    def get_indigo_path(self, term) -> str:
        return indigo_path(term)
