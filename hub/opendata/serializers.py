"""How published records look as open data: the same fields in the API, the
JSON downloads and the CSV files, named as in the INDIGO data standard where
the concept is the same (the mapping is in indigo.py)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cases.models import Case, Organisation, OutcomeMetric, Participation
from insights.models import InsightArea, Quote
from instruments.models import Citation, Instrument, Synonym, Term

from .indigo import (
    COUNTRY,
    CURRENCY,
    ORGANISATION_TYPE_TO_INDIGO,
    ROLE_TO_INDIGO,
    SOURCE_TYPE_TO_INDIGO,
    STAGE_TO_INDIGO,
    delivery_locations,
    end_dates,
    year_month,
)


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

    url = AbsoluteUrlField(help_text="Postens adress på webbplatsen.")
    published_at = serializers.DateTimeField(read_only=True, help_text="När posten publicerades.")
    updated_at = serializers.DateTimeField(read_only=True, help_text="När posten ändrades senast.")


class CaseSerializer(RecordSerializer):
    name = serializers.CharField(source="title", help_text="Exemplets namn.")
    stage = serializers.CharField(
        help_text="Skede: idea, planning, implementation, completed eller discontinued."
    )
    stage_development = serializers.SerializerMethodField(
        help_text="Skedet med INDIGO:s kod (Early-stage design, Late-stage design, "
        "Implementation, Complete)."
    )
    start_date_of_service_provision = serializers.SerializerMethodField(
        help_text="Start, ÅÅÅÅ eller ÅÅÅÅ-MM."
    )
    anticipated_end_date_of_service_provision = serializers.SerializerMethodField(
        help_text="Planerat slut, ÅÅÅÅ eller ÅÅÅÅ-MM, för exempel som pågår."
    )
    actual_end_date_of_service_provision = serializers.SerializerMethodField(
        help_text="Faktiskt slut, ÅÅÅÅ eller ÅÅÅÅ-MM, för avslutade eller avbrutna exempel."
    )
    target_population = serializers.CharField(
        source="target_group", help_text="Målgrupp för insatsen."
    )
    actual_number_service_users_or_beneficiaries_total = serializers.IntegerField(
        source="people_reached", allow_null=True, help_text="Antal deltagare; tomt om okänt."
    )
    total_investment_commitment_amount = serializers.IntegerField(
        source="investment_sek",
        allow_null=True,
        help_text="Investerat belopp i kronor; tomt om okänt.",
    )
    maximum_potential_outcome_payment_amount = serializers.IntegerField(
        source="max_outcome_payment_sek",
        allow_null=True,
        help_text="Högsta utfallsbetalning i kronor; tomt om okänt.",
    )
    total_cost_amount = serializers.IntegerField(
        source="total_cost_sek", allow_null=True, help_text="Total kostnad i kronor; tomt om okänt."
    )
    currency = serializers.SerializerMethodField(help_text="Valuta för beloppen (ISO 4217).")
    amounts_note = serializers.CharField(help_text="Vad beloppen omfattar.")
    instruments = serializers.SerializerMethodField(help_text="Instrumentens kortnamn (slug).")
    policy_areas = serializers.SerializerMethodField(help_text="Verksamhetsområden.")
    tags = serializers.SerializerMethodField(help_text="Ämnen.")
    sources_disagree = serializers.CharField(
        source="figures_conflict_note", help_text="Var källorna anger olika uppgifter."
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


class ParticipationSerializer(serializers.ModelSerializer):
    case_id = serializers.IntegerField(help_text="Exemplets id.")
    organisation_id = serializers.IntegerField(help_text="Aktörens id (se organisations).")
    organisation_name = serializers.CharField(
        source="organisation.name", help_text="Aktörens namn."
    )
    role = serializers.SerializerMethodField(
        help_text="Roll: outcome_payer, investor, service_provider, intermediary, "
        "outcomes_validator, issuer, adviser eller partner."
    )
    indigo_component = serializers.SerializerMethodField(
        help_text="Där INDIGO anger en aktör med den rollen."
    )
    role_sv = serializers.CharField(source="get_role_display", help_text="Rollen på svenska.")
    description = serializers.CharField(help_text="Vad aktören gör i exemplet.")

    class Meta:
        model = Participation
        fields = [
            "case_id",
            "organisation_id",
            "organisation_name",
            "role",
            "indigo_component",
            "role_sv",
            "description",
        ]

    def get_role(self, participation) -> str:
        return ROLE_TO_INDIGO[participation.role][0]

    def get_indigo_component(self, participation) -> str:
        return ROLE_TO_INDIGO[participation.role][1]


class DeliveryLocationSerializer(serializers.Serializer):
    """A place where the case works: a kommun or a län, with SCB's code."""

    case_id = serializers.IntegerField(help_text="Exemplets id.")
    location_country = serializers.CharField(help_text="Land (ISO 3166), alltid SE.")
    location_name = serializers.CharField(help_text="Kommunens eller länets namn.")
    adminstrative_geography_code_type = serializers.CharField(
        help_text="Kodtyp: SCB kommunkod eller SCB länskod. (INDIGO stavar fältet så.)"
    )
    adminstrative_geography_code = serializers.CharField(help_text="SCB:s kod, som text.")


