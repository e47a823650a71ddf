"""Property-based fuzzing of the whole request: whatever a client sends
(address, query, method, headers, cookies, body) the answer is never a server
error (5xx), and the suggestion form stores either one whole suggestion or
nothing. Production settings (DEBUG off, the page cache on), through the
whole middleware stack; the examples are fixed (derandomize), so CI sees the
same ones each run. What was sent, by kind and count, is printed at the end
(``-s``) and written to test-artifacts/fuzz-summary.txt."""

import os
import time
from collections import Counter
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cases.models import Suggestion
from tests.production import (
    HOST,
    ProductionClient,
    failure,
    production,  # noqa: F401 - the fixture
    routes,
)

pytestmark = [pytest.mark.django_db, pytest.mark.slow, pytest.mark.usefixtures("production")]


def examples(n):
    return settings(
        max_examples=n,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


EXAMPLES = examples(200)

# -- what was sent -----------------------------------------------------------------------

SENT = Counter()  # kind of input → requests that carried it
ANSWERS = Counter()  # (test, status class) → requests
SECONDS = Counter()  # test → seconds
SUMMARY = Path(__file__).resolve().parents[3] / "test-artifacts" / "fuzz-summary.txt"


def count(response, kinds):
    SENT.update(["requests in all", *kinds])
    test = os.environ.get("PYTEST_CURRENT_TEST", "").split("::")[-1].split("[")[0].split(" ")[0]
    ANSWERS[test, f"{response.status_code // 100}xx"] += 1


def send(client, method, address, kinds, **extra):
    """One request, counted under each of ``kinds``; never a 5xx."""
    response = client.generic(method, address, **extra)
    count(response, kinds)
    assert response.status_code < 500, (method, address, extra, failure(response))
    return response


@pytest.fixture(autouse=True)
def _timed(request):
    start = time.monotonic()
    yield
    SECONDS[request.node.originalname] += time.monotonic() - start


@pytest.fixture(scope="module", autouse=True)
def _summary():
    yield
    lines = ["What the fuzz sent (tests/hub/site/test_fuzz.py)", ""]
    lines += [f"{count:7d}  {kind}" for kind, count in sorted(SENT.items())]
    lines += ["", "Seconds and answers per test:"]
    for name, seconds in sorted(SECONDS.items()):
        answers = ", ".join(
            f"{n} {status}" for (test, status), n in sorted(ANSWERS.items()) if test == name
        )
        lines.append(f"{seconds:7.1f}  {name} ({answers})")
    lines.append(f"{sum(SECONDS.values()):7.1f}  in all")
    SUMMARY.parent.mkdir(exist_ok=True)
    SUMMARY.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n" + "\n".join(lines))


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
    client = ProductionClient()

    @EXAMPLES
    @given(query=query_strings)
    def check(query):
        send(client, "GET", f"{path}?{query}", ["query strings (33 public pages)"])

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

REAL = ["sociala-utfallskontrakt", "norrkoping-socialt-utfallskontrakt", "norrkopings-kommun",
        "forebyggande-insatser", "offentliga-aktorer", "interna-strukturer-i-det-offentliga",
        "cases", "csv", "json", "pages", "1", "0", "-1", "9" * 25, "x" * 3000]  # fmt: skip
ESCAPES = ["%00", "%2F", "%2f..%2f", "..", ".", "%2e%2e", "%c0%af", "%ff%fe", "%25", "%",
           "%u0000", "%e2%80%ae", "%0d%0a", "%20", "~", ";x=1", "%3B", "%3F"]  # fmt: skip
unicode = st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=40)
slot_values = st.one_of(
    st.sampled_from(REAL),
    st.sampled_from(ESCAPES),
    unicode.map(lambda value: quote(value, safe="")),
    st.binary(min_size=1, max_size=30).map(lambda value: quote(value, safe="")),  # any bytes
    st.integers(-(10**30), 10**30).map(str),
    st.text("-_.~%0123456789abcdefåäö", min_size=1, max_size=300),
)
LANGUAGES = ["", "en/", "sv/", "de/", "EN/"]
PAGE_METHODS = ["GET", "HEAD", "POST", "OPTIONS"]
OTHER_METHODS = ["PUT", "PATCH", "DELETE", "TRACE", "TRACK", "CONNECT", "PROPFIND", "MKCOL",
                 "LOCK", "SEARCH", "QUERY", "BREW", "get", "X-CUSTOM"]  # fmt: skip
