"""Property-based fuzzing of the whole request: whatever a client sends
(address, query, method, headers, cookies, body) the answer is never a server
error (5xx), and the suggestion form stores either one whole suggestion or
nothing. Production settings (DEBUG off, the page cache on), through the
whole middleware stack; the examples are fixed (derandomize), so CI sees the
same ones each run. What was sent, by kind and count, is printed at the end
(``-s``) and written to test-artifacts/fuzz-summary.txt."""

from urllib.parse import quote, urlencode

import pytest
from django.test import override_settings
from hypothesis import given
from hypothesis import strategies as st

from cases.models import Suggestion
from tests.fuzz import (  # noqa: F401 - _summary and _timed are fixtures
    FORM,
    PAGE_METHODS,
    PROXY,
    _summary,
    _timed,
    addresses,
    bodies,
    content_types,
    count,
    examples,
    header_kinds,
    headers,
    method_kind,
    methods,
    send,
    text,
)
from tests.production import (
    ProductionClient,
    failure,
    production,  # noqa: F401 - the fixture
    routes,
)

pytestmark = [pytest.mark.django_db, pytest.mark.slow, pytest.mark.usefixtures("production")]

EXAMPLES = examples(200)


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
    "/fall/jamfor/",
    "/rakna/",
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
         "amne", "fran", "till", "sortering", "förhandsvisning", "format", "fall",
         "investering", "garanti", "tak", "utfall", "besparing", "ar"]  # fmt: skip
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
    client = ProductionClient()

    @EXAMPLES
    @given(query=query_strings)
    def check(query):
        send(client, "GET", f"{path}?{query}", [f"query strings ({len(PUBLIC_GET)} public pages)"])

    check()


@EXAMPLES
@given(slug=text)
def test_any_address_is_a_page_or_a_not_found(slug):
    client = ProductionClient()
    for prefix in ("/fall/", "/instrument/", "/aktorer/", "/amnen/", "/api/cases/"):
        send(client, "GET", prefix + quote(slug, safe="") + "/", ["slugs (5 record pages)"])


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
    client = ProductionClient()
    before = Suggestion.objects.count()
    response = client.post("/fall/tipsa/", form, REMOTE_ADDR=address)
    count(response, ["suggestion forms (POST)"])
    assert response.status_code < 500, (form, failure(response))
    stored = Suggestion.objects.count() - before
    assert stored in (0, 1)
    if stored:
        suggestion = Suggestion.objects.latest("pk")
        assert suggestion.title == form["title"].strip() and suggestion.description


# -- every route, its slots filled with anything ------------------------------------------

PUBLIC_ROUTES = [route for route in routes() if not route.admin]
ADMIN_ROUTES = [route for route in routes() if route.admin]
CURATOR_ROUTES = [
    route
    for route in ADMIN_ROUTES
    if route.name != "admin:logout"  # the curator stays in
]


def test_every_route_takes_anything_in_its_slots_and_any_method():
    client = ProductionClient()

    @examples(3000)
    @given(
        built=st.sampled_from(PUBLIC_ROUTES + ADMIN_ROUTES[::4]).flatmap(addresses),
        method=methods,
        body=bodies,
    )
    def check(built, method, body):
        address, kinds, pattern = built
        kinds = ["route addresses", *kinds, method_kind(method)]
        send(client, method, address, kinds, pattern, data=body, content_type=FORM)

    check()


def test_the_admin_takes_anything_in_its_slots_for_a_curator(admin_user):
    client = ProductionClient()
    client.force_login(admin_user)

    @examples(600)
    @given(
        built=st.sampled_from(CURATOR_ROUTES).flatmap(addresses),
        method=st.sampled_from(["GET", "HEAD", "POST"]),
        body=bodies,
    )
    def check(built, method, body):
        address, kinds, pattern = built
        kinds = ["admin addresses, logged in", *kinds, method_kind(method)]
        send(client, method, address, kinds, pattern, data=body, content_type=FORM)

    check()


# -- headers, cookies and bodies ----------------------------------------------------------

PAGES = ["/", "/fall/", "/fall/?q=utfall&sida=2", "/fall/norrkoping-socialt-utfallskontrakt/",
         "/fall/tipsa/", "/en/fall/tipsa/", "/sok/?q=utfall", "/en/sok/?q=-skola",
         "/fall/rss/", "/amnen/forebyggande-insatser/atom/", "/sitemap.xml",
         "/sitemap-cases.xml", "/robots.txt", "/api/cases/", "/api/cases/?q=utfall",
         "/data/cases.csv", "/admin/login/", "/konto/login/", "/konto/password_reset/",
         "/csp-rapport/", "/finns-inte/", "/static/css/site.css"]  # fmt: skip


def test_any_headers_cookies_and_body_on_any_page():
    client = ProductionClient(enforce_csrf_checks=True)

    @examples(2500)
    @given(
        address=st.sampled_from(PAGES),
        method=st.sampled_from(PAGE_METHODS + ["PUT", "TRACE"]),
        headers=headers,
        content_type=content_types,
        body=bodies,
        behind_proxy=st.booleans(),
    )
    def check(address, method, headers, content_type, body, behind_proxy):
        kinds = ["header sets", *header_kinds(headers), method_kind(method)]
        if body or method == "POST":
            kinds.append("header Content-Type (with a body)")
        with override_settings(**(PROXY if behind_proxy else {})):
            send(client, method, address, kinds, data=body, content_type=content_type, **headers)

    check()