class OutcomeMetricSerializer(serializers.ModelSerializer):
    case_id = serializers.IntegerField(help_text="Exemplets id.")
    definition = serializers.CharField(source="name", help_text="Utfallsmåttet.")
    outcome_metric_target = serializers.CharField(source="target", help_text="Målet.")
    outcomes_achieved = serializers.CharField(source="result", help_text="Resultatet, om känt.")

    class Meta:
        model = OutcomeMetric
        fields = ["id", "case_id", "definition", "outcome_metric_target", "outcomes_achieved"]


class SourceSerializer(serializers.ModelSerializer):
    """A citation: which record cites which source, and where in it."""

    record_type = serializers.CharField(source="content_type.model", help_text="Posttyp.")
    record_id = serializers.IntegerField(source="object_id", help_text="Postens id.")
    publication_id = serializers.IntegerField(allow_null=True, help_text="Publikationens id.")
    name = serializers.SerializerMethodField(help_text="Källans titel.")
    type = serializers.SerializerMethodField(help_text="Källtyp med INDIGO:s kod.")
    url = serializers.SerializerMethodField(help_text="Källans webbadress.")
    publication_date = serializers.SerializerMethodField(help_text="Källans datum eller år.")
    locator = serializers.CharField(help_text="Var i källan, till exempel avsnitt.")
    note = serializers.CharField(help_text="Vad källan belägger.")

    class Meta:
        model = Citation
        fields = [
            "id",
            "record_type",
            "record_id",
            "publication_id",
            "name",
            "type",
            "url",
            "publication_date",
            "locator",
            "note",
        ]

    def get_name(self, citation) -> str:
        return citation.publication.title if citation.publication_id else ""

    def get_type(self, citation) -> str:
        if not citation.publication_id:
            return "Website"
        return SOURCE_TYPE_TO_INDIGO[citation.publication.kind]

    def get_url(self, citation) -> str:
        return citation.href

    def get_publication_date(self, citation) -> str:
        publication = citation.publication
        if publication is None:
            return ""
        if publication.published_on:
            return publication.published_on.isoformat()
        return str(publication.year or "")


class CaseDetailSerializer(CaseSerializer):
    """A case with everything that belongs to it."""

    participations = ParticipationSerializer(many=True, source="public_participations")
    delivery_locations = serializers.SerializerMethodField()
    outcome_metrics = OutcomeMetricSerializer(many=True)
    sources = SourceSerializer(many=True, source="public_citations")

    class Meta(CaseSerializer.Meta):
        fields = [
            *CaseSerializer.Meta.fields,
            "participations",
            "delivery_locations",
            "outcome_metrics",
            "sources",
        ]

    @extend_schema_field(DeliveryLocationSerializer(many=True))
    def get_delivery_locations(self, case):
        return delivery_locations(case)


class InstrumentSerializer(RecordSerializer):
    synonyms = serializers.SerializerMethodField(help_text="Andra namn på formen.")
    kind = serializers.CharField(help_text="financing, collaboration eller both.")

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
    role = serializers.CharField(help_text="Respondentens roll (kod).")
    role_sv = serializers.CharField(source="get_role_display", help_text="Rollen på svenska.")
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
    synonyms = serializers.SerializerMethodField(help_text="Synonymer, en per rad i CSV-filen.")

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
        help_text="INDIGO:s organisationstyp, där den är säker; annars tom."
    )
    country = serializers.SerializerMethodField(help_text="Land (ISO 3166), alltid SE.")
    municipality_code = serializers.CharField(
        source="municipality.code", allow_null=True, default=None, help_text="SCB kommunkod."
    )
    county_code = serializers.CharField(
        source="county.code", allow_null=True, default=None, help_text="SCB länskod."
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
