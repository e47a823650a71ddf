"""Requests a client can send that answered 500 in production (gunicorn,
DEBUG off, PostgreSQL, the page cache on). Each is now a 4xx with the site's
Swedish page (JSON under /api/), or the page itself; none stores anything.

A body shorter than its Content-Length needs gunicorn: test_slow_clients.py."""

import json
import os
import re
import wsgiref.util
from unittest import mock

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.urls import reverse

from cases.models import Suggestion
from tests.production import (
    HOST,
    ProductionClient,
    failure,
    production,  # noqa: F401 - the fixture
    routes,
    sample_address,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("production")]

MODEL_ADMIN = re.compile(r"admin:[a-z]+_[a-z]+_")


def covered(route):
    """Every route but the admin's per model, which are alike: those of one
    model stand for them here (the fuzz visits them all)."""
    return not MODEL_ADMIN.match(route.name) or route.name.startswith("admin:cases_case_")


ADDRESSES = sorted(
    {
        sample_address(route, language)
        for route in routes()
        if covered(route)
        for language in ("", "en/")
        if language == "" or ("language",) in route.parts
    }
)
PAGES = sorted(
    {
        sample_address(route, language)
        for route in routes()
        if not route.admin
        for language in ("", "en/")
        if language == "" or ("language",) in route.parts
    }
)
REAL_PAGES = [
    "/",
    "/fall/",
    "/fall/norrkoping-socialt-utfallskontrakt/",
    "/fall/rss/",
    "/fall/atom/",
    "/amnen/forebyggande-insatser/rss/",
    "/amnen/forebyggande-insatser/atom/",
    "/instrument/sociala-utfallskontrakt/rss/",
    "/sitemap.xml",
    *(f"/sitemap-{section}.xml" for section in ("pages", "cases", "instruments", "topics")),
    "/robots.txt",
    "/sok/?q=utfall",
    "/en/fall/",
    "/api/cases/",
    "/data/cases.csv",
]


def bad_request_page(response, language="sv"):
    body = response.content.decode()
    title = {"sv": "<h1>Felaktig förfrågan</h1>", "en": "<h1>Bad request</h1>"}[language]
    return response["Content-Type"].startswith("text/html") and title in body


def language_of(address):
    return "en" if address.startswith("/en/") else "sv"


# -- 1. a Host header that is not the site's ---------------------------------------------


@pytest.mark.parametrize("address", ADDRESSES)
def test_a_host_that_is_not_the_sites_is_a_400_on_every_address(address):
    client = ProductionClient()
    client.get(address)  # the page as the site's own host caches it
    for _attempt in range(2):  # the second would come from the cache, if anything did
        response = client.get(address, HTTP_HOST="evil.example")
        assert response.status_code == 400, failure(response)
        assert response.get("Age") is None
        if address.startswith("/api/"):
            assert "värdnamn" in json.loads(response.content)["detail"]
        else:
            assert bad_request_page(response, language_of(address)), address
            assert "värdnamn" in response.content.decode() or address.startswith("/en/")
            assert "evil.example" not in response.content.decode()


# -- 2. searches websearch_to_tsquery could not parse -----------------------------------

WORD = "utfall"  # "skola" breaks it as well, but finds no case to compare
NOT_RUNS = [
    "-" * 33 + WORD,
    "-" * 40 + WORD,
    "- " * 40 + WORD,
    "-(" * 40 + WORD,
    WORD + " " + "-" * 40,
]


def found(address, response):
    if address.startswith("/api/"):
        return [case["slug"] for case in json.loads(response.content)["results"]]
    if "sok" in address:
        return [result.url for result in response.context["search"].results]
    return [case.pk for case in response.context["cases"]]


@pytest.mark.parametrize("address", ["/sok/", "/fall/", "/en/sok/", "/en/fall/", "/api/cases/"])
@pytest.mark.parametrize("query", NOT_RUNS, ids=range(len(NOT_RUNS)))
def test_a_run_of_not_operators_searches_for_the_word(address, query):
    client = ProductionClient()
    expected = client.get(address, {"q": WORD})
    response = client.get(address, {"q": query})
    assert response.status_code == 200, failure(response)
    assert found(address, response) == found(address, expected) != []


# -- 3. a NUL byte in a cookie ---------------------------------------------------------

