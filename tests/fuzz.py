"""What the fuzz tests share (tests/hub/site/test_fuzz*.py): the requests'
parts as Hypothesis strategies, and a count of what was sent, by kind and by
URL pattern, printed at the end (``-s``) and written to
test-artifacts/fuzz-summary.txt."""

import os
import statistics
import time
from collections import Counter
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from tests.production import HOST, failure, routes


def examples(n):
    return settings(
        max_examples=n,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


# -- what was sent -----------------------------------------------------------------------

SENT = Counter()  # kind of input → requests that carried it
ANSWERS = Counter()  # (test, status class) → requests
SECONDS = Counter()  # test → seconds
PATTERNS = Counter()  # URL pattern (tests.production.Route) → requests to it
SUMMARY = Path(__file__).resolve().parent.parent / "test-artifacts" / "fuzz-summary.txt"


def count(response, kinds, pattern=None):
    SENT.update(["requests in all", *kinds])
    test = os.environ.get("PYTEST_CURRENT_TEST", "").split("::")[-1].split("[")[0].split(" ")[0]
    ANSWERS[test, f"{response.status_code // 100}xx"] += 1
    if pattern is not None:
        PATTERNS[test, pattern] += 1


def send(client, method, address, kinds, pattern=None, **extra):
    """One request, counted under each of ``kinds`` (and its URL pattern, a
    tests.production.Route); never a 5xx."""
    response = client.generic(method, address, **extra)
    count(response, kinds, pattern)
    assert response.status_code < 500, (method, address, extra, failure(response))
    return response


@pytest.fixture(autouse=True)
def _timed(request):
    start = time.monotonic()
    yield
    SECONDS[request.node.originalname] += time.monotonic() - start


def _patterns_lines():
    """For each test that names them: how many of the URL patterns it sent
    requests to, and how many to each."""
    every = routes()
    lines = []
    for test in sorted({test for test, _pattern in PATTERNS}):
        lines.append(f"  {test}:")
        for label, admin in (("public", False), ("admin", True)):
            sent = [PATTERNS[test, route] for route in every if route.admin == admin]
            hit = sum(1 for n in sent if n)
            lines.append(
                f"    {label} patterns: {hit} of {len(sent)} sent to; requests per pattern: "
                f"min {min(sent)}, median {statistics.median(sent):g}, max {max(sent)}"
            )
    return lines


@pytest.fixture(scope="module", autouse=True)
def _summary():
    """Everything the fuzz sent in this run so far (each module rewrites it)."""
    yield
    lines = ["What the fuzz sent (tests/hub/site/test_fuzz*.py)", ""]
    lines += [f"{count:7d}  {kind}" for kind, count in sorted(SENT.items())]
    lines += ["", "URL patterns:", *_patterns_lines()]
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


# -- values -------------------------------------------------------------------------------

text = st.text(st.characters(exclude_categories=["Cs"]), max_size=60)
unicode = st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=40)
FORM = "application/x-www-form-urlencoded"
bodies = st.one_of(
    st.just(b""),
    st.binary(max_size=200),
    st.dictionaries(unicode, unicode, max_size=5).map(lambda form: urlencode(form).encode()),
)

# -- addresses: every route, its slots filled with anything ---------------------------------

REAL = ["sociala-utfallskontrakt", "norrkoping-socialt-utfallskontrakt", "norrkopings-kommun",
        "forebyggande-insatser", "offentliga-aktorer", "interna-strukturer-i-det-offentliga",
        "cases", "csv", "json", "pages", "1", "0", "-1", "9" * 25, "x" * 3000]  # fmt: skip
ESCAPES = ["%00", "%2F", "%2f..%2f", "..", ".", "%2e%2e", "%c0%af", "%ff%fe", "%25", "%",
           "%u0000", "%e2%80%ae", "%0d%0a", "%20", "~", ";x=1", "%3B", "%3F"]  # fmt: skip
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
    """(address, kinds, route) for ``route``, its parts filled with anything."""
    tails = st.sampled_from(["", "", "", "x", "/", "//", "%00", "?q=%00"])
    return st.tuples(st.tuples(*map(part_values, route.parts)), tails).map(
        lambda built: (
            "/" + "".join(value for value, _kind in built[0]) + built[1],
            sorted({kind for _value, kind in built[0] if kind}),
            route,
        )
    )


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
headers = st.fixed_dictionaries({}, optional=HEADERS)
PROXY = {"BEHIND_PROXY": True, "SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https")}


def header_kinds(headers):
    kinds = [f"header {name[5:].replace('_', '-').title()}" for name in headers]
    jar = headers.get("HTTP_COOKIE")
    if jar:
        kinds += sorted({f"cookie {part.split('=')[0]}" for part in jar.split("; ")})
    return kinds
