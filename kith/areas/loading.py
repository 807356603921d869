"""Loading official boundary and centroid files (ONS GeoJSON and CSV) into Area rows.

The boundary files are read as ONS publishes them: a GeoJSON FeatureCollection in WGS84 whose
features carry the code and name under the ONS property names of their year (LSOA21CD/LSOA21NM,
WD25CD/WD25NM, LAD24CD/LAD24NM …), so a council can load any authority's, or the national, files.

Each file loads in one transaction: a file that cannot be read writes nothing. A feature whose
geometry is invalid is repaired with shapely.make_valid when what comes out is still a polygon of
much the same size; otherwise that feature is rejected, named by its code, and the rest load.
Every load is an upsert by code, so loading the same file again changes nothing.
"""

import csv
import gzip
import json
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import shapely
import shapely.errors
from django.db import transaction
from django.utils import timezone
from shapely.geometry import mapping, shape

from .models import Area, gss_code_validator

# About 10 m on the ground: Sunderland's 185 LSOAs keep their shape and fit in ~120 kB of GeoJSON.
SIMPLIFY_DEGREES = 0.0001
PLACES = 5  # 5 decimal places of a degree is about 1 m
KM_PER_DEGREE_LATITUDE = 111.2
# Repaired geometry must enclose between half and twice what the drawn lines enclosed.
SIMILAR_AREA = (0.5, 2.0)
CODE_PROPERTY = re.compile(r"^(LSOA|WD|LAD)(\d\d)CD$", re.IGNORECASE)
KIND_BY_PREFIX = {"LSOA": Area.Kind.LSOA, "WD": Area.Kind.WARD, "LAD": Area.Kind.LOCAL_AUTHORITY}
# Where ONS files name the authority an LSOA or ward lies in, newest convention first.
AUTHORITY_PROPERTY = re.compile(r"^(LADCD_ACTIVE|LAD\d\dCD)$", re.IGNORECASE)
COMPARED = ["kind", "name", "local_authority", "boundary", "latitude", "longitude", "area_km2", "source"]


class LoadError(Exception):
    """A file that cannot be loaded; nothing was written."""


@dataclass
class Report:
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    repaired: list[tuple[str, str]] = field(default_factory=list)
    rejected: list[tuple[str, str]] = field(default_factory=list)
    skipped: int = 0  # features of other authorities when loading one authority from a national file


@dataclass
class Feature:
    code: str
    name: str
    local_authority: str
    geometry: object  # a valid shapely Polygon or MultiPolygon