COOKIES = ["sessionid", "csrftoken", "django_language", "messages", "hub_staff"]
NUL_VALUES = {
    "raw": "abcdefghijkl\x00mnopqrstuvwxyz0123",
    "short": "ab\x00c",
    "octal escape": '"abcdefghijkl\\000mnopqrstuvwxyz0123"',
}


@pytest.mark.parametrize("address", ["/", "/fall/", "/admin/login/", "/konto/password_reset/"])
@pytest.mark.parametrize("value", NUL_VALUES)
@pytest.mark.parametrize("name", COOKIES)
def test_a_cookie_with_a_nul_byte_is_forgotten(address, value, name):
    client = ProductionClient()
    plain = client.get(address)
    response = client.get(address, HTTP_COOKIE=f"{name}={NUL_VALUES[value]}")
    assert response.status_code == plain.status_code == 200, failure(response)
    if name in response.cookies and name not in plain.cookies:
        assert response.cookies[name]["max-age"] == 0  # the browser forgets it


@pytest.mark.parametrize("name", COOKIES)
def test_a_form_sent_with_a_nul_cookie_stores_nothing_half_way(name):
    client = ProductionClient()
    before = Suggestion.objects.count()
    response = client.post(
        "/fall/tipsa/",
        {"title": "Ett exempel", "description": "Text"},
        HTTP_COOKIE=f"{name}=abcdefghijkl\x00mnopqrstuvwxyz0123",
    )
    assert response.status_code < 500, failure(response)
    assert Suggestion.objects.count() - before in (0, 1)


# -- 4. a form in a charset other than UTF-8 ---------------------------------------------

UNREADABLE = ["utf-7", "utf-16", "iso-8859-1", "windows-1252"]
FORMS = ["/fall/tipsa/", "/en/fall/tipsa/", "/sok/", "/admin/login/", "/konto/password_reset/",
         "/finns-inte/", "/api/cases/"]  # fmt: skip


FORM = "application/x-www-form-urlencoded"


def csrf_client():
    client = ProductionClient(enforce_csrf_checks=True)
    client.get("/fall/tipsa/")
    return client, client.cookies["csrftoken"].value


@pytest.mark.parametrize("address", FORMS)
@pytest.mark.parametrize("charset", UNREADABLE)
def test_a_form_in_another_charset_is_a_400_and_stores_nothing(address, charset):
    client, token = csrf_client()
    before = Suggestion.objects.count()
    body = f"csrfmiddlewaretoken={token}&title=Ett+exempel&description=Text+%C3%A5&email=a%40b.se"
    response = client.generic(
        "POST",
        address,
        body.encode(),
        content_type=f"application/x-www-form-urlencoded; charset={charset}",
    )
    assert response.status_code == 400, failure(response)
    if address.startswith("/api/"):
        assert "teckenkodning" in json.loads(response.content)["detail"]
    else:
        assert bad_request_page(response, language_of(address))
        assert "UTF-8" in response.content.decode()
    assert Suggestion.objects.count() == before


@pytest.mark.parametrize(
    "fields",
    ["title=" + "x" * 3_000_000, "&".join(f"f{number}=x" for number in range(1100))],
    ids=["too large", "too many fields"],
)
def test_a_form_too_large_is_a_400_and_stores_nothing(fields):
    client, token = csrf_client()
    before = Suggestion.objects.count()
    body = f"csrfmiddlewaretoken={token}&description=Text&{fields}".encode()
    response = client.generic("POST", "/fall/tipsa/", body, content_type=FORM)
    assert response.status_code == 400, failure(response)
    assert bad_request_page(response) and "större än vi tar emot" in response.content.decode()
    assert Suggestion.objects.count() == before


@pytest.mark.parametrize(
    "content_type",
    [
        "multipart/form-data",  # no boundary
        "multipart/form-data; boundary=",
    ],
)
def test_a_multipart_form_without_a_boundary_is_a_400(content_type):
    client = ProductionClient()
    response = client.generic("POST", "/fall/tipsa/", b"--x\r\n", content_type=content_type)
    assert response.status_code == 400, failure(response)
    assert bad_request_page(response)


@pytest.mark.parametrize("charset", ["nonesuch", "hex", "rot13", "zlib", "idna", "undefined"])
def test_a_charset_that_is_no_text_encoding_is_read_as_utf8(charset):
    """Django ignores a charset it does not know, but not a codec that is no
    text encoding: the request failed while it was built (hub.wsgi drops it)."""
    client, token = csrf_client()
    response = client.generic(
        "POST",
        "/fall/tipsa/?q=1",
        f"csrfmiddlewaretoken={token}&title=&description=".encode(),
        content_type=f"application/x-www-form-urlencoded; charset={charset}",
    )
    assert response.status_code == 200, failure(response)  # the form, with its errors
    assert "Tipsa om ett exempel" in response.content.decode()


