"""Load benchmark: ``make bench``.

Seeds 10 000 published cases (with participants, tags and places) into
PostgreSQL, counts the SQL queries of each measured page before and after,
then starts the production server (gunicorn, whitenoise, production
settings) on loopback and measures every page with wrk, without a page cache
and with the Redis page cache, against a static file from the same server as
the ceiling.
"""

import argparse
import os
import re
import runpy
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import django

# The production settings, on loopback without TLS; shared with gunicorn.
os.environ.update(
    DJANGO_SETTINGS_MODULE="hub.settings",
    DJANGO_DEBUG="0",
    DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
    DJANGO_ALLOWED_HOSTS="127.0.0.1",
    DJANGO_SECURE_SSL_REDIRECT="0",
    DJANGO_SECURE_COOKIES="0",
    DJANGO_HSTS_SECONDS="0",
    DJANGO_CONN_MAX_AGE="600",
    CACHE_URL="dummycache://",
    HUB_ALLOW_LOCAL_CACHE="1",  # this process measures pages, not the cache
)
django.setup()

from django.db import connection  # noqa: E402
from django.templatetags.static import static  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402

from bench.seed import seed_cases  # noqa: E402
from cases.models import Case  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PAGES = [
    ("start page", "/"),
    ("instrument page", "/instrument/sociala-utfallskontrakt/"),
    ("case library, 2 facets", "/fall/?instrument=sociala-utfallskontrakt&lan=01"),
    ("case page", "/fall/norrkoping-socialt-utfallskontrakt/"),
    ("search", "/sok/?q=utfallskontrakt"),
    ("sitemap index", "/sitemap.xml"),
    ("sitemap, cases page", "/sitemap-cases.xml"),
]
# Not a target: what Django itself costs, through every middleware, for a view
# without a query (robots.txt, a small template), between the ceiling and the pages.
FLOOR = ("robots.txt, no query", "/robots.txt")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def count_queries(paths):
    client = Client(HTTP_HOST="127.0.0.1")
    counts = {}
    with override_settings(CACHE_MIDDLEWARE_SECONDS=0):
        for path in paths:
            client.get(path)  # warm up whatever is computed once per process
            with CaptureQueriesContext(connection) as context:
                response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
            counts[path] = len(context.captured_queries)
    return counts


class Server:
    """gunicorn with the production settings, on a free loopback port."""

    def __init__(self, cache_url):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = {
            **os.environ,
            "CACHE_URL": cache_url,
            "GUNICORN_BIND": f"127.0.0.1:{self.port}",
            "GUNICORN_LOG_LEVEL": "warning",
        }
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "hub.wsgi"],
            cwd=ROOT,
            env=env,
        )
        for _ in range(100):
            try:
                urllib.request.urlopen(self.base + "/robots.txt", timeout=1)
                return
            except OSError:
                time.sleep(0.2)
        raise SystemExit("gunicorn did not start")

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)


WRK_LINE = {
    "rps": re.compile(r"Requests/sec:\s+([\d.]+)"),
    "p50": re.compile(r"^\s+50%\s+([\d.]+)(us|ms|s)", re.M),
    "p99": re.compile(r"^\s+99%\s+([\d.]+)(us|ms|s)", re.M),
    "non2xx": re.compile(r"Non-2xx or 3xx responses: (\d+)"),
    "socket": re.compile(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)"),
}
UNIT = {"us": 0.001, "ms": 1, "s": 1000}


def wrk(url, seconds, connections):
    for _ in range(3):  # warm up (the cached run fills the cache here)
        urllib.request.urlopen(url, timeout=10).read()
    output = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    result = {"rps": float(WRK_LINE["rps"].search(output).group(1))}
    for key in ("p50", "p99"):
        value, unit = WRK_LINE[key].search(output).groups()
        result[key] = float(value) * UNIT[unit]
    errors = WRK_LINE["non2xx"].search(output)
    result["errors"] = int(errors.group(1)) if errors else 0
    sockets = WRK_LINE["socket"].search(output)
    if sockets:
        result["errors"] += sum(int(n) for n in sockets.groups())
    return result