def read_feature_collection(path: Path) -> list[dict]:
    try:
        with (gzip.open if path.name.endswith(".gz") else open)(path, "rt", encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, EOFError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise LoadError(f"{path.name} is not a GeoJSON file: {error}") from error
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise LoadError(f"{path.name} is not a GeoJSON FeatureCollection.")
    features = data.get("features")
    if not isinstance(features, list) or not features:
        raise LoadError(f"{path.name} has no features.")
    return features


def detect_properties(properties: dict) -> tuple[str, str, Area.Kind]:
    """The code and name properties by ONS convention (LSOA21CD and LSOA21NM), and the kind of area."""
    for key in properties:
        match = CODE_PROPERTY.match(key)
        if match:
            name_key = key[:-2] + ("NM" if key.endswith("CD") else "nm")
            if name_key in properties:
                return key, name_key, KIND_BY_PREFIX[match.group(1).upper()]
    raise LoadError(
        "The features have no ONS code and name properties (such as LSOA21CD and LSOA21NM, "
        f"WD25CD and WD25NM, LAD24CD and LAD24NM); they have: {', '.join(properties) or 'none'}."
    )


def polygonal(geometry) -> object | None:
    """The polygons in a geometry as one Polygon or MultiPolygon, or None if it has none."""
    if geometry.geom_type in ("Polygon", "MultiPolygon"):
        return geometry
    parts = [part for part in shapely.get_parts(geometry) if part.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if parts else None


def enclosed_area(geometry) -> float:
    """What the geometry's lines enclose, however they cross (a bow-tie's signed area would be nought)."""
    faces = shapely.polygonize(shapely.get_parts(shapely.node(geometry.boundary)))
    return faces.area


def valid_geometry(raw: object) -> tuple[object, str]:
    """A valid polygonal geometry and a note of any repair; LoadError when it cannot be had."""
    try:
        geometry = shape(raw)
    except Exception as error:  # shapely raises several types for malformed coordinates
        raise LoadError(f"its geometry cannot be read ({error})") from error
    if geometry.is_empty or geometry.geom_type not in ("Polygon", "MultiPolygon"):
        raise LoadError(f"its geometry is a {geometry.geom_type}, not a polygon")
    if geometry.is_valid:
        return geometry, ""
    reason = shapely.is_valid_reason(geometry)
    try:
        repaired = polygonal(shapely.make_valid(geometry))
    except shapely.errors.GEOSException as error:
        raise LoadError(f"its geometry is invalid ({reason}) and cannot be repaired ({error})") from error
    drawn = enclosed_area(geometry)
    if repaired is None or repaired.is_empty or not drawn:
        raise LoadError(f"its geometry is invalid ({reason}) and cannot be repaired to a polygon")
    ratio = repaired.area / drawn
    if not SIMILAR_AREA[0] <= ratio <= SIMILAR_AREA[1]:
        raise LoadError(f"its geometry is invalid ({reason}); the repair would change its area by a factor of {ratio:.2f}")
    return repaired, f"invalid geometry repaired ({reason})"


def read_features(path: Path, authority: str = "") -> tuple[list[Feature], Area.Kind, Report]:
    """Every feature of the file (of one authority if given), checked, before anything is written."""
    raw_features = read_feature_collection(path)
    first = (raw_features[0].get("properties") if isinstance(raw_features[0], dict) else None) or {}
    code_key, name_key, kind = detect_properties(first)
    authority_key = next((key for key in first if AUTHORITY_PROPERTY.match(key)), None)
    if kind != Area.Kind.LOCAL_AUTHORITY and authority_key is None and authority:
        raise LoadError(f"{path.name} does not say which authority each area lies in, so --authority cannot filter it.")
    report = Report()
    features = []
    seen = set()
    for number, raw in enumerate(raw_features, start=1):
        properties = (raw.get("properties") if isinstance(raw, dict) else None) or {}
        code = str(properties.get(code_key) or "").strip()
        if not code:
            raise LoadError(f"Feature {number} of {path.name} has no {code_key}.")
        own_authority = code if kind == Area.Kind.LOCAL_AUTHORITY else str(properties.get(authority_key) or "")
        if authority and own_authority != authority:
            report.skipped += 1
            continue
        if gss_code_validator.regex.match(code) is None:
            report.rejected.append((code, "its code is not a 9-character GSS code"))
            continue
        if code in seen:
            report.rejected.append((code, f"feature {number} repeats a code already in the file"))
            continue
        seen.add(code)
        try:
            geometry, note = valid_geometry(raw.get("geometry"))
        except LoadError as error:
            report.rejected.append((code, str(error)))
            continue
        if note:
            report.repaired.append((code, note))
        name = str(properties.get(name_key) or "").strip() or code
        features.append(Feature(code, name, own_authority, geometry))
    return features, kind, report


def rounded(geometry) -> dict:
    simplified = geometry.simplify(SIMPLIFY_DEGREES, preserve_topology=True)
    # Snapping to the grid of 5 decimal places with set_precision keeps the result valid; rounding alone may not.
    snapped = shapely.set_precision(simplified, 10**-PLACES)
    simplified = snapped if not snapped.is_empty else simplified
    return json.loads(json.dumps(mapping(simplified)), parse_float=lambda text: round(float(text), PLACES))


def area_km2(geometry) -> float:
    """Area on a local equirectangular projection: within a tenth of a percent at the size of an authority."""
    scale = math.cos(math.radians(geometry.centroid.y))
    projected = shapely.transform(geometry, lambda xy: xy * [KM_PER_DEGREE_LATITUDE * scale, KM_PER_DEGREE_LATITUDE])
    return round(projected.area, 4)


def upsert(values_by_code: dict[str, dict], report: Report) -> None:
    now = timezone.now()
    existing = Area.objects.in_bulk(values_by_code, field_name="code")
    added, changed = [], []
    for code, values in values_by_code.items():
        area = existing.get(code)
        if area is None:
            added.append(Area(code=code, loaded_at=now, **values))
        elif any(getattr(area, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(area, name, value)
            area.loaded_at = now
            changed.append(area)
        else:
            report.unchanged += 1
    Area.objects.bulk_create(added, batch_size=500)
    if changed:
        fields = {name for values in values_by_code.values() for name in values}
        Area.objects.bulk_update(changed, [*sorted(fields), "loaded_at"], batch_size=500)
    report.added += len(added)
    report.changed += len(changed)


def load_boundaries(path: Path, *, authority: str = "", progress: Callable[[Iterable], Iterable] = iter) -> Report:
    features, kind, report = read_features(Path(path), authority)
    existing = {area.code: area for area in Area.objects.filter(code__in=[f.code for f in features])}
    values_by_code = {}
    for feature in progress(features):
        known = existing.get(feature.code)
        if known is not None and known.official_centre:
            # A centre from the official centroid file outranks one computed here.
            latitude, longitude = known.latitude, known.longitude
        else:
            point = feature.geometry.representative_point()
            latitude, longitude = round(point.y, 6), round(point.x, 6)
        values_by_code[feature.code] = {
            "kind": kind,
            "name": feature.name,
            "local_authority": feature.local_authority,
            "boundary": rounded(feature.geometry),
            "latitude": latitude,
            "longitude": longitude,
            "area_km2": area_km2(feature.geometry),
            "source": Path(path).name,
        }
    with transaction.atomic():
        if values_by_code:
            upsert(values_by_code, report)
        assign_wards({f.local_authority for f in features if f.local_authority})
    return report


def assign_wards(authorities: set[str]) -> None:
    """Each LSOA of these authorities gets the ward holding its centre, when the wards are loaded too."""
    from shapely import STRtree

    for authority in authorities:
        wards = list(Area.objects.filter(kind=Area.Kind.WARD, local_authority=authority).only("code", "boundary"))
        lsoas = list(Area.objects.filter(kind=Area.Kind.LSOA, local_authority=authority).only("code", "ward", "latitude", "longitude"))
        if not wards or not lsoas:
            continue
        tree = STRtree([shape(ward.boundary) for ward in wards])
        points = shapely.points([[lsoa.longitude, lsoa.latitude] for lsoa in lsoas])
        found = dict(zip(*tree.query(points, predicate="within")))
        changed = []
        for index, lsoa in enumerate(lsoas):
            ward = wards[found[index]].code if index in found else ""
            if lsoa.ward != ward:
                lsoa.ward = ward
                changed.append(lsoa)
        Area.objects.bulk_update(changed, ["ward"], batch_size=500)


CENTROID_CODE = re.compile(r"^(LSOA\d*CD|WDCD|WD\d\dCD|LAD\d\dCD)$", re.IGNORECASE)


def load_centroids(path: Path, *, authority: str = "", progress: Callable[[Iterable], Iterable] = iter) -> Report:
    """Official centre points for areas already loaded (rows for other areas are skipped)."""
    path = Path(path)
    opener = gzip.open if path.name.endswith(".gz") else open
    try:
        with opener(path, "rt", encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            columns = {name.lower(): name for name in reader.fieldnames or []}
            code_column = next((name for name in reader.fieldnames or [] if CENTROID_CODE.match(name)), None)
            if code_column is None or "latitude" not in columns or "longitude" not in columns:
                raise LoadError(
                    f"{path.name} needs an area code column (such as LSOACD or wdcd) and latitude and longitude "
                    f"columns; it has: {', '.join(reader.fieldnames or []) or 'none'}."
                )
            rows = [(row[code_column], row[columns["latitude"]], row[columns["longitude"]]) for row in reader]
    except (OSError, UnicodeDecodeError, csv.Error, EOFError) as error:
        raise LoadError(f"{path.name} is not a CSV file: {error}") from error
    areas = Area.objects.all()
    if authority:
        areas = areas.filter(local_authority=authority)
    known = {area.code: area for area in areas.only("code", "latitude", "longitude", "official_centre")}
    report = Report()
    changed = []
    for line, (code, latitude, longitude) in enumerate(progress(rows), start=2):
        area = known.get(code)
        if area is None:
            report.skipped += 1
            continue
        try:
            centre = round(float(latitude), 6), round(float(longitude), 6)
        except ValueError:
            raise LoadError(f"Line {line} of {path.name}: the centre of {code} is not a number.") from None
        if not (-90 <= centre[0] <= 90 and -180 <= centre[1] <= 180):
            raise LoadError(f"Line {line} of {path.name}: the centre of {code} is not a latitude and longitude.")
        if (area.latitude, area.longitude, area.official_centre) == (*centre, True):
            report.unchanged += 1
            continue
        area.latitude, area.longitude, area.official_centre = *centre, True
        changed.append(area)
    with transaction.atomic():
        Area.objects.bulk_update(changed, ["latitude", "longitude", "official_centre"], batch_size=500)
        assign_wards({area.local_authority for area in changed if area.local_authority})
    report.changed = len(changed)
    return report
