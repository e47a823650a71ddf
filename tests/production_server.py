"""gunicorn with the production settings, on a free loopback port, with its
database and Redis behind proxies a test can cut (tests/outage_proxy.py)."""

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

from django.conf import settings
from django.db import connection

from tests.outage_proxy import OutageProxy
from tests.processes import run_python

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


def stylesheet(base):
    """The address of the site's style sheet, as a page names it."""
    page = get(base + "/fall/")[2]
    return next(
        line.split('href="')[1].split('"')[0]
        for line in page.splitlines()
        if 'rel="stylesheet"' in line
    )


def database_upstream():
    """Where the test database listens, for an OutageProxy: (host, port) or a
    Unix socket."""
    database = connection.settings_dict
    host = database["HOST"] or "127.0.0.1"
    if host.startswith("/"):
        return f"{host}/.s.PGSQL.{database['PORT'] or 5432}"
    return host, int(database["PORT"] or 5432)


@contextlib.contextmanager
def production_server(static_root, **env):
    """(address, database proxy, Redis proxy) of a gunicorn started with the
    production settings, two workers of four threads and ``env``."""
    database = connection.settings_dict
    proxy = OutageProxy(database_upstream())
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
        "DJANGO_STATIC_ROOT": str(static_root),
        "DATABASE_URL": f"postgres://{database['USER']}@127.0.0.1:{proxy.port}/{database['NAME']}",
        "DJANGO_DB_CONNECT_TIMEOUT": str(CONNECT_TIMEOUT),
        "DJANGO_CONN_MAX_AGE": "0",
        "CACHE_URL": f"redis://127.0.0.1:{redis.port}/12",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "2",
        "GUNICORN_THREADS": "4",
        "GUNICORN_LOG_LEVEL": "warning",
        **env,
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
    try:
        yield base, proxy, redis
    finally:
        proxy.resume()  # a frozen connection would hold the workers' stop
        process.terminate()
        process.wait(timeout=30)
        proxy.close()
        redis.close()
