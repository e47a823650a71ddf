"""Load test with wrk, the part of ``make bench`` that goes through the network.

Starts the production server (gunicorn, whitenoise, production settings) on
loopback against the database in ``DATABASE_URL`` and measures every page
with wrk, with the page cache off (the data caches in Redis still on) and
with the Redis page cache, against a static file from the same server as the
ceiling. ``bench.pages`` runs it on the 10 000-case database; run alone
(``python -m bench.load``) it measures whatever database it is given.
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

ROOT = Path(__file__).resolve().parent.parent
# The production settings, on loopback without TLS; shared with gunicorn.
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "hub.settings",
    "DJANGO_DEBUG": "0",
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
    "DJANGO_SECURE_SSL_REDIRECT": "0",
    "DJANGO_SECURE_COOKIES": "0",
    "DJANGO_HSTS_SECONDS": "0",
    "DJANGO_CONN_MAX_AGE": "600",
    "DJANGO_STATIC_ROOT": "var/bench-static",
}
PAGES = [
    ("start", "/"),
    ("instrument", "/instrument/sociala-utfallskontrakt/"),
    ("library, 2 facets", "/fall/?instrument=sociala-utfallskontrakt&lan=01"),
    ("library, unfiltered", "/fall/"),
    ("case", "/fall/norrkoping-socialt-utfallskontrakt/"),
    ("search", "/sok/?q=utfallskontrakt"),
    ("sitemap index", "/sitemap.xml"),
]
# Not a target: what Django itself costs, through every middleware, for a view
# without a query (robots.txt, a small template), between the ceiling and the pages.
FLOOR = ("robots.txt, no query", "/robots.txt")
SERVERS = ("page cache off", "Redis page cache")


def production_environment(**extra):
    return {**PRODUCTION_ENV, "DJANGO_SECRET_KEY": secrets.token_urlsafe(50), **extra}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """gunicorn with the production settings, on a free loopback port."""

    def __init__(self, cache_url, page_cache_seconds=600):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = {
            **os.environ,
            "CACHE_URL": cache_url,
            "HUB_CACHE_SECONDS": str(page_cache_seconds),
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


def run_server(label, cache_url, page_cache_seconds, static_path, args, pages=PAGES):
    server = Server(cache_url, page_cache_seconds)
    try:
        results = {"static file": wrk(server.base + static_path, args.seconds, args.connections)}
        results[FLOOR[0]] = wrk(server.base + FLOOR[1], args.seconds, args.connections)
        for name, path in pages:
            results[name] = wrk(server.base + path, args.seconds, args.connections)
    finally:
        server.stop()
    print(f"  {label}: done", flush=True)
    return results


def run_wrk(redis_url, static_path, args, pages=PAGES):
    """Both servers against the database in ``DATABASE_URL``: the page cache off
    (data caches in Redis) and on; what ``results.json`` keeps as ``wrk``."""
    if not shutil.which("wrk"):
        raise SystemExit("make bench needs wrk (Debian package wrk).")
    print("Measuring with wrk …", flush=True)
    results = {
        SERVERS[0]: run_server(SERVERS[0], redis_url, 0, static_path, args, pages),
        SERVERS[1]: run_server(SERVERS[1], redis_url, 600, static_path, args, pages),
    }
    workers = runpy.run_path(str(ROOT / "gunicorn.conf.py"))["workers"]
    results["setup"] = (
        f"gunicorn with {workers} gthread workers, wrk -t2 -c{args.connections} -d{args.seconds}s"
    )
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
    add_arguments(parser)
    args = parser.parse_args()
    os.environ.update(production_environment())
    import django

    django.setup()
    from django.templatetags.static import static

    redis, redis_url = start_redis()
    try:
        results = run_wrk(redis_url, static("css/site.css"), args)
    finally:
        redis.terminate()
    print(f"\n{results['setup']}, {os.cpu_count()} CPUs ({cpu_model()})\n")
    print_table(results)
    print_verdict(results)


def add_arguments(parser):
    parser.add_argument("--seconds", type=int, default=10, help="wrk: seconds per page")
    parser.add_argument("--connections", type=int, default=8, help="wrk: open connections")


def cpu_model():
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return "unknown CPU"


def print_table(results, pages=PAGES):
    head = f"{'req/s':>8} {'p50 ms':>7} {'p99 ms':>7} {'errors':>6} {'ratio':>6}"
    print(f"{'wrk':<24} | {SERVERS[0]:^38} | {SERVERS[1]:^38}")
    print(f"{'page':<24} | {head} | {head}")
    print("-" * 106)
    for name in ["static file", FLOOR[0], *[name for name, _path in pages]]:
        cells = []
        for server in SERVERS:
            r = results[server][name]
            ratio = r["rps"] / results[server]["static file"]["rps"]
            cells.append(
                f"{r['rps']:8.0f} {r['p50']:7.1f} {r['p99']:7.1f} {r['errors']:6d} {ratio:6.0%}"
            )
        print(f"{name:<24} | {cells[0]} | {cells[1]}")


def verdict(results, pages=PAGES):
    """The load targets: (label, met)."""
    uncached, cached = results[SERVERS[0]], results[SERVERS[1]]
    names = [name for name, _path in pages]
    return [
        (
            "wrk: zero errors",
            all(r["errors"] == 0 for server in SERVERS for r in results[server].values()),
        ),
        (
            "wrk: page cache off ≥ 25 % of the static ceiling",
            all(uncached[p]["rps"] >= 0.25 * uncached["static file"]["rps"] for p in names),
        ),
        (
            "wrk: Redis page cache ≥ 70 % of the static ceiling",
            all(cached[p]["rps"] >= 0.70 * cached["static file"]["rps"] for p in names),
        ),
        (
            "wrk: p99 ≤ 100 ms with the page cache off",
            all(uncached[p]["p99"] <= 100 for p in names),
        ),
    ]


def print_verdict(results):
    print("\nTargets:")
    for label, met in verdict(results):
        print(f"  {'met    ' if met else 'MISSED '} {label}")


if __name__ == "__main__":
    main()
