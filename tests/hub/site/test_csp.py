"""The strict Content-Security-Policy: what every page sends, that no
template the site renders breaks it, where browsers report violations (and
that nobody can break that endpoint or flood the logs through it), and the
headers static files get. In a real browser: tests/browser/test_csp.py."""

import json
import logging
import re

import pytest
from django.test import Client

from cases.models import Case
from hub import csp
from tests.hub.test_production import PRODUCTION, run_with
from tests.pages import PAGE_TYPES
from tests.publishing.test_workflow import make_user

pytestmark = pytest.mark.django_db

REPORT_URL = "/csp-rapport/"
CARD = "/fall/norrkoping-socialt-utfallskontrakt/kort/"


def policy(response):
    return dict(
        (part.strip().split(" ", 1) + [""])[:2]
        for part in response["Content-Security-Policy"].split(";")
    )


# -- the policy ------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/instrument/sociala-utfallskontrakt/", "/admin/login/"])
def test_pages_allow_nothing_by_default_and_say_where_to_report(client, path):
    response = client.get(path)
    assert response.status_code == 200
    directives = policy(response)
    assert directives["default-src"] == "'none'"
    assert directives["script-src"] == directives["style-src"] == "'self'"
    assert directives["img-src"] == directives["connect-src"] == "'self'"
    assert directives["base-uri"] == directives["frame-ancestors"] == "'none'"
    assert "unsafe" not in response["Content-Security-Policy"]
    assert directives["report-uri"] == REPORT_URL and directives["report-to"] == "csp"
    assert response["Reporting-Endpoints"] == f'csp="{REPORT_URL}"'


def test_cards_may_be_framed_anywhere_and_still_report(client):
    response = client.get(CARD)
    directives = policy(response)
    assert directives["frame-ancestors"] == "*" and directives["default-src"] == "'none'"
    assert directives["report-to"] == "csp" and response["Reporting-Endpoints"]


def test_cached_pages_keep_the_policy_and_the_reporting_header(settings):
    settings.CACHE_MIDDLEWARE_SECONDS = 600
    first = Client().get("/om/")
    cached = Client().get("/om/")
    assert cached.get("Age") is not None
    for header in ["Content-Security-Policy", "Reporting-Endpoints"]:
        assert cached[header] == first[header]


# -- nothing inline in what the templates render ------------------------------------------

INLINE = {
    "style attribute": re.compile(r"<[a-zA-Z][^>]*\sstyle\s*=", re.IGNORECASE),
    "style element": re.compile(r"<style[\s>]", re.IGNORECASE),
    "inline script": re.compile(r"<script(?![^>]*\ssrc=)[^>]*>", re.IGNORECASE),
    "event handler attribute": re.compile(r"<[a-zA-Z][^>]*\son[a-z]+\s*=", re.IGNORECASE),
    "javascript: URL": re.compile(r"""(?:href|src|action)\s*=\s*["']?\s*javascript:""", re.I),
}


def inline_code(html):
    return {name: found for name, rule in INLINE.items() if (found := rule.findall(html))}


def test_no_public_page_has_inline_styles_or_scripts(client):
    found = {}
    for name, path in PAGE_TYPES.items():
        if inline := inline_code(client.get(path).content.decode()):
            found[name] = inline
    assert found == {}


def test_no_admin_page_a_curator_uses_has_inline_styles_or_scripts():
    admin = Client()
    admin.force_login(make_user("superuser"))
    case = Case.objects.get(slug="norrkoping-socialt-utfallskontrakt")
    paths = [
        "/admin/",
        "/admin/cases/case/",
        "/admin/cases/case/add/",
        f"/admin/cases/case/{case.pk}/change/",
        f"/admin/cases/case/{case.pk}/history/",
        f"/admin/cases/case/{case.pk}/history/{case.history.first().pk}/",
        "/admin/cases/organisation/add/?_to_field=id&_popup=1",
        "/admin/instruments/legalnote/add/",  # filter_horizontal
        "/admin/publishing/pendingchange/",
        "/admin/password_change/",
    ]
    found = {}
    for path in paths:
        response = admin.get(path)
        assert response.status_code == 200, path
        if inline := inline_code(response.content.decode()):
            found[path] = inline
    assert found == {}


# -- the report endpoint -------------------------------------------------------------------

