"""Property-based fuzzing: whatever a browser sends to a public page, the
answer is never a server error (5xx), and the suggestion form stores either
one whole suggestion or nothing."""

from urllib.parse import quote, urlencode

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cases.models import Suggestion

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

EXAMPLES = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

PUBLIC_GET = [
    "/",
    "/for/offentliga-aktorer/",
    "/instrument/",
    "/instrument/jamfor/",
    "/instrument/sociala-utfallskontrakt/",
    "/instrument/sociala-utfallskontrakt/kort/",
    "/instrument/sociala-utfallskontrakt/rss/",
    "/begrepp/",
    "/lastips/",
    "/insikter/",
    "/insikter/interna-strukturer-i-det-offentliga/",
    "/vagar-framat/",
    "/dialoger/",
    "/fall/",
    "/fall/norrkoping-socialt-utfallskontrakt/",
    "/fall/norrkoping-socialt-utfallskontrakt/kort/",
    "/fall/rss/",
    "/fall/atom/",
    "/fall/tipsa/",
    "/aktorer/",
    "/aktorer/norrkopings-kommun/",
    "/amnen/",
    "/amnen/forebyggande-insatser/",
    "/amnen/forebyggande-insatser/atom/",
    "/sok/",
    "/om/",
    "/data/",
    "/data/cases.csv",
    "/data/cases.json",
    "/sitemap.xml",
    "/robots.txt",
    "/en/fall/",
    "/en/sok/",
]

# The parameters the pages read, plus anything else.
KNOWN = ["q", "typ", "sida", "instrument", "skede", "lan", "kommun", "omrade", "sektor",
         "amne", "fran", "till", "sortering", "förhandsvisning", "format"]  # fmt: skip
text = st.text(st.characters(exclude_categories=["Cs"]), max_size=60)
values = st.one_of(
    text,
    st.integers(-(10**20), 10**20).map(str),
    st.sampled_from(["01", "0180", "sociala-utfallskontrakt", "titel", "2019", "", " ", "%"]),
    st.text("&|!:*()'\"\\;<>%", max_size=20),
)
pairs = st.lists(st.tuples(st.one_of(st.sampled_from(KNOWN), text), values), max_size=8)
# Raw bytes, percent-encoded: invalid UTF-8 and stray separators included.
raw = st.binary(max_size=40).map(lambda b: quote(b, safe="=&"))
query_strings = st.one_of(pairs.map(urlencode), raw)


@pytest.mark.parametrize("path", PUBLIC_GET)
def test_public_pages_never_answer_a_server_error(path):
    client = Client(raise_request_exception=False)

    @EXAMPLES
    @given(query=query_strings)
    def check(query):
        response = client.get(f"{path}?{query}")
        assert response.status_code < 500, (path, query)

    check()


@EXAMPLES
@given(slug=text)
def test_any_address_is_a_page_or_a_not_found(slug):
    client = Client(raise_request_exception=False)
    for prefix in ("/fall/", "/instrument/", "/aktorer/", "/amnen/", "/api/cases/"):
        response = client.get(prefix + quote(slug, safe="") + "/")
        assert response.status_code < 500, (prefix, slug)


SUGGESTION_FIELDS = ["title", "organisations", "instrument", "place", "description",
                     "source_links", "contact_email", "website"]  # fmt: skip


@EXAMPLES
@given(
    form=st.fixed_dictionaries(
        {},
        optional={
            name: st.one_of(
                text,
                st.text(st.characters(exclude_categories=["Cs"]), min_size=900, max_size=6000),
                st.sampled_from(["sociala-utfallskontrakt", "1", "a@b.se", "<b>x</b>"]),
            )
            for name in SUGGESTION_FIELDS
        },
    ),
    address=st.ip_addresses(v=4).map(str),
)
def test_suggestion_form_never_fails_and_stores_whole_suggestions_or_nothing(form, address):
    client = Client(raise_request_exception=False)
    before = Suggestion.objects.count()
    response = client.post("/fall/tipsa/", form, REMOTE_ADDR=address)
    assert response.status_code < 500, form
    stored = Suggestion.objects.count() - before
    assert stored in (0, 1)
    if stored:
        suggestion = Suggestion.objects.latest("pk")
        assert suggestion.title == form["title"].strip() and suggestion.description
