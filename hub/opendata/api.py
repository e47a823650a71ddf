"""The read-only JSON API under /api/: published records only, the case
library's filters and search as query parameters, pages, ETag (from
ConditionalGetMiddleware) and Last-Modified, CORS for GET, and an OpenAPI 3
description at /api/schema/."""

from django.db.models import Max, Prefetch
from django.urls import reverse
from django.utils.http import http_date
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import routers, serializers, viewsets
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from cases.filters import CaseFilter
from cases.models import OutcomeMetric, Participation
from instruments.models import Citation

from . import serializers as s
from .deal_terms import public_deal_terms
from .tables import TABLES, published_cases


class Pages(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    # DRF's own descriptions are English; the schema speaks the page's language.
    page_query_description = _("Sidnummer, från 1.")
    page_size_query_description = _("Antal poster per sida (högst 200, annars 50).")


class ApiIndex(routers.APIRootView):
    """/api/: the endpoints, the OpenAPI description and the documentation."""

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        endpoints = super().get(request, *args, **kwargs).data
        build = request.build_absolute_uri
        return Response(
            {
                "name": "Kunskapshubben API",
                "licence": "CC0-1.0",
                "schema": build(reverse("api-schema")),
                "documentation": build(reverse("hub:open_data")) + "#api",
                "endpoints": endpoints,
            }
        )


ID = OpenApiParameter("id", int, OpenApiParameter.PATH, description=_("Postens id."))


class ReadOnlyRecords(viewsets.ReadOnlyModelViewSet):
    """List and detail of one kind of published record, with Last-Modified."""

    pagination_class = Pages
    query_parameters = ("format",)  # besides the filters and the pages
    table = None

    def get_queryset(self):
        return TABLES[self.table].source()

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code == 200:
            latest = self.get_queryset().aggregate(latest=Max("updated_at"))["latest"]
            if latest:
                response["Last-Modified"] = http_date(latest.timestamp())
        return response


class ErrorSerializer(serializers.Serializer):
    """An error: ``detail`` for a whole request, or field name → messages."""

    detail = serializers.CharField(required=False)


ERRORS = {400: ErrorSerializer, 404: ErrorSerializer}


def described(summary, serializer):
    """The schema of a list and detail endpoint: one summary for both, the
    serializer's fields, and the errors."""
    return extend_schema_view(
        list=extend_schema(summary=summary, responses={200: serializer(many=True), **ERRORS}),
        retrieve=extend_schema(
            summary=summary, parameters=[ID], responses={200: serializer, **ERRORS}
        ),
    )


# One class per resource. They have no docstrings on purpose: drf-spectacular
# would take each operation's description from them (it inherits ReadOnlyRecords'
# today), and DRF reports the class names as view names (OPTIONS).
@extend_schema_view(
    list=extend_schema(
        summary=_("Publicerade exempel, med exempelbibliotekets filter och sökning"),
        responses={200: s.CaseSerializer(many=True), **ERRORS},
    ),
    retrieve=extend_schema(
        summary=_("Ett exempel med aktörer, platser, utfallsmått, pengar och risk och källor"),
        parameters=[ID],
        responses={200: s.CaseDetailSerializer, **ERRORS},
    ),
)
class CaseViewSet(ReadOnlyRecords):
    table = "cases"
    filter_backends = [DjangoFilterBackend]
    filterset_class = CaseFilter

    def get_queryset(self):
        queryset = published_cases()
        if self.action == "retrieve":
            queryset = queryset.prefetch_related(
                Prefetch(
                    "participations",
                    queryset=Participation.objects.public(),
                    to_attr="public_participations",
                ),
                Prefetch(
                    "citations", queryset=Citation.objects.public(), to_attr="public_citations"
                ),
                Prefetch("outcome_metrics", queryset=OutcomeMetric.objects.order_by("order")),
                Prefetch("deal_terms", queryset=public_deal_terms(), to_attr="public_deal_terms"),
            )
        return queryset

    def get_serializer_class(self):
        return s.CaseDetailSerializer if self.action == "retrieve" else s.CaseSerializer


@described(_("De fem instrumenten"), s.InstrumentSerializer)
class InstrumentsViewSet(ReadOnlyRecords):
    table = "instruments"
    serializer_class = s.InstrumentSerializer


@described(_("Insiktsområden"), s.InsightAreaSerializer)
class InsightAreasViewSet(ReadOnlyRecords):
    table = "insight_areas"
    serializer_class = s.InsightAreaSerializer


@described(_("Citat ur rapporten"), s.QuoteSerializer)
class QuotesViewSet(ReadOnlyRecords):
    table = "quotes"
    serializer_class = s.QuoteSerializer


@described(_("Begrepp med synonymer"), s.TermSerializer)
class GlossaryTermsViewSet(ReadOnlyRecords):
    table = "glossary_terms"
    serializer_class = s.TermSerializer


@described(_("Aktörer"), s.OrganisationSerializer)
class OrganisationsViewSet(ReadOnlyRecords):
    table = "organisations"
    serializer_class = s.OrganisationSerializer
