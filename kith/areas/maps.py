"""Choropleth maps drawn on the server as SVG: no JavaScript, no tiles, no network.

`choropleth()` turns boundaries and a value per area code into an SVG string and, always, the same
figures as rows for a table. Colour never carries meaning alone: every area has a <title> naming it
with its value and class ("class 3 of 5"), the legend prints each class's number and range as text,
and areas with no value are hatched as well as grey.

The projection is equirectangular with longitude scaled by the cosine of the map's middle latitude,
which is true to a fraction of a percent across an English local authority.
"""

import bisect
import math
import statistics
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from html import escape
from typing import Protocol

# ColorBrewer YlGnBu, 5 classes: sequential, light to dark, safe for the common colour-vision deficiencies.
PALETTE = ["#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"]
NO_DATA = "#bfc1c3"
MAP_WIDTH = 640
PADDING = 8
LEGEND_ROW = 22


class Mappable(Protocol):
    code: str
    name: str
    boundary: dict  # GeoJSON Polygon or MultiPolygon in WGS84


@dataclass(frozen=True)
class ServicePoint:
    name: str
    latitude: float
    longitude: float


@dataclass(frozen=True)
class MapLabel:
    """A place name printed on the map, such as a ward's at its centre."""

    text: str
    latitude: float
    longitude: float


# More labels than this crowd a map of MAP_WIDTH into illegibility; the table names every area anyway.
MAX_LABELS = 40
LABEL_SIZE = 11
# A sans-serif character's mean advance as a share of the font size, and half the white halo's width: the
# room a label is given is an estimate (the server cannot measure text), erring a little on the wide side.
LABEL_CHAR_WIDTH = 0.55
LABEL_HALO = 1.5
POINT_RADIUS = 3.5
# Where a label may go when its own place is taken, in font sizes: a line lower (a line clears the halo), a
# line higher, then two.
LABEL_NUDGES = (0, 1.4, -1.4, 2.8, -2.8)


@dataclass(frozen=True)
class MapRow:
    name: str
    code: str
    value: float | None
    class_number: int  # 1 (lowest) to the number of classes; 0 for no data
    href: str


@dataclass(frozen=True)
class LegendEntry:
    class_number: int
    colour: str
    label: str


@dataclass(frozen=True)
class Choropleth:
    svg: str
    rows: list[MapRow]
    legend: list[LegendEntry]


def quantile_breaks(values: Sequence[float], classes: int) -> list[float]:
    """Upper bounds of the first classes-1 classes, so each class holds about as many areas."""
    if len(values) < 2:
        return []
    return statistics.quantiles(values, n=classes, method="inclusive")


def class_of(value: float | None, breaks: list[float]) -> int:
    return 0 if value is None else bisect.bisect_left(breaks, value) + 1


def polygons(boundary: dict) -> list:
    return [boundary["coordinates"]] if boundary["type"] == "Polygon" else boundary["coordinates"]


class Projection:
    """Longitude and latitude to SVG units, fitted to a width."""

    def __init__(self, boundaries: Iterable[dict], width: float):
        xs, ys = [], []
        for boundary in boundaries:
            for polygon in polygons(boundary):
                for ring in polygon:
                    xs.extend(point[0] for point in ring)
                    ys.extend(point[1] for point in ring)
        self.west, self.north = min(xs), max(ys)
        squash = math.cos(math.radians((min(ys) + self.north) / 2))
        self.x_scale = (width - 2 * PADDING) / max((max(xs) - self.west) * squash, 1e-9) * squash
        self.y_scale = self.x_scale / squash
        self.height = (self.north - min(ys)) * self.y_scale + 2 * PADDING

    def xy(self, longitude: float, latitude: float) -> tuple[float, float]:
        return (longitude - self.west) * self.x_scale + PADDING, (self.north - latitude) * self.y_scale + PADDING

    def point(self, longitude: float, latitude: float) -> str:
        x, y = self.xy(longitude, latitude)
        return f"{x:.1f},{y:.1f}"

    def path(self, boundary: dict) -> str:
        return " ".join(
            "M" + " ".join(self.point(x, y) for x, y, *_ in ring) + "Z" for polygon in polygons(boundary) for ring in polygon
        )


