"""The site keeps serving when parts fail, as an operator's fault test would
find: Redis stopped (pages uncached, saves succeed, limits still hold, one
warning), a database connection that stops answering midway (cut), and a
page cache nobody can bypass or flood. In gunicorn: test_database_outage.py."""

import concurrent.futures
import logging
import threading
import time

import pytest
from django.core.cache import caches
from django.db import OperationalError, connection, connections
from django.test import Client
from django.urls import reverse

from cases.models import Case, Suggestion
from hub.outages import Watchdog
from publishing.cache import RedisCache
from tests.admin_forms import admin_form
from tests.outage_proxy import OutageProxy
from tests.pages import PAGE_TYPES
from tests.production_server import database_upstream
from tests.publishing.test_review import logged_in

pytestmark = pytest.mark.django_db

CASE = "/fall/norrkoping-socialt-utfallskontrakt/"
PAGES = [
    "/",
    "/fall/",
    CASE,
    "/instrument/sociala-utfallskontrakt/",
    "/sok/?q=utfall",
    "/api/cases/",
    "/data/cases.csv",
    "/sitemap.xml",
]


@pytest.fixture
def redis_behind_a_proxy(settings, monkeypatch):
    """The page cache and the rate limits in the machine's Redis, through a
    proxy the test can cut."""
    proxy = OutageProxy(("127.0.0.1", 6379))
    location = f"redis://127.0.0.1:{proxy.port}/13"
    backend = {
        "BACKEND": "publishing.cache.RedisCache",
        "LOCATION": location,
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
    settings.CACHES = {
        "default": backend,
        "ratelimit": {**backend, "FALLBACK_TO_LOCAL_MEMORY": True},
    }
    settings.CACHE_MIDDLEWARE_SECONDS = 600
    monkeypatch.setattr(RedisCache, "RETRY_SECONDS", 0.2)
    caches["default"].clear()
    caches["ratelimit"].clear()
    yield proxy
    proxy.resume()
    caches["default"].clear()
    proxy.close()


TIP = {
    "title": "Utfallskontrakt i Exempelby",
    "organisations": "Exempelby kommun",
    "instrument": "sociala-utfallskontrakt",
    "place": "Exempelby",
    "description": "Kommunen prövar ett utfallskontrakt för unga.",
    "source_links": "https://example.org/nyhet",
    "contact_email": "tips@example.org",
}


def test_with_redis_stopped_pages_are_served_saves_succeed_and_limits_hold(
    redis_behind_a_proxy, caplog, django_capture_on_commit_callbacks
):
    visitor = Client()
    visitor.get(CASE)
    assert visitor.get(CASE).get("Age") is not None  # from Redis

    redis_behind_a_proxy.refuse()
    with caplog.at_level(logging.WARNING, logger="publishing.cache"):
        # Django makes a cache backend per thread and alias: they hear of it once
        threads = [
            threading.Thread(target=lambda: [caches[a].get("x") for a in ("default", "ratelimit")])
            for _thread in range(4)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        for _round in range(3):
            for path in PAGES:
                response = visitor.get(path)
                assert response.status_code == 200, path
                assert response.get("Age") is None  # served, uncached

        publisher, _user = logged_in("publisher")
        case = Case.objects.get(slug="norrkoping-socialt-utfallskontrakt")
        url = reverse("admin:cases_case_change", args=[case.pk])
        data = admin_form(publisher, url, "case_form")
        data["title"] = ["Norrköpings utfallskontrakt, sparat utan Redis"]
        with django_capture_on_commit_callbacks(execute=True):
            assert publisher.post(url, data).status_code == 302
        assert "sparat utan Redis" in visitor.get(CASE).content.decode()

        # the tip form's limit (5 an hour) still holds, counted in this process
        answers = [visitor.post(reverse("cases:suggest"), TIP).status_code for _ in range(6)]
        assert answers == [200] * 5 + [429]

    down = [r for r in caplog.records if "not answering" in r.getMessage()]
    assert len(down) == 1  # once for the process: not per request, thread or cache

    # Redis is back with what it held: the page cached before the outage is
    # stale, and the first call after it raises the content version
    redis_behind_a_proxy.resume()
    time.sleep(0.3)
    with caplog.at_level(logging.WARNING, logger="publishing.cache"):
        page = visitor.get(CASE).content.decode()
    assert "sparat utan Redis" in page
    assert len([r for r in caplog.records if "answering again" in r.getMessage()]) == 1
    assert visitor.get(CASE).get("Age") is not None  # cached again


# -- a database connection that stops answering midway ------------------------------


@pytest.fixture
def database_behind_a_proxy():
    """A connection of its own to the test database, through a proxy the test
    can freeze, and a watchdog over it."""
    settings_dict = connection.settings_dict
    proxy = OutageProxy(database_upstream())
    options = {**settings_dict["OPTIONS"], "connect_timeout": 1}
    through = {**settings_dict, "HOST": "127.0.0.1", "PORT": str(proxy.port), "OPTIONS": options}
    own = type(connections["default"])(through, alias="default")
    own.ensure_connection()
    yield own, proxy
    proxy.resume()
    own.close()
    proxy.close()


def query_watched(watchdog, own, sql):
    """Run ``sql`` on ``own`` in a thread of its own, watched: what it raised."""

    def run():
        watchdog.watch([own])
        try:
            with own.cursor() as cursor:
                cursor.execute(sql)
        except OperationalError as error:
            return error
        finally:
            own.close()  # in the thread that used it

    return concurrent.futures.ThreadPoolExecutor(1).submit(run)


def test_a_connection_that_stops_answering_is_cut_once_a_new_one_is_not_answered(
    database_behind_a_proxy,
):
    """No timeout of PostgreSQL's ends the wait, and gunicorn never stops a thread."""
    own, proxy = database_behind_a_proxy
    own.inc_thread_sharing()
    watchdog = Watchdog(seconds=600)  # not its deadline: the probe of a new connection
    proxy.freeze()
    started = time.monotonic()
    error = query_watched(watchdog, own, "SELECT 1").result(timeout=30)
    assert isinstance(error, OperationalError)
    assert time.monotonic() - started < Watchdog.PROBE_AFTER + 10  # its connect timeout: 1 s


def test_a_request_that_waits_past_the_deadline_is_cut_and_others_are_not(
    database_behind_a_proxy,
):
    """The database answers new connections here: only the deadline cuts."""
    own, _proxy = database_behind_a_proxy
    own.inc_thread_sharing()
    with own.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        server = cursor.fetchone()[0]
    watchdog = Watchdog(seconds=2)
    long = query_watched(watchdog, own, "SELECT pg_sleep(30)")
    other = own.copy()
    other.inc_thread_sharing()
    short = query_watched(watchdog, other, "SELECT pg_sleep(0.5)")
    assert short.result(timeout=30) is None
    assert isinstance(long.result(timeout=30), OperationalError)
    with connection.cursor() as cursor:  # the server sleeps on (the reason for the deadline)
        cursor.execute("SELECT pg_terminate_backend(%s)", [server])


# -- the page cache cannot be bypassed or flooded ------------------------------------


@pytest.fixture
def page_cache(settings):
    settings.CACHE_MIDDLEWARE_SECONDS = 600
    caches["default"].clear()
    yield caches["default"]
    caches["default"].clear()


def stored_pages(cache):
    return sum(1 for key in cache._cache if ":hub:page:" in key)


def test_a_made_up_session_cookie_is_answered_from_the_cache(page_cache):
    Client().get("/fall/")
    visitor = Client()
    visitor.cookies["sessionid"] = "made-up-session-key"
    response = visitor.get("/fall/")
    assert response.get("Age") is not None
    visitor.cookies["hub_staff"] = "1:forged"  # a marker without a valid signature
    assert visitor.get("/fall/").get("Age") is not None


def test_a_head_request_is_answered_from_the_cache(page_cache):
    page = Client().get("/fall/")
    head = Client().head("/fall/", HTTP_COOKIE="sessionid=made-up-session-key")
    assert head.status_code == 200 and head.get("Age") is not None
    assert head["ETag"] == page["ETag"] and head.content == b""
    fresh = Client().head("/om/")  # stored for the GETs that follow
    after = Client().get("/om/")
    assert fresh.get("Age") is None and after.get("Age") is not None
    assert '<html lang="sv"' in after.content.decode()  # the whole page


def test_empty_reordered_and_unknown_parameters_share_one_entry(page_cache):
    first = Client().get("/fall/?instrument=sociala-utfallskontrakt&sortering=titel")
    assert first.get("Age") is None
    before = stored_pages(page_cache)
    for junk in [
        "?sortering=titel&instrument=sociala-utfallskontrakt",
        "?instrument=sociala-utfallskontrakt&sortering=titel&q=&fran=&till=",
        "?instrument=sociala-utfallskontrakt&sortering=titel&utm_source=nyhetsbrev",
        *(f"?instrument=sociala-utfallskontrakt&sortering=titel&x{n}={n}" for n in range(20)),
    ]:
        response = Client().get("/fall/" + junk)
        assert response.get("Age") is not None, junk  # the copy of the plain address
    assert stored_pages(page_cache) == before  # no entry of their own
    Client().get("/om/?" + "&".join(f"p{n}=x" for n in range(50)))
    assert stored_pages(page_cache) == before


@pytest.mark.parametrize("name", ["filtered case library", "search", "chooser answer"])
def test_a_cached_page_with_parameters_is_the_page_the_view_renders(page_cache, settings, name):
    """Every parameter a view reads is part of the key: the cached copy of a
    page with parameters is byte for byte what the view answers."""
    path = PAGE_TYPES[name]
    Client().get(path)
    cached = Client().get(path)
    assert cached.get("Age") is not None
    settings.CACHE_MIDDLEWARE_SECONDS = 0
    assert Client().get(path).content == cached.content


def test_a_form_body_above_the_limit_is_refused_with_a_400(settings):
    """The limit the guide tells the proxy to enforce too (1 MB)."""
    body = {**TIP, "description": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)}
    response = Client().post(reverse("cases:suggest"), body)
    assert response.status_code == 400
    assert '<html lang="sv"' in response.content.decode()
    assert not Suggestion.objects.filter(title=TIP["title"]).exists()


def test_a_form_without_its_csrf_token_gets_a_swedish_page():
    response = Client(enforce_csrf_checks=True).post(reverse("cases:suggest"), TIP)
    body = response.content.decode()
    assert response.status_code == 403
    assert '<html lang="sv">' in body and "Formuläret kunde inte skickas" in body
    assert "<style" not in body  # within the site's own policy