REPORT_URI_BODY = {
    "csp-report": {
        "document-uri": "https://kunskapshubben.example.se/instrument/sociala-utfallskontrakt/",
        "referrer": "",
        "violated-directive": "style-src-attr",
        "effective-directive": "style-src-attr",
        "original-policy": "default-src 'none'; report-uri /csp-rapport/",
        "disposition": "enforce",
        "blocked-uri": "inline",
        "status-code": 200,
    }
}
# As Chromium 156 queues it (seen with the DevTools protocol's Reporting API events).
REPORT_TO_BODY = [
    {
        "age": 10,
        "type": "csp-violation",
        "url": "https://kunskapshubben.example.se/fall/",
        "user_agent": "Mozilla/5.0",
        "body": {
            "blockedURL": "https://tracker.example.com/pixel.gif",
            "columnNumber": 53,
            "disposition": "enforce",
            "documentURL": "https://kunskapshubben.example.se/fall/",
            "effectiveDirective": "img-src",
            "lineNumber": 1,
            "originalPolicy": "default-src 'none'; report-to csp",
            "referrer": "",
            "sample": "",
            "sourceFile": "https://kunskapshubben.example.se/fall/",
            "statusCode": 200,
        },
    },
    {"age": 3, "type": "deprecation", "url": "https://x.example/", "body": {"id": "x"}},
]

counter = iter(range(1, 10**6))


@pytest.fixture
def browser_at():
    """A client from an address of its own, so each test starts below the rate
    limits whatever the others posted."""
    number = next(counter)
    return Client(REMOTE_ADDR=f"10.{number // 65536 % 256}.{number // 256 % 256}.{number % 256}")


def post(client, body, content_type="application/csp-report", **extra):
    data = body if isinstance(body, (str, bytes)) else json.dumps(body)
    return client.post(REPORT_URL, data, content_type=content_type, **extra)


def logged(caplog):
    return [r.getMessage() for r in caplog.records if r.name == "hub.csp"]


def test_a_report_uri_report_is_logged_and_answered_with_no_content(browser_at, caplog):
    browser_at.handler.enforce_csrf_checks = True  # browsers send no CSRF token
    with caplog.at_level(logging.WARNING, logger="hub.csp"):
        response = post(browser_at, REPORT_URI_BODY)
    assert response.status_code == 204 and response.content == b""
    assert "no-store" in response["Cache-Control"]
    assert [r.levelno for r in caplog.records if r.name == "hub.csp"] == [logging.WARNING]
    assert logged(caplog) == [
        "CSP violation: "
        "document-uri='https://kunskapshubben.example.se/instrument/sociala-utfallskontrakt/' "
        "violated-directive='style-src-attr' blocked-uri='inline'"
    ]


def test_a_reporting_api_batch_logs_its_csp_violations_only(browser_at, caplog):
    with caplog.at_level(logging.WARNING, logger="hub.csp"):
        response = post(browser_at, REPORT_TO_BODY, "application/reports+json")
    assert response.status_code == 204
    assert logged(caplog) == [
        "CSP violation: document-uri='https://kunskapshubben.example.se/fall/' "
        "violated-directive='img-src' blocked-uri='https://tracker.example.com/pixel.gif'"
    ]


def test_logged_values_are_short_and_on_one_line(browser_at, caplog):
    report = {
        "document-uri": "https://x/\nFAKE LOG LINE " + "a" * 5000,
        "violated-directive": {"nested": [1, 2]},
        "blocked-uri": None,
    }
    body = {"csp-report": report}
    many = [REPORT_TO_BODY[0]] * 20  # about 11 KB
    with caplog.at_level(logging.WARNING, logger="hub.csp"):
        assert post(browser_at, body).status_code == 204
        assert post(browser_at, many, "application/reports+json").status_code == 204
    first, *batch = logged(caplog)
    assert "\n" not in first and len(first) < 400 and "\\nFAKE LOG LINE" in first
    assert "violated-directive='{\"nested\": [1, 2]}' blocked-uri='null'" in first
    assert len(batch) == csp.MAX_REPORTS


