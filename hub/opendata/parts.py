"""The parts of a case as open data: its participants with their roles, its
places and its sources (serializers.py puts them together in a case)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from cases.models import Participation
from instruments.models import Citation

from .indigo import ROLE_TO_INDIGO, SOURCE_TYPE_TO_INDIGO


class ParticipationSerializer(serializers.ModelSerializer):
    case_id = serializers.IntegerField(help_text=_("Exemplets id."))
    organisation_id = serializers.IntegerField(help_text=_("Aktörens id (se organisations)."))
    organisation_name = serializers.CharField(
        source="organisation.name", help_text=_("Aktörens namn.")
    )
    role = serializers.SerializerMethodField(
        help_text=_(
            "Roll: outcome_payer, investor, service_provider, intermediary, "
            "outcomes_validator, issuer, adviser eller partner."
        )
    )
    indigo_component = serializers.SerializerMethodField(
        help_text=_("Där INDIGO anger en aktör med den rollen.")
    )
    role_sv = serializers.CharField(source="get_role_display", help_text=_("Rollen på svenska."))
    description = serializers.CharField(help_text=_("Vad aktören gör i exemplet."))

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

    case_id = serializers.IntegerField(help_text=_("Exemplets id."))
    location_country = serializers.CharField(help_text=_("Land (ISO 3166), alltid SE."))
    location_name = serializers.CharField(help_text=_("Kommunens eller länets namn."))
    adminstrative_geography_code_type = serializers.CharField(
        help_text=_("Kodtyp: SCB kommunkod eller SCB länskod. (INDIGO stavar fältet så.)")
    )
    adminstrative_geography_code = serializers.CharField(help_text=_("SCB:s kod, som text."))


class SourceSerializer(serializers.ModelSerializer):
    """A citation: which record cites which source, and where in it."""

    record_type = serializers.CharField(source="content_type.model", help_text=_("Posttyp."))
    record_id = serializers.IntegerField(source="object_id", help_text=_("Postens id."))
    publication_id = serializers.IntegerField(allow_null=True, help_text=_("Publikationens id."))
    name = serializers.SerializerMethodField(help_text=_("Källans titel."))
    type = serializers.SerializerMethodField(help_text=_("Källtyp med INDIGO:s kod."))
    url = serializers.SerializerMethodField(help_text=_("Källans webbadress."))
    publication_date = serializers.SerializerMethodField(help_text=_("Källans datum eller år."))
    locator = serializers.CharField(help_text=_("Var i källan, till exempel avsnitt."))
    note = serializers.CharField(help_text=_("Vad källan belägger."))

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