NAMED_METHODS = PAGE_METHODS + OTHER_METHODS
methods = st.one_of(
    st.sampled_from(PAGE_METHODS),
    st.sampled_from(OTHER_METHODS),
    st.from_regex(r"[A-Z][A-Z_-]{0,15}", fullmatch=True),
)


def method_kind(method):
    return f"method {method if method in NAMED_METHODS else '(made-up)'}"


def part_values(part):
    """What goes where a route has ``part``, and the kind it is counted as."""
    kind = part[0]
    if kind == "text":
        return st.just((part[1], None))
    if kind == "language":
        return st.sampled_from(LANGUAGES).map(lambda value: (value, "language prefix"))
    if kind == "slot":
        return slot_values.map(lambda value: (value, f"path slot <{part[1]}>"))
    matching = st.from_regex(part[1], fullmatch=True).map(lambda value: quote(value, safe="/"))
    return st.one_of(matching, slot_values).map(lambda value: (value, "path part (regex route)"))


def addresses(route):
    tails = st.sampled_from(["", "", "", "x", "/", "//", "%00", "?q=%00"])
    return st.tuples(st.tuples(*map(part_values, route.parts)), tails).map(
        lambda built: (
            "/" + "".join(value for value, _kind in built[0]) + built[1],
            sorted({kind for _value, kind in built[0] if kind}),
        )
    )


PUBLIC_ROUTES = [route for route in routes() if not route.admin]
ADMIN_ROUTES = [route for route in routes() if route.admin]
CURATOR_ROUTES = [
    route
    for route in ADMIN_ROUTES
    if route.name != "admin:logout"  # the curator stays in
]
FORM = "application/x-www-form-urlencoded"
bodies = st.one_of(
    st.just(b""),
    st.binary(max_size=200),
    st.dictionaries(unicode, unicode, max_size=5).map(lambda form: urlencode(form).encode()),
)


def test_every_route_takes_anything_in_its_slots_and_any_method():
    client = ProductionClient()

    @examples(3000)
    @given(
        built=st.sampled_from(PUBLIC_ROUTES + ADMIN_ROUTES[::4]).flatmap(addresses),
        method=methods,
        body=bodies,
    )
    def check(built, method, body):
        address, kinds = built
        kinds = ["route addresses", *kinds, method_kind(method)]
        send(client, method, address, kinds, data=body, content_type=FORM)

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
        address, kinds = built
        kinds = ["admin addresses, logged in", *kinds, method_kind(method)]
        send(client, method, address, kinds, data=body, content_type=FORM)

    check()


# -- headers, cookies and bodies ----------------------------------------------------------

# Header values as a WSGI server hands them over: latin-1 text, no line breaks.
header_text = st.text(st.characters(max_codepoint=255, exclude_characters="\r\n"), max_size=80)


def header(*samples):
    return st.one_of(st.sampled_from(samples), header_text)


hosts = header(HOST, "testserver", f"{HOST}:443", "evil.example", "127.0.0.1", "[::1]",
               "[::1]:80", "", ":", "a" * 300, f"{HOST}.", f"{HOST}:x", "xn--bcher-kva.ch",
               "localhost@evil.example", f"evil.example/{HOST}")  # fmt: skip
COOKIE_NAMES = ["sessionid", "csrftoken", "django_language", "messages", "hub_staff", "x"]
cookie_values = st.one_of(
    st.sampled_from(["", "en", "sv", "abcdefghijkl\x00mnopqrstuvwxyz0123", '"\\000"', '"a;b"',
                     "a" * 5000, "x" * 32]),
    header_text.filter(lambda value: ";" not in value),
)  # fmt: skip
cookies = st.dictionaries(st.sampled_from(COOKIE_NAMES), cookie_values, max_size=4).map(
    lambda jar: "; ".join(f"{name}={value}" for name, value in jar.items())
)
dates = header("Sun, 06 Nov 1994 08:49:37 GMT", "Sun, 06 Nov 99999 08:49:37 GMT",
               "Thu, 01 Jan 1970 00:00:00 GMT", "-1", "0",
               "Mon, 32 Foo 2020 99:99:99 GMT")  # fmt: skip