def test_the_rate_limit_stops_a_flood_from_one_address_and_from_all(monkeypatch, caplog):
    monkeypatch.setattr(csp, "REPORT_RATES", [("ip", "3/h"), (csp.everyone, "5/h")])
    one, other, third = (Client(REMOTE_ADDR=f"192.0.2.{n}") for n in (1, 2, 3))
    with caplog.at_level(logging.WARNING):
        assert [post(one, REPORT_URI_BODY).status_code for _ in range(4)] == [204] * 3 + [429]
        assert post(one, b"{", "text/plain").status_code == 429  # bad bodies count too
        assert one.get(REPORT_URL).status_code == 429
        assert [post(other, REPORT_URI_BODY).status_code for _ in range(3)] == [204, 204, 429]
        assert post(third, REPORT_URI_BODY).status_code == 429  # five from all: enough
    assert len(logged(caplog)) == 5
    assert [r for r in caplog.records if r.name == "django.request"] == []  # nor the 429s


HOSTILE = {
    "not JSON": (b"{csp-report", "application/csp-report", 400),
    "not UTF-8": (b'{"csp-report": {"blocked-uri": "\xff\xfe"}}', "application/csp-report", 400),
    "JSON of another shape": (b'["csp-report"]', "application/csp-report", 400),
    "a report that is not an object": (b'{"csp-report": "x"}', "application/csp-report", 400),
    "a batch that is not a list": (b'{"type": "csp-violation"}', "application/reports+json", 400),
    "a batch of strings": (b'["a", "b"]', "application/reports+json", 400),
    "nested without end": (b"[" * 15000, "application/reports+json", 400),
    "a number too long to read": (b"1" * 10000, "application/csp-report", 400),
    "too big": (b'{"csp-report": {"x": "' + b"a" * 17000 + b'"}}', "application/csp-report", 413),
    "plain text": (b"hello", "text/plain", 415),
    "plain JSON": (json.dumps(REPORT_URI_BODY).encode(), "application/json", 415),
    "a form": (b"csp-report=1", "application/x-www-form-urlencoded", 415),
}


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_bodies_get_a_client_error_never_a_server_error(browser_at, caplog, name):
    body, content_type, status = HOSTILE[name]
    with caplog.at_level(logging.WARNING, logger="hub.csp"):
        assert post(browser_at, body, content_type).status_code == status
    assert logged(caplog) == []


def test_an_empty_body_wrong_methods_and_a_bad_length_are_refused(browser_at):
    # (the test client sends no content type with an empty body unless told)
    empty = browser_at.post(REPORT_URL, b"", content_type="", CONTENT_TYPE="application/csp-report")
    assert empty.status_code == 400
    assert browser_at.get(REPORT_URL).status_code == 405
    assert browser_at.get(REPORT_URL)["Allow"] == "POST"
    assert (
        browser_at.put(REPORT_URL, "{}", content_type="application/csp-report").status_code == 405
    )
    bad_length = post(browser_at, REPORT_URI_BODY, CONTENT_LENGTH="many")
    assert bad_length.status_code == 400
    too_long = post(browser_at, REPORT_URI_BODY, CONTENT_LENGTH=str(10**9))
    assert too_long.status_code == 413


# -- static files ------------------------------------------------------------------------


def test_static_files_carry_the_security_headers(tmp_path):
    """Whitenoise answers before the middleware that adds headers to pages."""
    code = (
        "import django; django.setup()\n"
        "from django.core.management import call_command\n"
        "from django.templatetags.static import static\n"
        "from django.test import Client\n"
        "call_command('collectstatic', interactive=False, verbosity=0)\n"
        "client = Client(HTTP_HOST='kunskapshubben.example.se')\n"
        "for name in ['css/site.css', 'admin/img/icon-addlink.svg']:\n"
        "    r = client.get(static(name), secure=True)\n"
        "    print(r.status_code, r['X-Content-Type-Options'], r['Referrer-Policy'],\n"
        "          r['Cross-Origin-Resource-Policy'], r.get('Content-Security-Policy'), sep='|')\n"
    )
    result = run_with({**PRODUCTION, "DJANGO_STATIC_ROOT": str(tmp_path)}, "-c", code)
    assert result.returncode == 0, result.stderr
    css, svg = (line.split("|") for line in result.stdout.splitlines())
    headers = ["200", "nosniff", "strict-origin-when-cross-origin", "same-origin"]
    assert css == [*headers, "None"]
    assert svg == [*headers, "default-src 'none'; style-src 'unsafe-inline'; sandbox"]