def format_value(value: float | None, units: str, decimals: int) -> str:
    if value is None:
        return "no data"
    return f"{value:,.{decimals}f}" + (f" {units}" if units else "")


def legend_entries(rows: list[MapRow], classes: int, units: str, decimals: int) -> list[LegendEntry]:
    entries = []
    for number in range(1, classes + 1):
        members = [row.value for row in rows if row.class_number == number]
        label = (
            f"{format_value(min(members), '', decimals)} to {format_value(max(members), units, decimals)}"
            if members
            else "no areas"
        )
        entries.append(LegendEntry(number, PALETTE[number - 1], f"Class {number}: {label}"))
    if any(row.class_number == 0 for row in rows):
        entries.append(LegendEntry(0, NO_DATA, "No data"))
    return entries


def choropleth(
    areas: Iterable[Mappable],
    values: dict[str, float | None],
    *,
    title: str,
    units: str = "",
    href: Callable[[str], str],
    points: Iterable[ServicePoint] = (),
    labels: Iterable[MapLabel] = (),
    description: str = "",
    decimals: int = 1,
    id_prefix: str = "map",
    width: int = MAP_WIDTH,
) -> Choropleth:
    areas = list(areas)
    classes = len(PALETTE)
    if not areas:
        raise ValueError("A map needs at least one area with a boundary.")
    known = [value for area in areas if (value := values.get(area.code)) is not None]
    breaks = quantile_breaks(known, classes)
    rows = [
        MapRow(area.name, area.code, values.get(area.code), class_of(values.get(area.code), breaks), href(area.code))
        for area in areas
    ]
    legend = legend_entries(rows, classes, units, decimals)
    projection = Projection((area.boundary for area in areas), width)
    labels = list(labels)
    svg = render_svg(areas, rows, legend, projection, list(points), labels if len(labels) <= MAX_LABELS else [], title,
                     description or default_description(title, rows), units, decimals, id_prefix, width)
    return Choropleth(svg, rows, legend)


def default_description(title: str, rows: list[MapRow]) -> str:
    with_data = sum(1 for row in rows if row.value is not None)
    return f"Map of {len(rows)} areas shaded in {len(PALETTE)} classes of {title.lower()}; {with_data} have a value. The same figures are in the table."


def label_box(x: float, y: float, text: str) -> tuple[float, float, float, float]:
    """The room a label takes, centred on x with its baseline at y: (left, top, right, bottom)."""
    half = len(text) * LABEL_SIZE * LABEL_CHAR_WIDTH / 2 + LABEL_HALO
    return x - half, y - 0.8 * LABEL_SIZE - LABEL_HALO, x + half, y + 0.25 * LABEL_SIZE + LABEL_HALO


def overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def placed_labels(labels: Iterable[MapLabel], projection: Projection,
                  points: Iterable[ServicePoint] = ()) -> list[tuple[float, float, str]]:
    """Each label at its place, or a line or two above or below it when a label already placed or a service's
    dot is in the way, so that no name prints over another or, where there is room, over a service; a label
    with no free line near its place is left off (the table and the areas' own titles still name every area)."""
    dots = [(x - POINT_RADIUS, y - POINT_RADIUS, x + POINT_RADIUS, y + POINT_RADIUS)
            for x, y in (projection.xy(point.longitude, point.latitude) for point in points)]
    placed, boxes = [], []
    for label in labels:
        x, y = projection.xy(label.longitude, label.latitude)
        candidates = [(y + nudge * LABEL_SIZE, label_box(x, y + nudge * LABEL_SIZE, label.text)) for nudge in LABEL_NUDGES]
        # Clear of dots if it can be; where services crowd a town centre, its name on a dot beats no name.
        for clear in (boxes + dots, boxes):
            spot = next(((y_, box) for y_, box in candidates if not any(overlap(box, other) for other in clear)), None)
            if spot:
                placed.append((x, spot[0], label.text))
                boxes.append(spot[1])
                break
    return placed


