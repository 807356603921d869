"""The figures of the gaps page for one need: a row per area at the chosen level, the cold-spots and the
rural proofing, from coverage.py over the directory's listed services."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from kith.areas.maps import ServicePoint
from kith.areas.models import Area as AreaRecord
from kith.needs import coverage
from kith.needs.models import Indicator

from .provision import ListedService, listed_services, need_sign, place_areas

LEVELS = {"lsoa": "Neighbourhood (LSOA)", "ward": "Ward", "lad": "Local authority"}
COLD_SPOTS = 10


def km_to_miles(km: float) -> float | None:
    return None if km is None or not math.isfinite(km) else km / coverage.KM_PER_MILE


def _number(value) -> float | None:
    return None if value is None or not math.isfinite(float(value)) else float(value)


@dataclass
class GapRow:
    code: str
    name: str
    population: float
    need: float | None  # the indicator's value as published
    reach: float  # services in reach (a population-weighted mean above LSOA level)
    nearest_miles: float | None  # None: no in-person service with a known place
    provision: float | None  # capacity-weighted, per 1,000 residents
    gap: float | None
    rural_areas: int  # LSOAs whose nearest in-person service is beyond the threshold
    parts: int  # LSOAs in the area
    href: str = ""
    need_percentile: float | None = None
    provision_percentile: float | None = None

    @property
    def rural_text(self) -> str:
        if self.parts == 1:
            return "Yes: beyond the threshold" if self.rural_areas else "No"
        if not self.rural_areas:
            return "No"
        return f"{self.rural_areas} of {self.parts} neighbourhoods"


@dataclass
class GapsReport:
    need: str
    need_name: str
    level: str
    within_miles: int
    rural_miles: float
    age: int | None
    indicator: Indicator | None
    rows: list[GapRow]
    map_areas: list[AreaRecord]
    rural: list[GapRow]  # LSOAs flagged by rural proofing, furthest first
    remote: int
    unplaced: int
    in_person: int
    points: list[ServicePoint] = field(default_factory=list)

    @property
    def cold_spots(self) -> list[GapRow]:
        ranked = sorted((row for row in self.rows if row.gap is not None), key=lambda row: (-row.gap, row.code))
        return ranked[:COLD_SPOTS]


def build(*, place_code: str, need: str, need_name: str, indicator: Indicator | None, within_miles: int, level: str,
          age: int | None, rural_miles: float, services: list[ListedService] | None = None,
          for_map: bool = True) -> GapsReport:
    """The figures for `need`; `services` are the listed ones meeting it, when the caller has read them."""
    services = [s for s in (listed_services(need=need) if services is None else services) if s.suits_age(age)]
    place = place_areas(place_code, indicator, need, with_boundaries=for_map and level == "lsoa")
    result = coverage.coverage(place.areas, [s.for_coverage() for s in services], themes=[need],
                               distance_km=within_miles * coverage.KM_PER_MILE,
                               rural_km=rural_miles * coverage.KM_PER_MILE)
    names = {r.code: r.name for r in place.records}
    # Each of these is worked out afresh whenever it is read: once, not once a row.
    provision, gap, rural = result.provision_per_1000[:, 0], result.gap[:, 0], result.rural[:, 0]
    lsoa_rows = [GapRow(code=code, name=names[code], population=float(result.population[i]),
                        need=place.values.get(code), reach=float(result.reachable[i, 0]),
                        nearest_miles=km_to_miles(result.nearest_km[i, 0]),
                        provision=_number(provision[i]), gap=_number(gap[i]), rural_areas=int(rural[i]), parts=1)
                 for i, code in enumerate(result.codes)]
    if level == "lsoa":
        rows, map_areas = lsoa_rows, place.records
    else:
        rows, map_areas = _rolled_up(result, place, level, indicator, for_map)
    _rank(rows, indicator)
    rural = sorted((row for row in lsoa_rows if row.rural_areas),
                   key=lambda row: (-(row.nearest_miles or math.inf), row.code))
    in_person = [s for s in services if s.in_person and s.places]
    return GapsReport(
        need=need, need_name=need_name, level=level, within_miles=within_miles, rural_miles=rural_miles, age=age, indicator=indicator,
        rows=rows, map_areas=map_areas, rural=rural, remote=int(result.remote[0]), unplaced=int(result.unplaced[0]),
        in_person=len(in_person), points=service_points(in_person, place.records))


def _rolled_up(result: coverage.Coverage, place, level: str, indicator: Indicator | None, for_map: bool) -> tuple[list[GapRow], list[AreaRecord]]:
    parent_of = {r.code: (r.ward if level == "ward" else r.local_authority) for r in place.records
                 if (r.ward if level == "ward" else r.local_authority)}
    up = coverage.roll_up(result, parent_of)
    kind = AreaRecord.Kind.WARD if level == "ward" else AreaRecord.Kind.LOCAL_AUTHORITY
    records = {r.code: r for r in AreaRecord.objects.filter(kind=kind, code__in=up.codes)
               .only("code", "name", *(["boundary"] if for_map else []))}
    parts: dict[str, int] = {}
    for parent in parent_of.values():
        parts[parent] = parts.get(parent, 0) + 1
    # A weighted mean is linear, so turning the need back round gives the published figure's mean.
    published = need_sign(indicator) * up.need
    rows = [GapRow(code=code, name=records[code].name if code in records else code, population=float(up.population[k]),
                   need=_number(published[k, 0]), reach=float(up.reachable[k, 0]),
                   nearest_miles=km_to_miles(up.nearest_km[k, 0]), provision=_number(up.provision_per_1000[k, 0]),
                   gap=_number(up.gap[k, 0]), rural_areas=int(up.rural_areas[k, 0]), parts=parts[code])
            for k, code in enumerate(up.codes)]
    return rows, [records[code] for code in up.codes if code in records]


def _rank(rows: list[GapRow], indicator: Indicator | None) -> None:
    """Each row's percentile for need and for provision among the rows, for the cold-spots' reasons."""
    sign = need_sign(indicator)
    need = coverage.percentiles(np.array([np.nan if r.need is None else sign * r.need for r in rows], float))
    provision = coverage.percentiles(np.array([np.nan if r.provision is None else r.provision for r in rows], float))
    for row, n, p in zip(rows, need, provision):
        row.need_percentile, row.provision_percentile = _number(n), _number(p)


def service_points(services: list[ListedService], areas: list[AreaRecord]) -> list[ServicePoint]:
    """In-person places near enough to the place to draw on its map, each named for its service."""
    if not areas:
        return []
    lats, lons = [a.latitude for a in areas], [a.longitude for a in areas]
    margin = 0.02  # degrees: places just over the boundary still show at the map's edge
    south, north, west, east = min(lats) - margin, max(lats) + margin, min(lons) - margin, max(lons) + margin
    # Services sharing a place share one dot, named for all of them: stacked dots would hide all but one.
    at: dict[tuple[float, float], list[str]] = {}
    for s in services:
        for p in s.places:
            if south <= p.latitude <= north and west <= p.longitude <= east:
                at.setdefault((p.latitude, p.longitude), []).append(f"{s.name} ({s.organisation}), {p.name}")
    return [ServicePoint("; ".join(names), lat, lon) for (lat, lon), names in at.items()]
