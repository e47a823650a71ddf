"""Outages in the production server (gunicorn, threaded workers, whitenoise,
PostgreSQL, Redis), each part behind a proxy the test can cut.

A database that accepts connections and never answers: pages answer a
Swedish 503 with Retry-After within the connect timeout, the API answers
JSON, static files and cached pages are served at once meanwhile, and the
site recovers by itself. Redis stopped under load: every request is served."""

import concurrent.futures
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from django.conf import settings
from django.db import connection

from hub.outages import DatabaseOutageMiddleware
from tests.outage_proxy import OutageProxy
from tests.processes import run_python

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=False)]

CONNECT_TIMEOUT = 4  # seconds: long enough that "meanwhile" is unmistakable


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(url, timeout=15):
    """(status, headers, body, seconds)"""
    started = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            status, headers, body = response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        status, headers, body = error.code, error.headers, error.read()
    return status, headers, body.decode(), time.monotonic() - started


@pytest.fixture
def server(tmp_path):
    """gunicorn with the production settings, its database and Redis behind proxies."""
    database = connection.settings_dict
    host = database["HOST"] or "127.0.0.1"
    upstream = (
        f"{host}/.s.PGSQL.{database['PORT']}"
        if host.startswith("/")
        else (host, int(database["PORT"] or 5432))
    )
    proxy = OutageProxy(upstream)
    redis = OutageProxy(("127.0.0.1", 6379))
    port = free_port()
    env = {
        "DJANGO_SETTINGS_MODULE": "hub.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "outage-test-" + "k" * 50,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_SECURE_COOKIES": "0",
        "DJANGO_HSTS_SECONDS": "0",
        "DJANGO_STATIC_ROOT": str(tmp_path / "static"),
        "DATABASE_URL": f"postgres://{database['USER']}@127.0.0.1:{proxy.port}/{database['NAME']}",
        "DJANGO_DB_CONNECT_TIMEOUT": str(CONNECT_TIMEOUT),
        "DJANGO_CONN_MAX_AGE": "0",
        "CACHE_URL": f"redis://127.0.0.1:{redis.port}/12",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "2",
        "GUNICORN_THREADS": "4",
        "GUNICORN_LOG_LEVEL": "warning",
    }
    collected = run_python("manage.py", "collectstatic", "--no-input", "-v0", env=env)
    assert collected.returncode == 0, collected.stderr
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "HUB_"))}
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "hub.wsgi"],
        cwd=settings.BASE_DIR,
        env={**environment, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            get(base + "/robots.txt", timeout=1)
            break
        except OSError:
            time.sleep(0.2)
    yield base, proxy, redis
    process.terminate()
    process.wait(timeout=30)
    proxy.close()
    redis.close()


def test_a_hanging_database_gets_a_503_and_static_files_go_on(server):
    base, proxy, _redis = server
    status, _headers, _body, _seconds = get(base + "/fall/")
    assert status == 200
    get(base + "/fall/")  # now in the page cache
    static = next(
        line.split('href="')[1].split('"')[0]
        for line in get(base + "/fall/")[2].splitlines()
        if 'rel="stylesheet"' in line
    )

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
