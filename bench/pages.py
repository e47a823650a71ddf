"""Page benchmark: ``make bench`` (1 000, 10 000 and 100 000 cases) and
``make bench-quick`` (10 000 only).

For each size, one PostgreSQL database (``hub_bench_<cases>`` on the server
given by ``--server`` or ``BENCH_SERVER``) holds the report's content plus
that many synthetic published cases. It is reused while its fingerprint (the
seed code, the size and the migrations, kept in the database itself) is
unchanged, and seeded afresh otherwise.

Each size is measured in a process of its own, with production settings
(DEBUG off), the page cache off and the data and fragment caches on, in a
Redis server this benchmark starts on loopback (warm: after warm-up
requests). Every page is timed in-process (median, p95, queries, SQL ms),
then again as the first request right after a publish. On the 10 000-case
database the wrk load test (``bench.load``) follows. One table flags the
targets of issue 17 met or missed; ``var/bench/results.json`` keeps it all.
"""

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import load

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "var" / "bench" / "results.json"
SIZES = (1_000, 10_000, 100_000)
REFERENCE, LARGE = 10_000, 100_000
PAGES = dict(load.PAGES)
PAGE_LIMIT_MS = {"search": 30}  # every other page: 15 ms at 10 000 cases
DEFAULT_LIMIT_MS = 15
AFTER_PUBLISH_LIMIT_MS = 60
GROWTH_LIMIT = 1.5
QUERY_TARGETS = (
    ("queries", "queries equal"),
    ("after_publish_queries", "queries after a publish equal"),
)
DEFAULT_SERVER = "postgres://root@127.0.0.1:5432/"
START_LOAD = None  # the machine's load average when the run began (others may be busy)


# -- one size, in its own process -------------------------------------------------


def bench_size(cases, *, runs, warmups, publishes, fresh=True, commit=None, log=print):
    """Seed (or reuse) the current database and measure every page on it.
    ``fresh`` starts from an empty database when it must be seeded; without
    it the content is taken to be there already (the tests' database)."""
    from django.db import transaction

    from bench import measure

    seeded = measure.prepare(cases, fresh=fresh, log=log)
    part = measure.measure(
        PAGES,
        runs=runs,
        warmups=warmups,
        publishes=publishes,
        commit=commit or transaction.atomic,
        log=log,
    )
    return {**part, "seed": seeded}


def child(args):
    import django

    django.setup()
    part = bench_size(args.child, runs=args.runs, warmups=args.warmups, publishes=args.publishes)
    if args.with_wrk:
        from django.db import connections
        from django.templatetags.static import static

        connections.close_all()
        part["wrk"] = load.run_wrk(os.environ["CACHE_URL"], static("css/site.css"), args)
    Path(args.part).write_text(json.dumps(part), encoding="utf-8")


# -- the whole run ------------------------------------------------------------------


def database_url(server, cases):
    return f"{server.rstrip('/')}/hub_bench_{cases}"


def collect_static(env):
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "--clear", "-v0"],
        cwd=ROOT,
        env={**os.environ, **env},
        check=True,
    )


def run(args):
    global START_LOAD
    START_LOAD = [round(n, 2) for n in os.getloadavg()]
    started = time.time()
    if not shutil.which("redis-server"):
        raise SystemExit("make bench needs redis-server (Debian package redis-server).")
    redis, redis_url = load.start_redis()
    parts = {}
    try:
        env = load.production_environment(CACHE_URL=redis_url, HUB_CACHE_SECONDS="0")
        collect_static({**env, "DATABASE_URL": database_url(args.server, "none")})
        for number, cases in enumerate(args.sizes):
            print(f"{cases} cases:", flush=True)
            # a Redis database of its own: what is kept for one database's content
            # must not be read for another's
            env["CACHE_URL"] = redis_url.rsplit("/", 1)[0] + f"/{number}"
            with tempfile.NamedTemporaryFile(suffix=".json") as part:
                command = [sys.executable, "-m", "bench.pages", "--child", str(cases)]
                command += ["--part", part.name, *child_arguments(args)]
                if args.wrk and cases == args.wrk_cases:
                    command.append("--with-wrk")
                subprocess.run(
                    command,
                    cwd=ROOT,
                    env={**os.environ, **env, "DATABASE_URL": database_url(args.server, cases)},
                    check=True,
                )
                parts[cases] = json.loads(Path(part.name).read_text(encoding="utf-8"))
    finally:
        redis.terminate()
    wrk = next((part.pop("wrk") for part in parts.values() if "wrk" in part), None)
    results = assemble(parts, wrk, settings=vars_for_json(args, started))
    write_results(results, args.out)
    print_report(results)
    print(f"\nWritten to {args.out} in {time.time() - started:.0f} s.")


