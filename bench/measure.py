"""The Django side of the page benchmark (``bench.pages``): a seeded database
that is reused while it is unchanged, and every page timed in-process.

Pages are requested through ``django.test.Client``, so the whole middleware
stack and the view run as in production, without the network. The settings
are the caller's: ``bench.pages`` runs this with production settings and the
page cache off (``CACHE_MIDDLEWARE_SECONDS = 0``), so that what is timed is
what a visitor gets on an address nobody asked for since the last publish.
"""

import hashlib
import json
import statistics
import time
from pathlib import Path

import psycopg
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.test import Client

from bench.seed import PREFIX, seed_cases
from cases.models import Case
from hub.content import load_content
from publishing.models import Status
from publishing.workflow import transition

BENCH = Path(__file__).resolve().parent
FINGERPRINT_TABLE = "bench_fingerprint"
PUBLISHER = "bench-publisher"


# -- the seeded database, reused while it is unchanged --------------------------------


def fingerprint(cases, applied=False):
    """What the seeded data depends on: the seed code, its size and the
    migrations (those on disk, or with ``applied`` those the database records)."""
    seed_code = hashlib.sha256((BENCH / "seed.py").read_bytes()).hexdigest()
    if applied:
        names = MigrationRecorder(connection).applied_migrations()
    else:
        names = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    migrations = sorted(f"{app}.{name}" for app, name in names)
    text = json.dumps({"seed": seed_code, "cases": cases, "migrations": migrations})
    return hashlib.sha256(text.encode()).hexdigest()


def stored_fingerprint():
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s)", [FINGERPRINT_TABLE])
        if cursor.fetchone()[0] is None:
            return None
        cursor.execute(f"SELECT fingerprint FROM {FINGERPRINT_TABLE}")
        row = cursor.fetchone()
    return row[0] if row else None


def store_fingerprint(value):
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE IF NOT EXISTS {FINGERPRINT_TABLE} (fingerprint text)")
        cursor.execute(f"DELETE FROM {FINGERPRINT_TABLE}")
        cursor.execute(f"INSERT INTO {FINGERPRINT_TABLE} VALUES (%s)", [value])


def recreate_database():
    """Drop and create this connection's database, from the server's ``postgres``."""
    params = {**connection.get_connection_params(), "dbname": "postgres", "autocommit": True}
    params.pop("cursor_factory", None)
    params.pop("prepare_threshold", None)
    name = connection.settings_dict["NAME"]
    connection.close()
    with psycopg.connect(**params) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')


def prepare(cases, *, fresh=True, log=print):
    """Make sure the database holds the content plus ``cases`` synthetic cases.

    Reuses it when its fingerprint matches; otherwise seeds it, with ``fresh``
    from an empty database (migrate, load the content), without it on top of
    the content already there. Returns the timings of what was done."""
    wanted = fingerprint(cases)
    try:
        current = stored_fingerprint()
    except Exception:  # no such database yet
        connection.close()
        current = None
    if current == wanted:
        log(f"  {cases} cases: the seeded database is unchanged, reused")
        return {"reused": True, "setup_s": None, "seed_s": None}
    start = time.perf_counter()
    if fresh:
        recreate_database()
        call_command("migrate", interactive=False, verbosity=0)
        load_content()
    setup_s = time.perf_counter() - start
    start = time.perf_counter()
    seed_cases(cases)
    seed_s = time.perf_counter() - start
    analyze()
    # What was applied: a migration added meanwhile makes the next run seed again.
    store_fingerprint(fingerprint(cases, applied=True))
    log(f"  {cases} cases: migrate and content {setup_s:.1f} s, seed {seed_s:.1f} s")
    return {"reused": False, "setup_s": round(setup_s, 2), "seed_s": round(seed_s, 2)}


def analyze():
    """Fresh planner statistics (and the visibility map, outside a transaction)."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")


# -- timing requests -------------------------------------------------------------------


class SqlTimer:
    """An ``execute_wrapper``: counts the queries and adds up their time."""

    def __init__(self):
        self.queries = 0
        self.seconds = 0.0

    def __call__(self, execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - start
            self.queries += 1


def timed_get(client, path):
    """One request: (ms, queries, SQL ms)."""
    timer = SqlTimer()
    with connection.execute_wrapper(timer):
        start = time.perf_counter()
        response = client.get(path)
        ms = (time.perf_counter() - start) * 1000
    if response.status_code != 200:
        raise RuntimeError(f"{path} answered {response.status_code}")
    return ms, timer.queries, timer.seconds * 1000


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def publisher():
    user = get_user_model().objects.filter(username=PUBLISHER).first()
    if user is None:
        user = get_user_model().objects.create_superuser(PUBLISHER, password=None)
    return user


def publish(case_pk, user, commit=transaction.atomic):
    """Withdraw a published case and publish it again, each step a committed
    transaction through the workflow a curator uses, so that the signals and
    their on-commit work run as on the site. Returns the publish's ms."""
    with commit():
        transition(Case.objects.get(pk=case_pk), Status.WITHDRAWN, user)
    case = Case.objects.get(pk=case_pk)
    start = time.perf_counter()
    with commit():
        transition(case, Status.PUBLISHED, user)
    return (time.perf_counter() - start) * 1000


def measure(pages, *, runs=30, warmups=3, publishes=5, commit=transaction.atomic, log=print):
    """Every page, warm and right after a publish. ``pages`` maps names to paths;
    ``commit`` makes a committed transaction (the tests pass one that runs
    the on-commit work inside their own)."""
    client = Client(HTTP_HOST="127.0.0.1")
    results = {}
    for name, path in pages.items():
        for _ in range(warmups):
            timed_get(client, path)
        samples = [timed_get(client, path) for _ in range(runs)]
        times = [ms for ms, _queries, _sql in samples]
        results[name] = {
            "median_ms": round(statistics.median(times), 2),
            "p95_ms": round(percentile(times, 0.95), 2),
            "queries": max(queries for _ms, queries, _sql in samples),
            "sql_ms": round(statistics.median(sql for _ms, _queries, sql in samples), 2),
        }
        log(f"    {name:<22} {results[name]['median_ms']:8.1f} ms warm")

    user = publisher()
    case_pk = Case.objects.filter(slug__startswith=PREFIX, status=Status.PUBLISHED).first().pk
    publish_times = []
    for name, path in pages.items():
        firsts = []
        for _ in range(publishes):
            publish_times.append(publish(case_pk, user, commit))
            firsts.append(timed_get(client, path))
        results[name].update(
            after_publish_ms=round(statistics.median(ms for ms, _q, _s in firsts), 2),
            after_publish_queries=max(queries for _ms, queries, _sql in firsts),
        )
        log(f"    {name:<22} {results[name]['after_publish_ms']:8.1f} ms after a publish")
    return {
        "pages": results,
        "publish_ms": round(statistics.median(publish_times), 2),
        "published_cases": Case.objects.published().count(),
        "cache": settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1],
        "page_cache_seconds": settings.CACHE_MIDDLEWARE_SECONDS,
        "debug": settings.DEBUG,
        "postgresql": postgresql_version(),
    }


def postgresql_version():
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return cursor.fetchone()[0]
