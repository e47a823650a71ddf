"""The case library, case pages and organisation pages."""

from django.db.models import Prefetch
from django.views.generic import ListView

from insights.models import InsightArea
from instruments.models import Audience, Instrument
from instruments.views import PublishedDetailView, citations_prefetch

from .models import Case, Organisation, Participation


def case_card_prefetches():
    """What a case card in a list shows: instruments and places."""
    return [
        Prefetch("instruments", queryset=Instrument.objects.published()),
        "municipalities",
        "counties",
    ]


class CaseListView(ListView):
    template_name = "cases/case_list.html"
    context_object_name = "cases"
    paginate_by = 20

    def get_queryset(self):
        return Case.objects.published().prefetch_related(*case_card_prefetches())


class CaseDetailView(PublishedDetailView):
    model = Case
    context_object_name = "case"

    def get_queryset(self):
        participations = Participation.objects.filter(
            organisation__status="published"
        ).select_related("organisation")
        return (
            super()
            .get_queryset()
            .prefetch_related(
                *case_card_prefetches(),
                "policy_areas",
                "outcome_metrics",
                "milestones",
                "tags",
                Prefetch("participations", queryset=participations),
                Prefetch("insight_areas", queryset=InsightArea.objects.published()),
                Prefetch("audiences", queryset=Audience.objects.published()),
                citations_prefetch(),
            )
        )


class OrganisationListView(ListView):
    template_name = "cases/organisation_list.html"
    context_object_name = "organisations"

    def get_queryset(self):
        return Organisation.objects.published().select_related("municipality", "county")


class OrganisationDetailView(PublishedDetailView):
    model = Organisation
    context_object_name = "organisation"

    def get_queryset(self):
        participations = Participation.objects.filter(case__status="published").select_related(
            "case"
        )
        return (
            super()
            .get_queryset()
            .select_related("municipality", "county")
            .prefetch_related(
                Prefetch("participations", queryset=participations), citations_prefetch()
            )
        )
