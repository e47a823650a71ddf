"""Site-wide pages: the start page, audience pages and the about page."""

from django.db.models import Prefetch
from django.views.generic import TemplateView

from cases.models import Case
from cases.views import case_card_prefetches
from insights.models import Activity, InsightArea, KeyFigure, Quote
from instruments.models import Audience, Instrument
from instruments.views import PublishedDetailView


class HomeView(TemplateView):
    template_name = "hub/home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            audiences=Audience.objects.published(),
            instruments=Instrument.objects.published(),
            latest_cases=Case.objects.published()
            .order_by("-published_at", "-start_year", "title")
            .prefetch_related(*case_card_prefetches())[:6],
            insight_areas=InsightArea.objects.published(),
            activities=Activity.objects.published(),
            key_figures=KeyFigure.objects.published()[:4],
            vocabulary_quotes=Quote.objects.published().filter(term__isnull=False),
            **kwargs,
        )


class AudienceDetailView(PublishedDetailView):
    model = Audience
    context_object_name = "audience"
    template_name = "hub/audience_detail.html"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .prefetch_related(
                Prefetch("insight_areas", queryset=InsightArea.objects.published()),
                Prefetch(
                    "cases",
                    queryset=Case.objects.published().prefetch_related(*case_card_prefetches()),
                ),
            )
        )

    def get_context_data(self, **kwargs):
        audience = self.object
        instruments = (
            Instrument.objects.published()
            .filter(cases__in=audience.cases.all(), cases__status="published")
            .distinct()
        )
        return super().get_context_data(instruments=instruments, **kwargs)


class AboutView(TemplateView):
    template_name = "hub/about.html"
