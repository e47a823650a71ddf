"""Search benchmark: ``make bench-search``.

Seeds synthetic published cases (plus the real content) into PostgreSQL,
runs every query of tests/search/search_queries.tsv and 50 generated ones
through the real view, and prints server time and SQL queries per search.
"""

import argparse
import csv
import os
import random
import re
import statistics
import time
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hub.settings")
django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench.seed import seed_cases  # noqa: E402
from cases.models import Case  # noqa: E402
from instruments.models import Instrument, Synonym, Term  # noqa: E402

HITS = re.compile(r"(\d+) träffa?r? för")
QUERIES = Path(__file__).resolve().parent.parent / "tests" / "search" / "search_queries.tsv"


def field_queries():
    with QUERIES.open(encoding="utf-8") as handle:
        return [row["query"] for row in csv.DictReader(handle, delimiter="\t")]


def generated_queries(count=50, seed=7):
    rng = random.Random(seed)
    names = list(Term.objects.values_list("term", flat=True))
    names += list(Synonym.objects.values_list("text", flat=True))
    titles = list(Instrument.objects.values_list("name", flat=True))
    words = [
        w.strip(".,;:()”")
        for lead in Case.objects.values_list("lead", flat=True)[:500]
        for w in lead.split()
        if len(w) > 5
    ]
    queries = []
    while len(queries) < count:
        kind = len(queries) % 5
        if kind == 0:
            queries.append(rng.choice(names))
        elif kind == 1:
            queries.append(rng.choice(words))
        elif kind == 2:  # a typo
            word = rng.choice(words + names)
            cut = rng.randrange(1, max(2, len(word) - 1))
            queries.append(word[:cut] + word[cut + 1 :])
        elif kind == 3:
            queries.append(" ".join(rng.sample(words, 2)))
        else:
            queries.append(rng.choice(titles).split()[-1])
    return queries


def measure(client, query, repeats):
    times, queries, total = [], 0, 0
    for _ in range(repeats):
        with CaptureQueriesContext(connection) as context:
            start = time.perf_counter()
            response = client.get("/sok/", {"q": query})
            times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (query, response.status_code)
        queries = len(context.captured_queries)
        found = HITS.search(response.content.decode())
        total = int(found.group(1)) if found else 0
    return statistics.median(times), queries, total


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    seeded = seed_cases(args.cases)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    client = Client(HTTP_HOST="localhost")
    client.get("/sok/", {"q": "utfall"})  # warm up
    published = Case.objects.published().count()
    print(
        f"Search benchmark: {published} published cases ({seeded} synthetic), "
        f"PostgreSQL {connection.pg_version // 10000}, median of {args.repeats} runs each\n"
    )
    print(f"{'query':<36} {'ms':>7} {'SQL':>4} {'hits':>6}")
    rows = []
    for source, queries in (("field", field_queries()), ("generated", generated_queries())):
        for query in queries:
            ms, sql, hits = measure(client, query, args.repeats)
            rows.append((source, query, ms, sql, hits))
            print(f"{query[:36]:<36} {ms:7.1f} {sql:4d} {hits:6d}")
    times = [r[2] for r in rows]
    counts = sorted({r[3] for r in rows})
    print(
        f"\n{len(rows)} searches: p50 {percentile(times, 0.5):.1f} ms, "
        f"p95 {percentile(times, 0.95):.1f} ms, max {max(times):.1f} ms"
    )
    print(
        f"SQL queries per search: {', '.join(map(str, counts))} "
        "(searches with no hits also look up a 'Menade du' suggestion)"
    )


if __name__ == "__main__":
    main()