def child_arguments(args):
    return [
        f"--runs={args.runs}",
        f"--warmups={args.warmups}",
        f"--publishes={args.publishes}",
        f"--seconds={args.seconds}",
        f"--connections={args.connections}",
    ]


def vars_for_json(args, started):
    return {
        "started": time.strftime("%Y-%m-%dT%H:%M:%S%z", time.localtime(started)),
        "runs": args.runs,
        "warmups": args.warmups,
        "publishes": args.publishes,
        "cache": "Redis on loopback (started by the benchmark), page cache off",
        "load_average_at_start": START_LOAD,
    }


# -- results ------------------------------------------------------------------------


def assemble(parts, wrk=None, settings=None):
    """The JSON of results.json from each size's measurements."""
    results = {
        name: {str(cases): part["pages"][name] for cases, part in sorted(parts.items())}
        for name in PAGES
    }
    largest = max(parts) if parts else None
    results["publish_ms"] = parts[largest]["publish_ms"] if parts else None
    results["publish_ms_by_cases"] = {str(c): p["publish_ms"] for c, p in sorted(parts.items())}
    results["wrk"] = wrk
    results["targets"] = targets(results)
    some = next(iter(parts.values()), {})
    results["machine"] = machine(some.get("postgresql"))
    results["run"] = {
        **(settings or {}),
        "paths": PAGES,
        "published_cases": {str(c): p["published_cases"] for c, p in sorted(parts.items())},
        "seed": {str(c): p["seed"] for c, p in sorted(parts.items())},
        "in_process": {
            key: some.get(key) for key in ("cache", "page_cache_seconds", "debug") if some
        },
    }
    return results


def targets(results):
    """Issue 17, item 2: one entry per page and target that the sizes measured allow."""
    found = []
    for name in PAGES:
        sizes = results[name]
        reference, large = sizes.get(str(REFERENCE)), sizes.get(str(LARGE))
        if reference:
            limit = PAGE_LIMIT_MS.get(name, DEFAULT_LIMIT_MS)
            value = reference["median_ms"]
            found.append(entry(name, REFERENCE, f"≤ {limit} ms", value, value <= limit))
            value = reference["after_publish_ms"]
            met = value <= AFTER_PUBLISH_LIMIT_MS
            target = f"after publish ≤ {AFTER_PUBLISH_LIMIT_MS} ms"
            found.append(entry(name, REFERENCE, target, value, met))
        if reference and large:
            ratio = round(large["median_ms"] / reference["median_ms"], 2)
            found.append(
                entry(name, LARGE, f"≤ {GROWTH_LIMIT} × 10k", ratio, ratio <= GROWTH_LIMIT)
            )
        if len(sizes) > 1:  # warm, and right after a publish
            last = int(max(sizes, key=int))
            for key, target in QUERY_TARGETS:
                counts = [sizes[cases].get(key) for cases in sizes]
                if None not in counts:
                    found.append(entry(name, last, target, counts, len(set(counts)) == 1))
    return found


def entry(page, cases, target, value, met):
    return {"page": page, "cases": cases, "target": target, "value": value, "met": met}


