"""Site-wide pages: start page, audience pages, topics, statistics and the
pages every Swedish public site owes its visitors."""

from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import (
    DisallowedHost,
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.db.models import Count, F, Prefetch
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import defaults
from django.views.generic import TemplateView

from cases.charts import case_charts, county_map
from cases.facet_index import facet_index
from cases.filters import CaseFilter, build_facets, selection
from cases.models import Case
from insights.models import Activity, InsightArea, KeyFigure, Quote
from instruments.models import Audience, Instrument, Term, citations_prefetch
from publishing.models import count_published
from publishing.tags import public_tagged_items, public_tags
from publishing.views import KeptArticleMixin, PublishedDetailView

from .middleware import refuse

# The content types that carry topics (tags), in the order a topic page lists them.
TAGGED = [
    (Instrument, _("Instrument")),
    (Case, _("Exempel")),
    (InsightArea, _("Insikter")),
    (Activity, _("Vägar framåt")),
]


class HomeView(KeptArticleMixin, TemplateView):
    template_name = "hub/home.html"
    article_template = "hub/home_article.html"

    def get_article_context(self):
        return {
            "audiences": Audience.objects.published(),
            "instruments": Instrument.objects.published(),
            "latest_cases": Case.objects.published().newest().for_cards()[:6],
            "case_count": Case.objects.published().count(),
            "insight_areas": InsightArea.objects.published(),
            "activities": Activity.objects.published(),
            "key_figures": KeyFigure.objects.published().prefetch_related(citations_prefetch())[:4],
            "vocabulary_quotes": Quote.objects.published().filter(term__isnull=False),
        }


# The report's respondent roles that speak for each of its target groups (the
# role "Utvecklingspartner för sociala företag" for the social enterprises):
# an audience page shows those respondents' own words.
AUDIENCE_VOICES = {
    "offentliga-aktorer": [Quote.Role.PROCURER, Quote.Role.REGION],
    "sociala-foretag": [Quote.Role.DEVELOPMENT_PARTNER],
    "ideburen-sektor": [Quote.Role.CIVIL_SOCIETY],
    "investerare": [Quote.Role.INVESTOR],
}
AUDIENCE_QUOTES = 4
AUDIENCE_CASES = 6


def audience_cases():
    """An audience's cases as its page shows them: by start year, the latest
    first, as the library's "start" sort does. (The records loaded together
    share one publication time, so "newest" would order them arbitrarily.)"""
    return (
        Case.objects.published()
        .prefetch_related(*Case.card_prefetches())
        .order_by(F("start_year").desc(nulls_last=True), "title", "pk")[:AUDIENCE_CASES]
    )


class AudienceDetailView(PublishedDetailView):
    model = Audience
    context_object_name = "audience"
    template_name = "hub/audience_detail.html"

    def get_context_data(self, **kwargs):
        """Besides the audience's own links: the glossary term for the
        audience itself (if there is one) and its respondents' quotes."""
        audience = self.object
        roles = AUDIENCE_VOICES.get(audience.slug, [])
        quotes = Quote.objects.published().filter(role__in=roles).order_by("order", "pk")
        return super().get_context_data(
            term=Term.objects.published().filter(slug=audience.slug).first(),
            quotes=list(
                quotes.select_related("insight_area", "activity", "term")[:AUDIENCE_QUOTES]
            ),
            **kwargs,
        )

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .prefetch_related(
                Prefetch("instruments", queryset=Instrument.objects.published()),
                Prefetch("insight_areas", queryset=InsightArea.objects.published()),
                Prefetch("cases", queryset=audience_cases(), to_attr="shown_cases"),
                citations_prefetch(),
            )
            .annotate(case_total=count_published("cases"))
        )


def published_topics():
    """{slug: (name, how many published records carry it)}, in one query."""
    rows = public_tagged_items().order_by().values("tag__slug", "tag__name").annotate(n=Count("pk"))
    return {row["tag__slug"]: (row["tag__name"], row["n"]) for row in rows}


class TagListView(TemplateView):
    template_name = "hub/tag_list.html"

    def get_context_data(self, **kwargs):
        tags = sorted(
            (
                {"slug": slug, "name": name, "count": n}
                for slug, (name, n) in published_topics().items()
            ),
            key=lambda tag: tag["name"].casefold(),
        )
        return super().get_context_data(tags=tags, **kwargs)


TOPIC_CASES = 20


class TagDetailView(TemplateView):
    template_name = "hub/tag_detail.html"

    def get_context_data(self, **kwargs):
        tag = get_object_or_404(public_tags(), slug=self.kwargs["slug"])
        sections = []
        for model, label in TAGGED:
            records = model.objects.published().filter(tags=tag)
            if model is Case:  # the one kind that grows: the newest, and how many in all
                items = list(records.newest()[:TOPIC_CASES])
                total = records.count()
            else:
                items = list(records)
                total = len(items)
            sections.append((label, items, total))
        return super().get_context_data(tag=tag, sections=sections, **kwargs)


class StatisticsView(TemplateView):
    """/statistik/: the published cases in charts and on a map of the län,
    counted exactly as the case library counts them."""

    template_name = "hub/statistics.html"

    def get_context_data(self, **kwargs):
        published = Case.objects.published()
        filterset = CaseFilter({}, queryset=published)
        filterset.is_valid()
        index = facet_index()
        chosen = selection(filterset, index)
        facets = build_facets(filterset, index, chosen, names=("instrument", "skede", "lan"))
        library = reverse("cases:list")

        def url_for(params):
            return f"{library}?{urlencode(params)}"

        return super().get_context_data(
            case_count=published.count(),
            # The län are on the map (with its table), so not a second time as bars.
            charts=[
                chart
                for chart in case_charts(facets, index.year_counts(index.everything), url_for)
                if chart.slug != "lan"
            ],
            map=county_map(next(f for f in facets if f.name == "lan"), url_for),
            **kwargs,
        )


class RobotsView(TemplateView):
    """robots.txt: keeps crawlers out of the admin, logins, search results and
    the suggestion form, and points them to the sitemap."""

    template_name = "robots.txt"
    content_type = "text/plain; charset=utf-8"


def bad_request(request, exception):
    """400: JSON under /api/, the site's Swedish page everywhere else. Django's
    own handler checks the CSRF token first, which reads the form again; and a
    Host header that is not the site's must not fail the page saying so."""
    if isinstance(exception, DisallowedHost):
        message = gettext(
            "Webbplatsen svarar inte under det värdnamn som förfrågan skickades till. "
            "Använd webbplatsens vanliga adress."
        )
        return refuse(request, message, template_message=message)
    if isinstance(exception, RequestDataTooBig | TooManyFieldsSent | TooManyFilesSent):
        message = gettext("Formuläret är större än vi tar emot. Korta texten och skicka det igen.")
        return refuse(request, message, template_message=message)
    return refuse(request, "Felaktig förfrågan.")


def page_not_found(request, exception):
    """404: JSON under /api/, the site's Swedish page everywhere else."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Hittades inte."}, status=404)
    return defaults.page_not_found(request, exception)


def login_locked_out(request, original_response=None, credentials=None):
    """Too many failed logins (django-axes): a clear Swedish page, status 429."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "admin/locked_out.html", {"minutes": minutes}, status=429)