def render_svg(areas, rows, legend, projection, points, labels, title, description, units, decimals, id_prefix, width) -> str:
    map_height = projection.height
    height = map_height + PADDING + LEGEND_ROW * len(legend) + (LEGEND_ROW if points else 0)
    hatch = f"{id_prefix}-no-data"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height:.0f}" class="kith-map" '
        # A group, not an image: role="img" would hide the areas' links from screen readers.
        f'role="group" aria-labelledby="{id_prefix}-title {id_prefix}-desc">',
        f'<title id="{id_prefix}-title">{escape(title)}</title>',
        f'<desc id="{id_prefix}-desc">{escape(description)}</desc>',
        f'<defs><pattern id="{hatch}" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        f'<rect width="6" height="6" fill="{NO_DATA}"/><line x1="0" y1="0" x2="0" y2="6" stroke="#505a5f" stroke-width="1.5"/></pattern></defs>',
        '<g class="kith-map-areas" stroke="#505a5f" stroke-width="0.4" stroke-linejoin="round" fill-rule="evenodd">',
    ]
    for area, row in zip(areas, rows):
        fill = f"url(#{hatch})" if row.class_number == 0 else PALETTE[row.class_number - 1]
        class_text = "no data" if row.class_number == 0 else f"class {row.class_number} of {len(PALETTE)}"
        label = f"{row.name} ({row.code}): {format_value(row.value, units, decimals)}, {class_text}"
        parts.append(
            f'<a href="{escape(row.href)}" aria-label="{escape(label)}">'
            f'<path d="{projection.path(area.boundary)}" fill="{fill}" class="kith-map-class-{row.class_number}">'
            f"<title>{escape(label)}</title></path></a>"
        )
    parts.append("</g>")
    if labels:
        # Dark text on a white halo reads on every class's colour; it keeps clear of services' dots. Hidden
        # from screen readers (each area's link names it already) and from the pointer, so a click on a
        # name reaches the area beneath.
        parts.append(f'<g class="kith-map-labels" font-size="{LABEL_SIZE}" font-family="sans-serif" text-anchor="middle" '
                     'fill="#0b0c0c" stroke="#ffffff" stroke-width="3" stroke-linejoin="round" paint-order="stroke" '
                     'aria-hidden="true" pointer-events="none">')
        for x, y, text in placed_labels(labels, projection, points):
            parts.append(f'<text x="{x:.1f}" y="{y:.1f}">{escape(text)}</text>')
        parts.append("</g>")
    if points:
        parts.append('<g class="kith-map-points" fill="#d4351c" stroke="#ffffff" stroke-width="1">')
        for point in points:
            x, y = projection.point(point.longitude, point.latitude).split(",")
            parts.append(f'<circle cx="{x}" cy="{y}" r="{POINT_RADIUS}"><title>{escape(point.name)}</title></circle>')
        parts.append("</g>")
    parts.append(f'<g class="kith-map-legend" font-size="14" font-family="sans-serif" transform="translate({PADDING},{map_height + PADDING:.0f})">')
    for index, entry in enumerate(legend):
        fill = f"url(#{hatch})" if entry.class_number == 0 else entry.colour
        y = index * LEGEND_ROW
        parts.append(
            f'<rect x="0" y="{y}" width="28" height="16" fill="{fill}" stroke="#0b0c0c" stroke-width="0.5"/>'
            f'<text x="36" y="{y + 13}">{escape(entry.label)}</text>'
        )
    if points:
        y = len(legend) * LEGEND_ROW
        parts.append(f'<circle cx="14" cy="{y + 8}" r="{POINT_RADIUS}" fill="#d4351c" stroke="#ffffff"/><text x="36" y="{y + 13}">Service</text>')
    parts.append("</g></svg>")
    return "".join(parts)