def machine(postgresql=None):
    cpu = "unknown"
    memory_gb = None
    cpuinfo, meminfo = Path("/proc/cpuinfo"), Path("/proc/meminfo")
    if cpuinfo.exists():
        cpu = load.cpu_model()
    if meminfo.exists():
        for line in meminfo.read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory_gb = round(int(line.split()[1]) / 1024 / 1024, 1)
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": memory_gb,
        "postgresql": postgresql,
        "python": platform.python_version(),
        "load_average": [round(n, 2) for n in os.getloadavg()],
    }


def write_results(results, path=RESULTS):
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def print_report(results):
    by_row = {}
    for found in results["targets"]:
        mark = "met" if found["met"] else "MISSED"
        value = found["value"]
        if isinstance(value, list):
            shown = "/".join(map(str, value))
        else:
            shown = f"{value:.2f}×" if "×" in found["target"] else f"{value:.1f} ms"
        by_row.setdefault((found["page"], found["cases"]), []).append(
            f"{mark} {found['target']}: {shown}"
        )
    machine_ = results["machine"]
    print(
        f"\nKunskapshubben page benchmark: in-process, page cache off, data caches warm; "
        f"{machine_['cores']} cores ({machine_['cpu']}), {machine_['memory_gb']} GB, "
        f"PostgreSQL {machine_['postgresql']}\n"
    )
    head = f"{'page':<20} {'cases':>7} {'median':>7} {'p95':>7} {'queries':>7} {'SQL ms':>7}"
    print(f"{head} {'post-pub':>8} {'queries':>7} | targets")
    print("-" * 120)
    for name in PAGES:
        for index, (cases, row) in enumerate(results[name].items()):
            cells = (
                f"{name if index == 0 else '':<20} {cases:>7} {row['median_ms']:7.1f} "
                f"{row['p95_ms']:7.1f} {row['queries']:7d} {row['sql_ms']:7.1f} "
                f"{row['after_publish_ms']:8.1f} {row['after_publish_queries']:7d}"
            )
            print(f"{cells} | {' · '.join(by_row.get((name, int(cases)), []))}")
    print(
        "(ms; median, p95, queries, SQL ms: warm; post-pub and its queries: the first "
        "request right after a publish)"
    )
    print("\nOne publish (save and on-commit work), median ms:")
    for cases, ms in results["publish_ms_by_cases"].items():
        print(f"  {cases:>7} cases: {ms:.1f}")
    print("Seeded databases:")
    for cases, seed in results["run"]["seed"].items():
        if seed["reused"]:
            print(f"  {cases:>7} cases: seeded database reused")
        else:
            print(
                f"  {cases:>7} cases: seeded in {seed['seed_s']:.1f} s "
                f"(migrate and content {seed['setup_s']:.1f} s)"
            )
    if results["wrk"]:
        print(f"\nwrk on {REFERENCE} cases, {results['wrk']['setup']}:")
        load.print_table(results["wrk"])
    checks = [found["met"] for found in results["targets"]]
    if results["wrk"]:
        for label, met in load.verdict(results["wrk"]):
            print(f"  {'met    ' if met else 'MISSED '} {label}")
            checks.append(met)
    print(f"\nTargets: {sum(checks)} of {len(checks)} met.")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="case counts")
    parser.add_argument("--runs", type=int, default=30, help="timed requests per page")
    parser.add_argument("--warmups", type=int, default=3)
    parser.add_argument("--publishes", type=int, default=5, help="publishes per page")
    parser.add_argument("--server", default=os.environ.get("BENCH_SERVER", DEFAULT_SERVER))
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--no-wrk", dest="wrk", action="store_false")
    parser.add_argument("--wrk-cases", type=int, default=REFERENCE)
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--part", help=argparse.SUPPRESS)
    parser.add_argument("--with-wrk", action="store_true", help=argparse.SUPPRESS)
    load.add_arguments(parser)
    args = parser.parse_args()
    if args.child is not None:
        child(args)
        return
    args.sizes = [int(size) for size in args.sizes.split(",")]
    run(args)


if __name__ == "__main__":
    main()
