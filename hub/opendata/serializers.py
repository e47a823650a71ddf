"""How published records look as open data: the same fields in the API, the
JSON downloads and the CSV files, named as in the INDIGO data standard where
the concept is the same (the mapping is in indigo.py)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cases.models import Case, Organisation, OutcomeMetric
from insights.models import InsightArea, Quote
from instruments.models import Instrument, Synonym, Term

from .deal_terms import DealTermSerializer
from .indigo import (
    COUNTRY,
    CURRENCY,
    ORGANISATION_TYPE_TO_INDIGO,
    STAGE_TO_INDIGO,
    delivery_locations,
    end_dates,
    year_month,
)
from .parts import DeliveryLocationSerializer, ParticipationSerializer, SourceSerializer


@extend_schema_field(OpenApiTypes.URI)
class AbsoluteUrlField(serializers.Field):
    """The record's public address."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, obj):
        path = obj.get_absolute_url()
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class RecordSerializer(serializers.ModelSerializer):
    """Fields every published record has."""

    url = AbsoluteUrlField(help_text=_("Postens adress på webbplatsen."))
    published_at = serializers.DateTimeField(
        read_only=True, help_text=_("När posten publicerades.")
    )
    updated_at = serializers.DateTimeField(
        read_only=True, help_text=_("När posten ändrades senast.")
    )


class CaseSerializer(RecordSerializer):
    name = serializers.CharField(source="title", help_text=_("Exemplets namn."))
    stage = serializers.CharField(
        help_text=_("Skede: idea, planning, implementation, completed eller discontinued.")
    )
    stage_development = serializers.SerializerMethodField(
        help_text=_(
            "Skedet med INDIGO:s kod (Early-stage design, Late-stage design, "
            "Implementation, Complete)."
        )
    )
    start_date_of_service_provision = serializers.SerializerMethodField(
        help_text=_("Start, ÅÅÅÅ eller ÅÅÅÅ-MM.")
    )
    anticipated_end_date_of_service_provision = serializers.SerializerMethodField(
        help_text=_("Planerat slut, ÅÅÅÅ eller ÅÅÅÅ-MM, för exempel som pågår.")
    )
    actual_end_date_of_service_provision = serializers.SerializerMethodField(
        help_text=_("Faktiskt slut, ÅÅÅÅ eller ÅÅÅÅ-MM, för avslutade eller avbrutna exempel.")
    )
    target_population = serializers.CharField(
        source="target_group", help_text=_("Målgrupp för insatsen.")
    )
    actual_number_service_users_or_beneficiaries_total = serializers.IntegerField(
        source="people_reached", allow_null=True, help_text=_("Antal deltagare; tomt om okänt.")
    )
    total_investment_commitment_amount = serializers.IntegerField(
        source="investment_sek",
        allow_null=True,
        help_text=_("Investerat belopp i kronor; tomt om okänt."),
    )
    maximum_potential_outcome_payment_amount = serializers.IntegerField(
        source="max_outcome_payment_sek",
        allow_null=True,
        help_text=_("Högsta utfallsbetalning i kronor; tomt om okänt."),
    )
    total_cost_amount = serializers.IntegerField(
        source="total_cost_sek",
        allow_null=True,
        help_text=_("Total kostnad i kronor; tomt om okänt."),
    )
    currency = serializers.SerializerMethodField(help_text=_("Valuta för beloppen (ISO 4217)."))
    amounts_note = serializers.CharField(help_text=_("Vad beloppen omfattar."))
    instruments = serializers.SerializerMethodField(help_text=_("Instrumentens kortnamn (slug)."))
    policy_areas = serializers.SerializerMethodField(help_text=_("Verksamhetsområden."))
    tags = serializers.SerializerMethodField(help_text=_("Ämnen."))
    sources_disagree = serializers.CharField(
        source="figures_conflict_note", help_text=_("Var källorna anger olika uppgifter.")
    )

    class Meta:
        model = Case
        fields = [
            "id",
            "slug",
            "url",
            "name",
            "lead",
            "stage",
            "stage_development",
            "start_date_of_service_provision",
            "anticipated_end_date_of_service_provision",
            "actual_end_date_of_service_provision",
            "target_population",
            "actual_number_service_users_or_beneficiaries_total",
            "total_investment_commitment_amount",
            "maximum_potential_outcome_payment_amount",
            "total_cost_amount",
            "currency",
            "amounts_note",
            "instruments",
            "policy_areas",
            "tags",
            "results",
            "lessons",
            "sources_disagree",
            "last_verified",
            "published_at",
            "updated_at",
        ]

    def get_stage_development(self, case) -> str:
        return STAGE_TO_INDIGO[case.stage]

    def get_start_date_of_service_provision(self, case) -> str:
        return year_month(case.start_year, case.start_month)

    def get_anticipated_end_date_of_service_provision(self, case) -> str:
        return end_dates(case)[0]

    def get_actual_end_date_of_service_provision(self, case) -> str:
        return end_dates(case)[1]

    def get_currency(self, case) -> str:
        return CURRENCY

    def get_instruments(self, case) -> list[str]:
        return [instrument.slug for instrument in case.instruments.all()]

    def get_policy_areas(self, case) -> list[str]:
        return [area.name for area in case.policy_areas.all()]

    def get_tags(self, case) -> list[str]:
        return [tag.name for tag in case.tags.all()]


