"""sitemap.xml: every published page, with its last change."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from cases.models import Case, Organisation
from insights.models import InsightArea
from instruments.models import Audience, Instrument

from .views import published_topics


class RecordSitemap(Sitemap):
    """The published records of one model that have a page of their own, in
    Swedish and English, each listing the other as an alternate."""

    model = None
    i18n = True
    alternates = True

    def items(self):
        return self.model.objects.published().order_by("pk")

    def lastmod(self, obj):
        return obj.updated_at


class InstrumentSitemap(RecordSitemap):
    model = Instrument
    priority = 0.9


class CaseSitemap(RecordSitemap):
    model = Case
    priority = 0.8


class InsightSitemap(RecordSitemap):
    model = InsightArea


class OrganisationSitemap(RecordSitemap):
    model = Organisation
    priority = 0.4


class AudienceSitemap(RecordSitemap):
    model = Audience


class TopicSitemap(Sitemap):
    """Topics that published content carries."""

    priority = 0.3
    i18n = True
    alternates = True

    def items(self):
        return sorted(published_topics())

    def location(self, slug):
        return reverse("hub:tag", args=[slug])


class PageSitemap(Sitemap):
    """The list and information pages, changed when their content last changed."""

    i18n = True
    alternates = True

    PAGES = [
        ("hub:home", Case),
        ("instruments:list", Instrument),
        ("instruments:compare", Instrument),
        ("instruments:glossary", None),
        ("instruments:reading_list", None),
        ("insights:list", InsightArea),
        ("insights:activities", None),
        ("insights:dialogues", None),
        ("cases:list", Case),
        ("cases:organisations", Organisation),
        ("hub:tags", None),
        ("hub:about", None),
        ("hub:accessibility", None),
        ("hub:cookies", None),
        ("hub:open_data", Case),
    ]

    def items(self):
        return self.PAGES

    def location(self, item):
        return reverse(item[0])

    def lastmod(self, item):
        model = item[1]
        if model is None:
            return None
        return model.objects.published().aggregate(latest=Max("updated_at"))["latest"]


SITEMAPS = {
    "pages": PageSitemap,
    "instruments": InstrumentSitemap,
    "cases": CaseSitemap,
    "insights": InsightSitemap,
    "organisations": OrganisationSitemap,
    "audiences": AudienceSitemap,
    "topics": TopicSitemap,
}
