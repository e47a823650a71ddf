"""The page benchmark's code runs: a tiny seed, two requests per page, no wrk.
Only the shape of what it writes is checked, never a time."""

import json
from contextlib import contextmanager

import pytest
from django.db import transaction

from bench import measure, pages

pytestmark = pytest.mark.django_db


def test_the_page_benchmark_runs_on_a_tiny_seed(tmp_path, django_capture_on_commit_callbacks):
    @contextmanager
    def commit():
        # The test's own transaction never commits: run the on-commit work here.
        with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
            yield

    def quiet(*args, **kwargs):
        pass

    part = pages.bench_size(
        20, runs=2, warmups=1, publishes=1, fresh=False, commit=commit, log=quiet
    )
    assert part["seed"]["reused"] is False
    assert measure.prepare(20, fresh=False, log=quiet)["reused"] is True  # unchanged: kept

    path = tmp_path / "results.json"
    pages.write_results(pages.assemble({20: part}), path)
    results = json.loads(path.read_text(encoding="utf-8"))

    for name in pages.PAGES:
        row = results[name]["20"]
        assert set(row) >= {"median_ms", "p95_ms", "queries", "sql_ms", "after_publish_ms"}
        assert row["after_publish_queries"] > 0  # right after a publish, nothing is kept
    assert isinstance(results["publish_ms"], float)
    assert "wrk" in results
    assert set(results["machine"]) >= {"cpu", "cores", "memory_gb", "postgresql"}
    assert results["run"]["published_cases"]["20"] >= 20
    assert results["targets"] == []  # no 10 000-case figures to judge
    pages.print_report(results)


def test_the_targets_are_judged_from_the_figures():
    def row(ms, queries=10, after_publish=12):
        keys = ("median_ms", "p95_ms", "sql_ms", "after_publish_ms")
        return {
            **dict.fromkeys(keys, ms),
            "queries": queries,
            "after_publish_queries": after_publish,
        }

    results = {name: {"10000": row(10), "100000": row(14)} for name in pages.PAGES}
    results["search"]["100000"] = row(16, queries=11)
    results["case"]["100000"] = row(14, after_publish=13)
    found = {(t["page"], t["target"]): t["met"] for t in pages.targets(results)}
    assert found[("start", "≤ 15 ms")] is True
    assert found[("start", "≤ 1.5 × 10k")] is True
    assert found[("search", "≤ 1.5 × 10k")] is False
    assert found[("search", "queries equal")] is False
    assert found[("case", "after publish ≤ 60 ms")] is True
    assert found[("start", "queries after a publish equal")] is True
    assert found[("case", "queries after a publish equal")] is False