class OutcomeMetricSerializer(serializers.ModelSerializer):
    case_id = serializers.IntegerField(help_text=_("Exemplets id."))
    definition = serializers.CharField(source="name", help_text=_("Utfallsmåttet."))
    outcome_metric_target = serializers.CharField(source="target", help_text=_("Målet."))
    outcomes_achieved = serializers.CharField(source="result", help_text=_("Resultatet, om känt."))
    pays_out = serializers.BooleanField(
        allow_null=True,
        help_text=_(
            "Sant när utfallet avgör betalningen, falskt när måttet bara följs upp, tomt om okänt."
        ),
    )

    class Meta:
        model = OutcomeMetric
        fields = [
            "id",
            "case_id",
            "definition",
            "outcome_metric_target",
            "outcomes_achieved",
            "pays_out",
        ]


class CaseDetailSerializer(CaseSerializer):
    """A case with everything that belongs to it."""

    participations = ParticipationSerializer(many=True, source="public_participations")
    delivery_locations = serializers.SerializerMethodField()
    outcome_metrics = OutcomeMetricSerializer(many=True)
    deal_terms = DealTermSerializer(many=True, source="public_deal_terms")
    sources = SourceSerializer(many=True, source="public_citations")

    class Meta(CaseSerializer.Meta):
        fields = [
            *CaseSerializer.Meta.fields,
            "participations",
            "delivery_locations",
            "outcome_metrics",
            "deal_terms",
            "sources",
        ]

    @extend_schema_field(DeliveryLocationSerializer(many=True))
    def get_delivery_locations(self, case):
        return delivery_locations(case)


class InstrumentSerializer(RecordSerializer):
    synonyms = serializers.SerializerMethodField(help_text=_("Andra namn på formen."))
    kind = serializers.CharField(help_text=_("financing, collaboration eller both."))

    class Meta:
        model = Instrument
        fields = [
            "id",
            "slug",
            "url",
            "name",
            "short_name",
            "kind",
            "lead",
            "who_finances",
            "risk_bearer",
            "procurement_notes",
            "not_to_confuse_note",
            "report_section",
            "synonyms",
            "published_at",
            "updated_at",
        ]

    def get_synonyms(self, instrument) -> list[str]:
        term = instrument.main_term
        return [s.text for s in term.synonyms.all()] if term else []


class InsightAreaSerializer(RecordSerializer):
    class Meta:
        model = InsightArea
        fields = ["id", "slug", "url", "number", "title", "lead", "published_at", "updated_at"]


class QuoteSerializer(RecordSerializer):
    role = serializers.CharField(help_text=_("Respondentens roll (kod)."))
    role_sv = serializers.CharField(source="get_role_display", help_text=_("Rollen på svenska."))
    insight_area_id = serializers.IntegerField(allow_null=True)
    activity_id = serializers.IntegerField(allow_null=True)

    class Meta:
        model = Quote
        fields = [
            "id",
            "url",
            "text",
            "role",
            "role_sv",
            "section",
            "insight_area_id",
            "activity_id",
            "published_at",
            "updated_at",
        ]


class SynonymSerializer(serializers.ModelSerializer):
    term_id = serializers.IntegerField()

    class Meta:
        model = Synonym
        fields = ["term_id", "text", "language"]


class TermSerializer(RecordSerializer):
    instrument_id = serializers.IntegerField(allow_null=True)
    synonyms = serializers.SerializerMethodField(help_text=_("Synonymer, en per rad i CSV-filen."))

    class Meta:
        model = Term
        fields = [
            "id",
            "slug",
            "url",
            "term",
            "definition",
            "instrument_id",
            "synonyms",
            "published_at",
            "updated_at",
        ]

    def get_synonyms(self, term) -> list[str]:
        return [s.text for s in term.synonyms.all()]


class OrganisationSerializer(RecordSerializer):
    type = serializers.SerializerMethodField(
        help_text=_("INDIGO:s organisationstyp, där den är säker; annars tom.")
    )
    country = serializers.SerializerMethodField(help_text=_("Land (ISO 3166), alltid SE."))
    municipality_code = serializers.CharField(
        source="municipality.code", allow_null=True, default=None, help_text=_("SCB kommunkod.")
    )
    county_code = serializers.CharField(
        source="county.code", allow_null=True, default=None, help_text=_("SCB länskod.")
    )

    class Meta:
        model = Organisation
        fields = [
            "id",
            "slug",
            "url",
            "name",
            "description",
            "type",
            "sector",
            "kind",
            "country",
            "municipality_code",
            "county_code",
            "website",
            "published_at",
            "updated_at",
        ]

    def get_type(self, organisation) -> str:
        return ORGANISATION_TYPE_TO_INDIGO.get(organisation.kind, "")

    def get_country(self, organisation) -> str:
        return COUNTRY
