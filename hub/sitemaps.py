"""sitemap.xml: an index of sections listing every published page, with its
last change. Sections that grow come in pages of a bounded size, and a page
loads only the records it lists."""

from functools import cached_property

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from cases.models import Case, Organisation
from insights.models import InsightArea
from instruments.models import Audience, Instrument

from .views import published_topics


class LanguagePairs:
    """(record, language) for every record of a queryset and every language,
    as Django's i18n sitemaps list them, but read from the database a slice
    at a time: the sitemap's paginator asks only for the page it shows."""

    def __init__(self, queryset, languages):
        self.queryset = queryset
        self.languages = languages

    @cached_property
    def total(self):
        return self.queryset.count() * len(self.languages)

    def __len__(self):
        return self.total

    def __getitem__(self, index):
        start, stop, _step = index.indices(len(self))
        per_record = len(self.languages)
        first = start // per_record
        records = self.queryset[first : -(-stop // per_record)]
        pairs = [(record, language) for record in records for language in self.languages]
        return pairs[start - first * per_record : stop - first * per_record]


class RecordSitemap(Sitemap):
    """The published records of one model that have a page of their own, in
    Swedish and English, each listing the other as an alternate."""

    model = None
    i18n = True
    alternates = True
    limit = 200  # addresses per sitemap page (each with its alternates)

    def items(self):
        return self.model.objects.published().order_by("pk")

    def _items(self):
        return LanguagePairs(self.items(), self._languages())

    def lastmod(self, obj):
        return obj.updated_at

    def get_latest_lastmod(self):
        return self.items().aggregate(latest=Max("updated_at"))["latest"]


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
        ("cases:compare", Case),
        ("cases:calculator", None),
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
        return self.latest_change(item[1])

    def latest_change(self, model):
        """One query per model (the sitemap lives for one request)."""
        if model is None:
            return None
        if not hasattr(self, "_latest"):
            self._latest = {}
        if model not in self._latest:
            latest = model.objects.published().aggregate(latest=Max("updated_at"))["latest"]
            self._latest[model] = latest
        return self._latest[model]


SITEMAPS = {
    "pages": PageSitemap,
    "instruments": InstrumentSitemap,
    "cases": CaseSitemap,
    "insights": InsightSitemap,
    "organisations": OrganisationSitemap,
    "audiences": AudienceSitemap,
    "topics": TopicSitemap,
}
