"""Pages for the insight areas, the ideas for further activities and the dialogue log."""

from django.db.models import Prefetch
from django.views.generic import ListView

from instruments.models import Instrument, citations_prefetch
from publishing.models import Status
from publishing.views import PublishedDetailView

from .models import (
    Activity,
    ActivityChallenge,
    Dialogue,
    InsightArea,
    KeyFigure,
    Quote,
    Recommendation,
)


def published_quotes():
    return Quote.objects.published().prefetch_related(citations_prefetch())


class InsightListView(ListView):
    template_name = "insights/insightarea_list.html"
    context_object_name = "insight_areas"

    def get_queryset(self):
        return InsightArea.objects.published()

    def get_context_data(self, **kwargs):
        chapter = {"section": "4", "insight_area__isnull": True}
        return super().get_context_data(
            chapter_quotes=published_quotes().filter(**chapter),
            key_figures=KeyFigure.objects.published()
            .filter(**chapter)
            .prefetch_related(citations_prefetch()),
            **kwargs,
        )


class InsightDetailView(PublishedDetailView):
    model = InsightArea
    context_object_name = "insight"
    article_template = "insights/insightarea_article.html"
    newest = ("cases", 10, "case_total")

    def get_prefetches(self):
        return [
            "sub_themes",
            "tags",
            Prefetch("quotes", queryset=published_quotes()),
            Prefetch("instruments", queryset=Instrument.objects.published()),
            Prefetch(
                "challenges",
                queryset=ActivityChallenge.objects.filter(
                    activity__status=Status.PUBLISHED
                ).select_related("activity"),
            ),
            Prefetch(
                "key_figures",
                queryset=KeyFigure.objects.published().prefetch_related(citations_prefetch()),
            ),
            citations_prefetch(),
        ]


class ActivityListView(ListView):
    template_name = "insights/activity_list.html"
    context_object_name = "activities"

    def get_queryset(self):
        return Activity.objects.published().prefetch_related(
            Prefetch(
                "challenges",
                queryset=ActivityChallenge.objects.select_related("insight_area"),
            ),
            "questions",
            Prefetch("quotes", queryset=published_quotes()),
            Prefetch("recommendations", queryset=Recommendation.objects.published()),
            Prefetch(
                "key_figures",
                queryset=KeyFigure.objects.published().prefetch_related(citations_prefetch()),
            ),
            citations_prefetch(),
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            chapter_quotes=published_quotes().filter(section="6", activity__isnull=True),
            recommendations=Recommendation.objects.published().prefetch_related(
                citations_prefetch(), Prefetch("activities", queryset=Activity.objects.published())
            ),
            **kwargs,
        )


class DialogueListView(ListView):
    template_name = "insights/dialogue_list.html"
    context_object_name = "dialogues"

    def get_queryset(self):
        return Dialogue.objects.published().prefetch_related(citations_prefetch())