etags = header('"x"', 'W/"x"', "*", '"' * 9, ", ".join(['"a"'] * 500))
CHARSETS = ["utf-8", "UTF-8", "utf-7", "utf-16", "utf-32", "latin-1", "windows-1252",
            "ascii", "hex", "rot13", "zlib", "idna", "punycode", "undefined", "nonesuch",
            "", '"utf-8"', "utf-8\x00", "\x00", "x" * 500]  # fmt: skip
KINDS = [FORM, "multipart/form-data", "text/plain", "application/json",
         "application/csp-report", ""]  # fmt: skip
content_types = st.one_of(
    st.tuples(st.sampled_from(KINDS), st.sampled_from(CHARSETS)).map("; charset=".join),
    header(FORM, "multipart/form-data; boundary=", "multipart/form-data; boundary=x",
           "multipart/form-data; boundary=" + "x" * 2000),
)  # fmt: skip
HEADERS = {
    "HTTP_HOST": hosts,
    "HTTP_ACCEPT_LANGUAGE": header("sv", "en", "sv-SE,sv;q=0.9,en;q=0.8", "*", "en;q=x", "de",
                                   "sv," * 2000, ""),
    "HTTP_COOKIE": cookies,
    "HTTP_X_FORWARDED_FOR": header("1.2.3.4", "1.2.3.4, 5.6.7.8", "::1", "unknown", "",
                                   ", , ,", "x" * 500),
    "HTTP_X_FORWARDED_PROTO": header("https", "http", "https, http", ""),
    "HTTP_X_FORWARDED_HOST": hosts,
    "HTTP_IF_NONE_MATCH": etags,
    "HTTP_IF_MODIFIED_SINCE": dates,
    "HTTP_IF_UNMODIFIED_SINCE": dates,
    "HTTP_IF_MATCH": etags,
    "HTTP_RANGE": header("bytes=0-10", "bytes=-1", "bytes=10-0", "bytes=0-,0-"),
    "HTTP_ORIGIN": header(f"https://{HOST}", "null", "https://evil.example"),
    "HTTP_REFERER": header(f"https://{HOST}/fall/", "//", "http://["),
    "HTTP_USER_AGENT": header_text,
    "HTTP_ACCEPT": header("application/json", "*/*", "text/html;q=x"),
    "HTTP_X_CSRFTOKEN": header_text,
}  # fmt: skip
PAGES = ["/", "/fall/", "/fall/?q=utfall&sida=2", "/fall/norrkoping-socialt-utfallskontrakt/",
         "/fall/tipsa/", "/en/fall/tipsa/", "/sok/?q=utfall", "/en/sok/?q=-skola",
         "/fall/rss/", "/amnen/forebyggande-insatser/atom/", "/sitemap.xml",
         "/sitemap-cases.xml", "/robots.txt", "/api/cases/", "/api/cases/?q=utfall",
         "/data/cases.csv", "/admin/login/", "/konto/login/", "/konto/password_reset/",
         "/csp-rapport/", "/finns-inte/", "/static/css/site.css"]  # fmt: skip
PROXY = {"BEHIND_PROXY": True, "SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https")}


def header_kinds(headers):
    kinds = [f"header {name[5:].replace('_', '-').title()}" for name in headers]
    jar = headers.get("HTTP_COOKIE")
    if jar:
        kinds += sorted({f"cookie {part.split('=')[0]}" for part in jar.split("; ")})
    return kinds


def test_any_headers_cookies_and_body_on_any_page():
    client = ProductionClient(enforce_csrf_checks=True)

    @examples(2500)
    @given(
        address=st.sampled_from(PAGES),
        method=st.sampled_from(PAGE_METHODS + ["PUT", "TRACE"]),
        headers=st.fixed_dictionaries({}, optional=HEADERS),
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
