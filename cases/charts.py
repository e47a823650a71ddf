"""Pictures of the published cases, drawn by the server as inline SVG: bar
charts and the map of Sweden's län. Every bar and every län is a link to
the case library with that filter, and every picture comes with a table of
the same figures. The counts come from the case library's own facet counts
(cases.filters), one query per chart, so a picture and the library agree.
"""

import json
import math
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.utils.translation import gettext

MAP_FILE = Path(__file__).resolve().parent / "data" / "county_map.json"

# Bar charts: a column of labels, then the bars, then the counts.
CHART_WIDTH = 640
LABEL_WIDTH = 230
BAR_SPACE = 340
ROW = 28
BAR_HEIGHT = 18
# The narrow variant, for phones: each label on its own line above its bar,
# so the text keeps 13 px down to a 240 px wide chart.
NARROW_WIDTH = 240
NARROW_ROW = 42
NARROW_BAR_SPACE = 200


@dataclass
class Bar:
    label: str
    count: int
    url: str
    y: int = 0
    width: float = 0
    index: int = 0

    @property
    def text_y(self):
        return self.y + BAR_HEIGHT - 4

    @property
    def count_x(self):
        return round(LABEL_WIDTH + 8 + self.width + 6, 1)

    @property
    def narrow_y(self):
        return self.index * NARROW_ROW

    @property
    def narrow_label_y(self):
        return self.narrow_y + 14

    @property
    def narrow_bar_y(self):
        return self.narrow_y + 20

    @property
    def narrow_width(self):
        return round(self.width / BAR_SPACE * NARROW_BAR_SPACE, 1)

    @property
    def narrow_count_x(self):
        return round(self.narrow_width + 6, 1)

    @property
    def narrow_count_y(self):
        return self.narrow_bar_y + BAR_HEIGHT - 4


@dataclass
class BarChart:
    slug: str
    title: str
    bars: list = field(default_factory=list)
    label_heading: str = ""

    def __post_init__(self):
        largest = max((bar.count for bar in self.bars), default=0) or 1
        for i, bar in enumerate(self.bars):
            bar.y = i * ROW + 4
            bar.index = i
            bar.width = round(bar.count / largest * BAR_SPACE, 1)

    @property
    def height(self):
        return len(self.bars) * ROW + 8

    @property
    def narrow_height(self):
        return len(self.bars) * NARROW_ROW + 4

    @property
    def total(self):
        return sum(bar.count for bar in self.bars)

    label_x = LABEL_WIDTH
    bar_x = LABEL_WIDTH + 8
    width = CHART_WIDTH
    bar_height = BAR_HEIGHT
    narrow_width = NARROW_WIDTH


def facet_chart(facet, url_for, title):
    """A chart of one facet of the case library (cases.filters.Facet)."""
    bars = [
        Bar(option.label, option.count, url_for({facet.name: option.value}))
        for option in facet.options
    ]
    return BarChart(facet.name, title, bars, facet.label)


def case_charts(facets, years, url_for):
    """The four charts of published cases: by instrument, stage, start year
    and län. ``facets`` are the case library's (cases.filters.build_facets),
    ``years`` {start year: cases} (``FacetIndex.year_counts``);
    ``url_for(params)`` makes a library link."""
    by_name = {facet.name: facet for facet in facets}
    return [
        facet_chart(by_name["instrument"], url_for, gettext("Exempel per instrument")),
        facet_chart(by_name["skede"], url_for, gettext("Exempel per skede")),
        year_chart(
            years,
            lambda year: url_for({"fran": year, "till": year}),
            gettext("Exempel per startår"),
            gettext("Startår"),
        ),
        facet_chart(by_name["lan"], url_for, gettext("Exempel per län")),
    ]


def year_chart(counts, url_for, title, label_heading):
    """Every year from the first to the last, years without cases included."""
    if not counts:
        return BarChart("start", title, [], label_heading)
    years = range(min(counts), max(counts) + 1)
    bars = [Bar(str(year), counts.get(year, 0), url_for(year)) for year in years]
    return BarChart("start", title, bars, label_heading)


# -- the map -------------------------------------------------------------------------


@cache
def map_drawing():
    """The simplified län borders (cases/data/county_map.json, made by the
    build_county_map command), read once per process."""
    return json.loads(MAP_FILE.read_text(encoding="utf-8"))


SHADES = 4  # classes of län with cases; class 0 is "no cases"


@dataclass
class MapCounty:
    code: str
    name: str
    d: str
    count: int
    url: str
    shade: int


@dataclass
class LegendEntry:
    shade: int
    low: int
    high: int


@dataclass
class CountyMap:
    view_box: str
    counties: list
    legend: list
    attribution: str
    source: str
    licence: str

    @property
    def narrow_height(self):
        return len(self.bars) * NARROW_ROW + 4

    @property
    def total(self):
        return sum(county.count for county in self.counties)


def shade(count, largest):
    return 0 if count == 0 else min(SHADES, math.ceil(count * SHADES / largest))


def county_map(lan_facet, url_for):
    """All 21 län, shaded by the case library's län counts."""
    counts = {option.value: option.count for option in lan_facet.options}
    drawing = map_drawing()
    largest = max(counts.values(), default=0) or 1
    counties = [
        MapCounty(
            code,
            shape["name"],
            shape["d"],
            counts.get(code, 0),
            url_for({"lan": code}),
            shade(counts.get(code, 0), largest),
        )
        for code, shape in drawing["counties"].items()
    ]
    legend = [LegendEntry(0, 0, 0)]
    for k in range(1, SHADES + 1):
        low, high = math.floor((k - 1) * largest / SHADES) + 1, math.floor(k * largest / SHADES)
        if low <= high:
            legend.append(LegendEntry(k, low, high))
    return CountyMap(
        drawing["viewBox"],
        counties,
        legend,
        drawing["attribution"],
        drawing["source"],
        drawing["licence"],
    )
