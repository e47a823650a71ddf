"""sitemap.xml: an index of sections listing every published page, with its
last change. Sections that grow come in pages of a bounded size, and a page
loads only the records it lists. What the index shows (how many records of
each kind, their last change, the topics) is read once per content version."""

from django.contrib.sitemaps import Sitemap, views
from django.db.models import Max
from django.http import HttpResponse
from django.urls import reverse

from cases.models import Case, Organisation
from insights.models import InsightArea
from instruments.models import Audience, Instrument
from publishing.cache import reads_query
from publishing.sites import sitemap_on_request_host
from publishing.tags import public_tags
from publishing.versions import versioned

from .middleware import only_read

LISTED = (Instrument, Case, InsightArea, Organisation, Audience)


def _read_facts():
    facts = {}
    for model in LISTED:
        published = model.objects.published()
        latest = published.aggregate(latest=Max("updated_at"))["latest"]  # from an index
        facts[model._meta.label_lower] = {"count": published.count(), "latest": latest}
    facts["topics"] = sorted(public_tags().values_list("slug", flat=True))
    return facts


def facts():
    """{model label: {count, latest}} of the published records of every listed
    model, and the published topics' slugs under "topics"."""
    return versioned("sitemap", _read_facts)


class FactsSitemap(Sitemap):
    """A section that reads what it shows from ``facts``, given once per request."""

    def __init__(self, known):
        self.known = known


class LanguagePairs:
    """(record, language) for every record of a queryset and every language,
    as Django's i18n sitemaps list them, but read from the database a slice
    at a time: the sitemap's paginator asks only for the page it shows."""

    def __init__(self, queryset, languages, count):
        self.queryset = queryset
        self.languages = languages
        self.total = count * len(languages)

    def __len__(self):
        return self.total

    def __getitem__(self, index):
        start, stop, _step = index.indices(len(self))
        per_record = len(self.languages)
        first = start // per_record
        records = self.queryset[first : -(-stop // per_record)]
        pairs = [(record, language) for record in records for language in self.languages]
        return pairs[start - first * per_record : stop - first * per_record]


class RecordSitemap(FactsSitemap):
    """The published records of one model that have a page of their own, in
    Swedish and English, each listing the other as an alternate."""

    model = None
    i18n = True
    alternates = True
    limit = 200  # addresses per sitemap page (each with its alternates)

    def items(self):
        return self.model.objects.published().order_by("pk")

    def _items(self):
        count = self.known[self.model._meta.label_lower]["count"]
        return LanguagePairs(self.items(), self._languages(), count)

    def lastmod(self, obj):
        return obj.updated_at

    def get_latest_lastmod(self):
        return self.known[self.model._meta.label_lower]["latest"]


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


class TopicSitemap(FactsSitemap):
    """Topics that published content carries."""

    priority = 0.3
    i18n = True
    alternates = True

    def items(self):
        return self.known["topics"]

    def location(self, slug):
        return reverse("hub:tag", args=[slug])


class PageSitemap(FactsSitemap):
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
        return None if model is None else self.known[model._meta.label_lower]["latest"]


SITEMAPS = {
    "pages": PageSitemap,
    "instruments": InstrumentSitemap,
    "cases": CaseSitemap,
    "insights": InsightSitemap,
    "organisations": OrganisationSitemap,
    "audiences": AudienceSitemap,
    "topics": TopicSitemap,
}


def sections():
    known = facts()
    return {name: section(known) for name, section in SITEMAPS.items()}


@sitemap_on_request_host
def _index(request):
    return views.index(request, sections(), sitemap_url_name="sitemap-section")


KEPT_HEADERS = ("Content-Type", "Last-Modified", "X-Robots-Tag")


@only_read
def index(request):
    """The index, kept whole per content version and address: at 100 000 cases
    it lists a thousand pages of the cases' section."""

    def render():
        response = _index(request).render()
        return response.content, {name: response[name] for name in KEPT_HEADERS if name in response}

    content, headers = versioned("sitemap-index", render, request.scheme, request.get_host())
    return HttpResponse(content, headers=headers)


@only_read
@reads_query("p")
@sitemap_on_request_host
def section(request, section):
    return views.sitemap(request, sections(), section=section)
