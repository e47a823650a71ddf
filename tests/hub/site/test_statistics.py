"""/statistik/ and the case library's charts: every bar and every län counts
what the case library shows for the same filter, published cases only."""

import html as htmlib
import json
import re

import pytest

from cases.charts import MAP_FILE
from cases.models import Case, County
from publishing.models import Status

pytestmark = pytest.mark.django_db

LINK = re.compile(r'<a href="([^"]+)" aria-label="([^"]+): (\d+) exempel">')
RESULT_COUNT = re.compile(r'<h2 id="result-count">(\d+) exempel</h2>')


def svg_links(html, svg_class):
    """(url, label, count) of every link in the SVG pictures of one kind."""
    links = []
    for svg in re.findall(rf'<svg class="{svg_class}".*?</svg>', html, re.S):
        assert len(svg.encode()) < 50_000
        links += [
            (htmlib.unescape(url), htmlib.unescape(label), int(count))
            for url, label, count in LINK.findall(svg)
        ]
    return links


def library_count(client, url):
    html = client.get(url).content.decode()
    return int(RESULT_COUNT.search(html).group(1))


def test_every_bar_counts_what_the_library_shows(client):
    html = client.get("/statistik/").content.decode()
    bars = svg_links(html, "bar-chart")
    assert len(bars) >= 5 + 5 + 5  # instruments, stages, years, län
    for url, label, count in bars:
        assert url.startswith("/fall/?")
        assert library_count(client, url) == count, (label, url)


def test_the_map_has_every_län_and_counts_what_the_library_shows(client):
    html = client.get("/statistik/").content.decode()
    counties = svg_links(html, "map")
    assert len(counties) == 21
    assert {url.split("lan=")[1] for url, _label, _n in counties} == set(
        County.objects.values_list("code", flat=True)
    )
    for url, label, count in counties:
        assert library_count(client, url) == count, label
    assert sum(count for _u, _l, count in counties) >= Case.objects.published().count()
    assert "Statistiska centralbyrån (SCB" in html  # the attribution


def test_only_published_cases_count(client):
    def stockholm():
        html = client.get("/statistik/").content.decode()
        return next(n for url, _l, n in svg_links(html, "map") if url.endswith("lan=01"))

    before = stockholm()
    case = Case.objects.published().filter(counties__code="01").first()
    case.status = Status.DRAFT
    case.save()
    assert stockholm() == before - 1


def test_the_library_draws_its_selection(client):
    url = "/fall/?instrument=sociala-utfallskontrakt"
    html = client.get(url).content.decode()
    total = int(RESULT_COUNT.search(html).group(1))
    bars = svg_links(html, "bar-chart")
    stages = [(u, n) for u, label, n in bars if "skede=" in u]
    assert sum(n for _u, n in stages) == total  # a case has one stage
    for bar_url, count in stages:
        assert "instrument=sociala-utfallskontrakt" in bar_url  # the selection is kept
        assert library_count(client, "/fall/" + bar_url) == count


def test_the_committed_map_is_small_and_names_its_source():
    drawing = json.loads(MAP_FILE.read_text(encoding="utf-8"))
    assert MAP_FILE.stat().st_size < 50_000
    assert set(drawing["counties"]) == set(County.objects.values_list("code", flat=True))
    assert "SCB" in drawing["attribution"] and "CC0" in drawing["licence"]
    for county in drawing["counties"].values():
        assert county["d"].startswith("M") and county["d"].endswith("z")


def test_the_narrow_drawing_has_the_same_bars(client):
    """Phones get the chart redrawn with labels above the bars: the same
    links, labels and counts as the wide drawing."""
    html = client.get("/statistik/").content.decode()
    wide = svg_links(html, "bar-chart")
    narrow = svg_links(html, "bar-chart-narrow bar-chart")
    assert narrow == wide
    assert len(narrow) >= 15