def run_server(label, cache_url, static_path, args):
    server = Server(cache_url)
    try:
        results = {"static file": wrk(server.base + static_path, args.seconds, args.connections)}
        results[FLOOR[0]] = wrk(server.base + FLOOR[1], args.seconds, args.connections)
        for name, path in PAGES:
            results[name] = wrk(server.base + path, args.seconds, args.connections)
    finally:
        server.stop()
    print(f"  {label}: done", flush=True)
    return results


def start_redis():
    if not shutil.which("redis-server"):
        raise SystemExit("make bench needs redis-server (Debian package redis-server).")
    port = free_port()
    process = subprocess.Popen(
        ["redis-server", "--port", str(port), "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    time.sleep(0.5)
    return process, f"redis://127.0.0.1:{port}/0"


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=8)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("make bench needs wrk (Debian package wrk).")

    paths = [path for _name, path in PAGES]
    small = count_queries(paths)
    small_cases = Case.objects.published().count()
    print(f"Seeding {args.cases} cases …", flush=True)
    seed_cases(args.cases)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    large = count_queries(paths)
    large_cases = Case.objects.published().count()
    connection.close()

    static_path = static("css/site.css")
    redis, redis_url = start_redis()
    try:
        print("Measuring with wrk …", flush=True)
        uncached = run_server("no page cache", "dummycache://", static_path, args)
        cached = run_server("Redis page cache", redis_url, static_path, args)
    finally:
        redis.terminate()

    workers = runpy.run_path(str(ROOT / "gunicorn.conf.py"))["workers"]
    print(
        f"\nKunskapshubben load benchmark: {large_cases} published cases, PostgreSQL "
        f"{connection.pg_version // 10000}, gunicorn with {workers} sync workers, "
        f"{os.cpu_count()} CPUs ({cpu_model()}), wrk -t2 -c{args.connections} -d{args.seconds}s\n"
    )
    print_table(uncached, cached)
    print(f"\nSQL queries per page (no page cache): {small_cases} cases → {large_cases} cases")
    for name, path in PAGES:
        print(f"  {name:<24} {small[path]:>3} → {large[path]:>3}")
    print_verdict(uncached, cached, small, large)


def cpu_model():
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return "unknown CPU"


def print_table(uncached, cached):
    head = f"{'req/s':>8} {'p50 ms':>7} {'p99 ms':>7} {'errors':>6} {'ratio':>6}"
    print(f"{'':<24} | {'no page cache':^38} | {'Redis page cache':^38}")
    print(f"{'page':<24} | {head} | {head}")
    print("-" * 106)
    for name in ["static file", FLOOR[0], *[name for name, _path in PAGES]]:
        cells = []
        for results in (uncached, cached):
            r = results[name]
            ratio = r["rps"] / results["static file"]["rps"]
            cells.append(
                f"{r['rps']:8.0f} {r['p50']:7.1f} {r['p99']:7.1f} {r['errors']:6d} {ratio:6.0%}"
            )
        print(f"{name:<24} | {cells[0]} | {cells[1]}")


def print_verdict(uncached, cached, small, large):
    pages = [name for name, _path in PAGES]
    checks = [
        (
            "zero errors",
            all(r["errors"] == 0 for results in (uncached, cached) for r in results.values()),
        ),
        (
            "uncached ≥ 25 % of the static ceiling",
            all(uncached[p]["rps"] >= 0.25 * uncached["static file"]["rps"] for p in pages),
        ),
        (
            "cached ≥ 70 % of the static ceiling",
            all(cached[p]["rps"] >= 0.70 * cached["static file"]["rps"] for p in pages),
        ),
        ("p99 ≤ 100 ms uncached", all(uncached[p]["p99"] <= 100 for p in pages)),
        ("SQL queries do not grow with the cases", all(large[p] <= small[p] for p in small)),
    ]
    print("\nTargets:")
    for label, met in checks:
        print(f"  {'met    ' if met else 'MISSED '} {label}")


if __name__ == "__main__":
    main()
