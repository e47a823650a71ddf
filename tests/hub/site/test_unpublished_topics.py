"""A topic (tag) that only unpublished records carry does not exist for the
public: not on its page or feeds, the topic list, the sitemap, the case
library's facet and chips, or the API."""

import re

import pytest

from cases.models import Case
from instruments.models import Instrument
from publishing.models import Status
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db

HIDDEN = {"bara-utkast": "bara utkast", "bara-tillbakadragen": "bara tillbakadragen"}
SHOWN = ("ett-publicerat-amne", "ett publicerat ämne")


@pytest.fixture
def topics():
    """A topic only a draft case carries, one only a withdrawn case carries,
    and one on a published case (returned)."""
    CaseFactory(status=Status.DRAFT).tags.add("bara utkast")
    CaseFactory(status=Status.WITHDRAWN).tags.add("bara tillbakadragen")
    case = CaseFactory(title="Ett publicerat testexempel")
    case.tags.add(SHOWN[1])
    return case


def sitemap_paths(client):
    index = client.get("/sitemap.xml").content.decode()
    body = "".join(
        client.get(loc).content.decode() for loc in re.findall(r"<loc>(.*?)</loc>", index)
    )
    return {re.sub(r"^https?://[^/]+", "", loc) for loc in re.findall(r"<loc>(.*?)</loc>", body)}


@pytest.mark.parametrize("slug", HIDDEN)
@pytest.mark.parametrize("suffix", ["", "rss/", "atom/"])
def test_a_topic_of_unpublished_records_has_no_page_and_no_feed(client, topics, slug, suffix):
    assert client.get(f"/amnen/{slug}/{suffix}").status_code == 404


def test_a_topic_of_unpublished_records_is_not_listed(client, topics):
    body = client.get("/amnen/").content.decode()
    paths = sitemap_paths(client)
    for slug, name in HIDDEN.items():
        assert name not in body and f"/amnen/{slug}/" not in paths
    assert SHOWN[1] in body and f"/amnen/{SHOWN[0]}/" in paths


@pytest.mark.parametrize("slug", HIDDEN)
def test_the_library_shows_no_chip_and_no_facet_option_for_it(client, topics, slug):
    response = client.get("/fall/", {"amne": slug})
    body = response.content.decode()
    assert response.status_code == 200
    assert HIDDEN[slug] not in body
    assert "Vi bortsåg från ogiltiga värden i: Ämne." in body
    amne = next(f for f in response.context["facets"] if f.name == "amne")
    assert slug not in [option.value for option in amne.options]
    assert response.context["chips"] == []
    assert response.context["paginator"].count == Case.objects.published().count()


@pytest.mark.parametrize("slug", HIDDEN)
def test_the_api_refuses_it_as_it_refuses_any_unknown_value(client, topics, slug):
    response = client.get("/api/cases/", {"amne": slug})
    unknown = client.get("/api/cases/", {"amne": "finns-inte"})
    assert response.status_code == unknown.status_code == 400
    (message,) = unknown.json()["amne"]
    assert message.startswith("Välj ett giltigt alternativ.")
    assert response.json() == {"amne": [message.replace("finns-inte", slug)]}


def test_a_topic_of_a_published_case_works_everywhere(client, topics):
    slug, name = SHOWN
    page = client.get(f"/amnen/{slug}/")
    assert page.status_code == 200 and "Ett publicerat testexempel" in page.content.decode()
    for feed in ("rss/", "atom/"):
        feed = client.get(f"/amnen/{slug}/{feed}")
        assert feed.status_code == 200 and topics.get_absolute_url() in feed.content.decode()
    library = client.get("/fall/", {"amne": slug})
    assert [chip.label for chip in library.context["chips"]] == [f"Ämne: {name.capitalize()}"]
    assert [case.pk for case in library.context["cases"]] == [topics.pk]
    api = client.get("/api/cases/", {"amne": slug})
    assert api.status_code == 200
    assert [row["slug"] for row in api.json()["results"]] == [topics.slug]


def test_a_topic_that_only_a_published_instrument_carries_is_public(client, topics):
    Instrument.objects.published().first().tags.add("bara utkast")
    assert client.get("/amnen/bara-utkast/").status_code == 200
    library = client.get("/fall/", {"amne": "bara-utkast"})
    assert [chip.label for chip in library.context["chips"]] == ["Ämne: Bara utkast"]
    assert library.context["paginator"].count == 0
    assert client.get("/api/cases/", {"amne": "bara-utkast"}).status_code == 200