@pytest.fixture
def wsgi_application():
    """hub.wsgi's application. Called directly, it would close the test's
    database connection at the start and end of a request, which Django's
    test client avoids; its import leaves the environment as it was."""
    with mock.patch.dict(os.environ):
        from hub.wsgi import application
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield application
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.mark.parametrize(
    "charset", ["hex", "rot13", "zlib", "base64", "idna", "undefined", "utf-8\x00", "utf8"]
)
def test_the_wsgi_application_reads_a_query_in_any_charset(wsgi_application, charset):
    environ = {
        "PATH_INFO": "/robots.txt",
        "QUERY_STRING": "q=xn--80ak6aa92e",
        "CONTENT_TYPE": f"text/plain; charset={charset}",
        "HTTP_HOST": HOST,
    }
    wsgiref.util.setup_testing_defaults(environ)
    statuses = []
    response = wsgi_application(environ, lambda status, headers: statuses.append(status))
    body = b"".join(response)
    response.close()
    assert statuses == ["200 OK"], body[:300]


# -- 5. /konto/login/ ------------------------------------------------------------------


@pytest.mark.parametrize("query", ["", "?next=/admin/", "?next=%2F%2Fevil.example"])
def test_the_account_login_sends_to_the_admins(query):
    response = ProductionClient().get("/konto/login/" + query)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


# -- 6. methods the address does not take -----------------------------------------------

NEVER = ["TRACE", "PUT", "DELETE", "PATCH", "PROPFIND", "MKCOL", "BREW", "FOO-BAR"]


@pytest.mark.parametrize("address", ADDRESSES)
def test_a_method_the_address_does_not_take_is_a_405_with_allow(address):
    client = ProductionClient()
    for method in NEVER:
        response = client.generic(method, address)
        if address.startswith("/api/") and response.status_code == 404:
            assert response["Content-Type"] == "application/json"  # names no endpoint
            continue
        assert response.status_code == 405, (method, address, failure(response))
        allowed = {m.strip() for m in response["Allow"].split(",")}
        assert method not in allowed and "OPTIONS" in allowed
        if not address.startswith("/api/"):
            assert bad_request_page(response, language_of(address)), (method, address)
    options = client.options(address)
    assert options.status_code in (200, 404), (address, failure(options))  # 404: no such record
    if options.status_code == 200:
        assert "TRACE" not in options["Allow"] and "PUT" not in options["Allow"]


@pytest.mark.parametrize("address", ["/finns-inte/", "/en/finns-inte/", "/api/finns-inte/"])
def test_trace_is_a_405_even_where_there_is_no_page(address):
    response = ProductionClient().generic("TRACE", address)
    assert response.status_code == 405 and response["Allow"]


@pytest.mark.parametrize("address", REAL_PAGES)
def test_pages_feeds_and_sitemaps_are_read_but_take_no_post(address):
    client = ProductionClient()
    for method in ("GET", "HEAD"):
        response = client.generic(method, address)
        assert response.status_code == 200, (method, address, failure(response))
    response = client.post(address, {"q": "x"})
    assert response.status_code == 405, failure(response)
    assert "POST" not in response["Allow"]


@pytest.mark.parametrize("address", ["/fall/tipsa/", "/en/fall/tipsa/", "/admin/login/"])
def test_forms_still_take_a_post(address):
    response = ProductionClient().post(address, {})
    assert response.status_code == 200, failure(response)  # the form again, with its errors


@pytest.mark.parametrize("address", PAGES)
def test_every_route_answers_a_get_without_a_server_error(address):
    response = ProductionClient().get(address)
    assert response.status_code < 500, (address, failure(response))


# -- found by the fuzz ------------------------------------------------------------------


@pytest.mark.parametrize(
    "address", ["/admin/cases/case/x/history/", "/admin/cases/case/1/history/x/"]
)
def test_the_admins_history_of_an_id_that_is_no_number_is_not_found(admin_user, address):
    client = ProductionClient()
    client.force_login(admin_user)
    assert client.get(address).status_code == 404
