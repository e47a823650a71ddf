"""A page runs the same number of SQL queries with 3 rows and with 200 rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.models import Case
from publishing.models import Status
from publishing.versions import content_changed
from tests import growth
from tests.growth import add_deal_terms

pytestmark = pytest.mark.django_db


def queries(client, url):
    """The queries of a request right after a change: what is kept per content
    version is built again, so they are all counted."""
    client.get(url)  # what a process looks up once (the site, content types) is not counted
    content_changed()
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries)


KEPT = [
    "norrkoping-socialt-utfallskontrakt",
    "region-stockholm-halsoobligation",
    "botkyrka-internt-utfallskontrakt",
]


def keep_three_cases():
    Case.objects.exclude(slug__in=KEPT).update(status=Status.DRAFT)


NORRKOPING = "/fall/norrkoping-socialt-utfallskontrakt/"
COMPARE = (
    "/fall/jamfor/?fall=norrkoping-socialt-utfallskontrakt&fall=region-stockholm-halsoobligation"
)

SCENARIOS = {
    "start page": ("/", lambda: growth.add_cases(197)),
    "case library": ("/fall/", lambda: growth.add_cases(197)),
    "filtered case library": (
        "/fall/?instrument=sociala-utfallskontrakt&instrument=sociala-obligationer&fran=2000"
        "&sortering=titel",
        lambda: growth.add_cases(197),
    ),
    "instrument list": ("/instrument/", lambda: growth.add_terms(197)),
    "instrument": ("/instrument/sociala-utfallskontrakt/", lambda: growth.add_cases(197)),
    "comparison": ("/instrument/jamfor/", lambda: growth.add_cases(197)),
    "statistics": ("/statistik/", lambda: growth.add_cases(197)),
    "chooser": ("/instrument/valj/?kapital=ja&ideburen=ja", lambda: growth.add_cases(197)),
    "glossary": ("/begrepp/", lambda: growth.add_terms(197)),
    "reading list": ("/lastips/", lambda: growth.add_publications(197)),
    "insight": (
        "/insikter/interna-strukturer-i-det-offentliga/",
        lambda: (
            growth.add_quotes(growth.first_insight(), 197),
            growth.add_insight_cases(growth.first_insight(), 197),
        ),
    ),
    "dialogues": ("/dialoger/", lambda: growth.add_dialogues(197)),
    "case": (
        NORRKOPING,
        lambda: growth.add_participations(Case.objects.get(slug=NORRKOPING.split("/")[2]), 197),
    ),
    "organisations": ("/aktorer/", lambda: growth.add_organisations(197)),
    "organisation": ("/aktorer/leksell-social-ventures/", lambda: growth.add_cases(197)),
    "audience": ("/for/investerare/", lambda: growth.add_cases(197)),
    "topics": ("/amnen/", lambda: growth.add_cases(197)),
    "topic": ("/amnen/amne-1/", lambda: growth.add_cases(197)),
    "case with deal terms": (NORRKOPING, lambda: add_deal_terms(NORRKOPING.split("/")[2], 197)),
    "case comparison": (
        COMPARE,
        lambda: (growth.add_cases(197), add_deal_terms(NORRKOPING.split("/")[2], 197)),
    ),
    "case comparison picker": (COMPARE.split("&")[0], lambda: growth.add_cases(197)),
    "calculator": (
        "/rakna/?fall=norrkoping-socialt-utfallskontrakt",
        lambda: add_deal_terms(NORRKOPING.split("/")[2], 197),
    ),
}


@pytest.mark.parametrize("name", SCENARIOS)
def test_queries_do_not_grow_with_rows(client, name):
    url, grow = SCENARIOS[name]
    keep_three_cases()
    if name == "topic":
        growth.add_cases(3, prefix="fa")
    few = queries(client, url)
    grow()
    many = queries(client, url)
    assert many == few, f"{name}: {few} queries with few rows, {many} with many"
    print(f"{name}: {few} queries")
