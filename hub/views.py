"""Site-wide pages: start page, audience pages, topics, search and the
pages every Swedish public site owes its visitors."""

from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from taggit.models import Tag

from cases.models import Case
from cases.views import case_card_prefetches
from insights.models import Activity, InsightArea, KeyFigure, Quote
from instruments.models import Audience, Instrument
from instruments.views import PublishedDetailView

from .search import search

# The content types that carry topics (tags), in the order a topic page lists them.
TAGGED = [
    (Instrument, _("Instrument")),
    (Case, _("Exempel")),
    (InsightArea, _("Insikter")),
    (Activity, _("Vägar framåt")),
]


class HomeView(TemplateView):
    template_name = "hub/home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            audiences=Audience.objects.published(),
            instruments=Instrument.objects.published(),
            latest_cases=Case.objects.published()
            .order_by("-published_at", "-pk")
            .prefetch_related(*case_card_prefetches())[:6],
            case_count=Case.objects.published().count(),
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
                Prefetch("instruments", queryset=Instrument.objects.published()),
                Prefetch("insight_areas", queryset=InsightArea.objects.published()),
                Prefetch(
                    "cases",
                    queryset=Case.objects.published().prefetch_related(*case_card_prefetches()),
                ),
            )
        )


class TagListView(TemplateView):
    template_name = "hub/tag_list.html"

    def get_context_data(self, **kwargs):
        counts = {}
        for model, _label in TAGGED:
            rows = (
                model.objects.published()
                .filter(tags__isnull=False)
                .values("tags__slug", "tags__name")
                .annotate(n=Count("pk", distinct=True))
            )
            for row in rows:
                name, total = counts.get(row["tags__slug"], (row["tags__name"], 0))
                counts[row["tags__slug"]] = (name, total + row["n"])
        tags = sorted(
            ({"slug": slug, "name": name, "count": n} for slug, (name, n) in counts.items()),
            key=lambda tag: tag["name"].casefold(),
        )
        return super().get_context_data(tags=tags, **kwargs)


class TagDetailView(TemplateView):
    template_name = "hub/tag_detail.html"

    def get_context_data(self, **kwargs):
        tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        sections = [
            (label, list(model.objects.published().filter(tags=tag))) for model, label in TAGGED
        ]
        if not any(items for _label, items in sections):
            raise Http404("No published content has this topic.")
        return super().get_context_data(tag=tag, sections=sections, **kwargs)


class SearchView(TemplateView):
    """One search across every published record type (see hub.search)."""

    template_name = "hub/search.html"

    def get_context_data(self, **kwargs):
        params = self.request.GET
        try:
            page_number = int(params.get("sida", "1"))
        except ValueError:
            page_number = 1
        outcome = search(params.get("q", ""), params.get("typ", ""), page_number)
        return super().get_context_data(search=outcome, search_query=outcome.query, **kwargs)
