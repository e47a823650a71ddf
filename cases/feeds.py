"""Feeds of new and updated published cases: all, per instrument, per topic;
each as RSS 2.0 and Atom (django.contrib.syndication)."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from instruments.models import Instrument
from publishing.sites import RequestHostFeed
from publishing.tags import public_tags

from .models import Case

ITEMS = 50


class CaseFeed(RequestHostFeed, Feed):
    """New and updated published cases, most recently changed first."""

    title = _("Kunskapshubben: nya och ändrade exempel")
    description = _(
        "Svenska exempel på alternativa finansierings- och samverkansformer i välfärden."
    )

    def link(self, obj=None):
        return reverse("cases:list")

    def cases(self, obj):
        return Case.objects.published()

    def items(self, obj=None):
        return self.cases(obj).order_by("-updated_at", "-pk")[:ITEMS]

    def item_title(self, case):
        return case.title

    def item_description(self, case):
        return case.lead

    def item_pubdate(self, case):
        return case.published_at

    def item_updateddate(self, case):
        return case.updated_at


class CaseAtomFeed(CaseFeed):
    feed_type = Atom1Feed
    subtitle = CaseFeed.description


class InstrumentCaseFeed(CaseFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Instrument.objects.published(), slug=slug)

    def title(self, instrument):
        return _("Kunskapshubben: exempel på %(name)s") % {"name": instrument.name.lower()}

    def link(self, instrument):
        return instrument.get_absolute_url()

    def cases(self, instrument):
        return instrument.cases.published()


class InstrumentCaseAtomFeed(InstrumentCaseFeed):
    feed_type = Atom1Feed
    subtitle = CaseFeed.description


class TagCaseFeed(CaseFeed):
    def get_object(self, request, slug):
        return get_object_or_404(public_tags(), slug=slug)

    def title(self, tag):
        return _("Kunskapshubben: exempel om %(name)s") % {"name": tag.name}

    def link(self, tag):
        return reverse("hub:tag", args=[tag.slug])

    def cases(self, tag):
        return Case.objects.published().filter(tags=tag)


class TagCaseAtomFeed(TagCaseFeed):
    feed_type = Atom1Feed
    subtitle = CaseFeed.description
