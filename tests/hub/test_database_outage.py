"""Outages in the production server (gunicorn, threaded workers, whitenoise,
PostgreSQL, Redis), each part behind a proxy the test can cut.

A database that accepts connections and never answers: pages answer a
Swedish 503 with Retry-After within the connect timeout, the API answers
JSON, static files and cached pages are served at once meanwhile, and the
site recovers by itself. One that stops answering on the connections kept
open: the same, once the watchdog cuts them. Redis stopped under load:
every request is served."""

import concurrent.futures
import json
import time

import pytest

from hub.outages import DatabaseOutageMiddleware
from tests.production_server import CONNECT_TIMEOUT, get, production_server, stylesheet

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=False)]


@pytest.fixture
def server(tmp_path):
    """gunicorn with the production settings, its database and Redis behind proxies."""
    with production_server(tmp_path / "static") as started:
        yield started


def test_a_hanging_database_gets_a_503_and_static_files_go_on(server):
    base, proxy, _redis = server
    static = stylesheet(base)
    get(base + "/fall/")  # now in the page cache

    proxy.hang()
    with concurrent.futures.ThreadPoolExecutor(max_workers=40) as pool:
        # the first requests to find the database away each wait for the
        # connect timeout; three of them leave every worker (four threads)
        # a thread free, however gunicorn spreads them
        first = [pool.submit(get, f"{base}/sok/?q=hang{n}") for n in range(2)]
        api = pool.submit(get, f"{base}/api/cases/?q=hang")
        time.sleep(0.3)
        meanwhile = [get(base + static), get(base + "/fall/")]
        # not queued behind the requests that wait for the database
        still_waiting = sum(not page.done() for page in first)
        answered = [page.result() for page in first]
        # now each process knows: the next ones get the 503 at once, however many
        flood = [pool.submit(get, f"{base}/sok/?q=flood{n}") for n in range(30)]
        during_flood = [get(base + static), get(base + "/fall/")]
        flooded = [page.result() for page in flood]

    for status, headers, body, seconds in answered + flooded:
        assert status == 503
        assert headers["Retry-After"] == "30"
        assert "Tillfälligt otillgänglig" in body and '<html lang="sv"' in body
        assert seconds < CONNECT_TIMEOUT + 3
    status, headers, body, _seconds = api.result()
    assert status == 503 and headers["Content-Type"] == "application/json"
    assert json.loads(body)["detail"].startswith("Databasen svarar inte")
    assert still_waiting == len(first)
    for status, _headers, _body, _seconds in meanwhile + during_flood:
        assert status == 200
    print(
        f"\ntime to 503: first {max(a[3] for a in answered):.2f} s, then "
        f"{max(a[3] for a in flooded) * 1000:.0f} ms at most; during the hang: static "
        f"{max(m[3] for m in meanwhile[::2] + during_flood[::2]) * 1000:.0f} ms, cached page "
        f"{max(m[3] for m in meanwhile[1::2] + during_flood[1::2]) * 1000:.0f} ms at most"
    )

    time.sleep(DatabaseOutageMiddleware.RETRY_SECONDS)
    proxy.resume()
    time.sleep(DatabaseOutageMiddleware.RETRY_SECONDS)
    status, _headers, body, _seconds = get(f"{base}/sok/?q=utfall")
    assert status == 200 and "utfall" in body  # back by itself


STATEMENT_TIMEOUT = 2  # seconds; the watchdog waits this and the connect timeout


def test_a_database_that_stops_answering_on_open_connections_gets_a_503(tmp_path):
    """A connection kept open (DJANGO_CONN_MAX_AGE) that stops answering midway
    is ended by no timeout of PostgreSQL's, and gunicorn never stops a thread:
    the request waited for ever. The watchdog (hub.outages) cuts it."""
    env = {"DJANGO_CONN_MAX_AGE": "60", "DJANGO_DB_STATEMENT_TIMEOUT": str(STATEMENT_TIMEOUT)}
    # one worker, whose one thread serves the requests one at a time, and
    # keeps its connection open
    with production_server(tmp_path / "static", GUNICORN_WORKERS="1", **env) as started:
        base, proxy, _redis = started
        static = stylesheet(base)
        for number in range(3):
            assert get(f"{base}/sok/?q=varm{number}")[0] == 200
        get(base + "/fall/")  # now in the page cache

        proxy.freeze()
        with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
            frozen = pool.submit(get, f"{base}/sok/?q=fryst", timeout=60)
            time.sleep(0.3)
            meanwhile = [get(base + static), get(base + "/fall/")]
            still_waiting = not frozen.done()
            status, headers, body, seconds = frozen.result()
        assert still_waiting and [page[0] for page in meanwhile] == [200, 200]
        assert status == 503 and headers["Retry-After"] == "30"
        assert "Tillfälligt otillgänglig" in body
        # the watchdog, then a new connection that times out, and room for a busy machine
        assert seconds < STATEMENT_TIMEOUT + 2 * CONNECT_TIMEOUT + 10

        proxy.resume()
        time.sleep(DatabaseOutageMiddleware.RETRY_SECONDS)
        status, _headers, body, _seconds = get(f"{base}/sok/?q=utfall")
        assert status == 200 and "utfall" in body  # back by itself


def test_with_redis_stopped_under_load_every_request_is_served(server):
    base, _database, redis = server
    paths = ["/", "/fall/", "/fall/norrkoping-socialt-utfallskontrakt/", "/sok/?q=utfall"]

    def load(seconds):
        """Eight visitors for ``seconds``: the statuses they got."""
        until = time.monotonic() + seconds

        def visitor(n):
            statuses = []
            while time.monotonic() < until:
                statuses.append(get(base + paths[(n + len(statuses)) % len(paths)])[0])
            return statuses

        with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
            return [s for result in pool.map(visitor, range(8)) for s in result]

    before = load(3)
    redis.refuse()
    during = load(3)
    redis.resume()
    time.sleep(5.5)  # each process tries Redis again 5 s after it went away
    after = load(3)
    for phase in (before, during, after):
        assert phase and set(phase) == {200}
    print(
        f"\nrequests served in 3 s with 8 visitors: {len(before)} with Redis, "
        f"{len(during)} with Redis stopped (all 200), {len(after)} after it came back"
    )
