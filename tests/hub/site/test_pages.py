"""Every page answers, shows its record, hides drafts, and every record is
reachable by links from the start page."""

import re
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlparse

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils.html import escape

from cases.models import Case, Organisation
from insights.models import Activity, InsightArea, Quote
from instruments.models import Audience, Citation, Instrument, Publication, Term
from publishing.models import CuratedModel, Status

pytestmark = pytest.mark.django_db

DETAIL_PAGES = [
    (Instrument, "instruments:detail", "name"),
    (Case, "cases:detail", "title"),
    (InsightArea, "insights:detail", "title"),
    (Organisation, "cases:organisation", "name"),
    (Audience, "hub:audience", "name"),
]

LIST_PAGES = [
    "hub:home",
    "hub:about",
    "instruments:list",
    "instruments:glossary",
    "instruments:reading_list",
    "insights:list",
    "insights:activities",
    "insights:dialogues",
    "cases:list",
    "cases:organisations",
]


class LinkParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.ids = [], set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])


def crawl(client, start="/", on_page=None):
    """Follow every internal link from ``start``; return {path: ids on the page}.
    ``on_page(path, html, links)`` sees every page on the way."""
    seen, queue = {}, [start]
    while queue:
        path = queue.pop()
        if path in seen:
            continue
        response = client.get(path)
        assert response.status_code == 200, path
        parser = LinkParser()
        html = response.content.decode()
        parser.feed(html)
        seen[path] = parser.ids
        if on_page:
            on_page(path, html, parser.links)
        for href in parser.links:
            url = urlparse(urldefrag(href).url)
            if url.netloc or not url.path.startswith("/") or url.path.startswith("/admin/"):
                continue
            if url.path.startswith("/en/") or url.path.startswith("/i18n/"):
                continue
            queue.append(url.path + (f"?{url.query}" if url.query else ""))
    return seen


def shown_and_missing(client, marks=()):
    """Crawl the site; return the (page, mark) pairs where one of ``marks``
    shows, and the (page, path, anchor) links whose #anchor is missing."""
    shown, anchored = [], []

    def visit(path, html, links):
        shown.extend((path, mark) for mark in marks if mark in html)
        for href in links:
            url, anchor = urldefrag(href)
            url = urlparse(url)
            if anchor and not url.netloc and not url.path.startswith(("/en/", "/admin/")):
                anchored.append((path, url.path or urlparse(path).path, anchor))

    pages = crawl(client, on_page=visit)
    assert len(anchored) > 100
    return shown, [link for link in anchored if link[2] not in pages.get(link[1], set())]


@pytest.mark.slow
def test_no_link_points_to_a_missing_anchor(client):
    assert shown_and_missing(client) == ([], [])


@pytest.mark.parametrize("name", LIST_PAGES)
def test_list_and_site_pages_answer(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert '<html lang="sv">' in response.content.decode()


@pytest.mark.parametrize("model, url_name, field", DETAIL_PAGES, ids=lambda v: str(v))
def test_every_published_record_has_a_page_showing_it(client, model, url_name, field):
    for obj in model.objects.published():
        response = client.get(reverse(url_name, args=[obj.slug]))
        assert response.status_code == 200
        assert getattr(obj, field) in response.content.decode()


@pytest.mark.parametrize("model, url_name, field", DETAIL_PAGES, ids=lambda v: str(v))
def test_unknown_slug_answers_404(client, model, url_name, field):
    response = client.get(reverse(url_name, args=["finns-inte"]))
    assert response.status_code == 404
    assert "Sidan finns inte" in response.content.decode()


@pytest.mark.parametrize("status", [Status.DRAFT, Status.REVIEW, Status.WITHDRAWN])
@pytest.mark.parametrize("model, url_name, field", DETAIL_PAGES, ids=lambda v: str(v))
def test_unpublished_record_answers_404_to_anonymous(client, model, url_name, field, status):
    obj = model.objects.published().first()
    model.objects.filter(pk=obj.pk).update(status=status)
    response = client.get(reverse(url_name, args=[obj.slug]))
    assert response.status_code == 404


def test_draft_case_is_not_listed_anywhere(client):
    case = Case.objects.get(slug="region-stockholm-halsoobligation")
    Case.objects.filter(pk=case.pk).update(status=Status.DRAFT)
    for path in ["/", "/fall/", "/instrument/sociala-obligationer/", "/aktorer/skandia/"]:
        body = client.get(path).content.decode()
        assert case.title not in body, path


@pytest.mark.slow
def test_a_publication_taken_back_is_cited_on_no_page(client):
    # Every source but the report itself (which the footer names) goes back to
    # draft: no page may cite it any more, by its title or by its address.
    drafted = Publication.objects.published().exclude(slug="rapport-2020-2")
    cited = Citation.objects.filter(publication__in=drafted).select_related("publication")
    marks = {f"<cite>{escape(c.publication.title)}</cite>" for c in cited} | {
        f'href="{escape(c.publication.url)}"' for c in cited if c.publication.url
    }
    assert len(marks) > 20
    drafted.update(status=Status.DRAFT)
    assert shown_and_missing(client, marks) == ([], [])


LINKED_MODELS = [Audience, Instrument, InsightArea, Activity, Organisation, Case]


@pytest.mark.slow
def test_no_page_links_to_a_record_taken_back(client):
    # One record of every kind that has a page or an anchor goes back to draft
    # at once: no page may link to it any more, and a drafted quote is not shown.
    drafted = [model.objects.published().first() for model in LINKED_MODELS]
    drafted.append(Term.objects.get(slug="interna-utfallskontrakt"))  # linked to by anchor
    quote = Quote.objects.published().first()
    for obj in [*drafted, quote]:
        type(obj).objects.filter(pk=obj.pk).update(status=Status.DRAFT)
    marks = {f'href="{obj.get_absolute_url()}"' for obj in drafted} | {escape(quote.text)}
    assert shown_and_missing(client, marks) == ([], [])


@pytest.mark.slow
def test_every_record_is_reachable_from_the_start_page(client):
    pages = crawl(client)
    paths = set(pages)
    anchors = {(path, anchor) for path, ids in pages.items() for anchor in ids}
    for model in apps.get_models():
        if not issubclass(model, CuratedModel):
            continue
        for obj in model.objects.published():
            url = obj.get_absolute_url()
            path, anchor = urldefrag(url)
            if "?" in path:
                continue
            assert path in paths, f"{model.__name__} {obj}: {url} not linked"
            if anchor:
                assert (path, anchor) in anchors, f"{model.__name__} {obj}: #{anchor} missing"


def test_amounts_are_formatted_the_swedish_way(client):
    body = client.get(reverse("cases:detail", args=["region-stockholm-halsoobligation"]))
    text = body.content.decode()
    assert re.search(r"30\xa0000\xa0000 kr", text)
    botkyrka = client.get(reverse("cases:detail", args=["botkyrka-internt-utfallskontrakt"]))
    assert "uppgift saknas" in botkyrka.content.decode()
