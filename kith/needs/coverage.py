"""Coverage of areas by services, and the gaps: pure functions over plain inputs (no models), so the needs
pages, the recompute command and the benchmark share one computation.

Distances are great-circle distances on a sphere of the Earth's mean radius. Neighbour queries run on a
k-d tree of 3-D unit-sphere points, where the straight-line (chord) distance maps one-to-one onto the
great-circle distance, so "within 5 km" is exact on the sphere; the sphere differs from the real
(ellipsoidal) Earth by at most about 0.5 % of a distance, a few metres at the distances used here.

Only in-person services with a known place count towards distance-based provision. Online and phone
services reach everyone equally, so they are counted separately (``remote``) and do not change any
area's provision, gap or rural flag: they are no help to someone who needs to be seen in person, and
counting them everywhere would lift every area alike without changing any ranking.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy.spatial import cKDTree
from scipy.stats import rankdata

EARTH_RADIUS_KM = 6371.0088  # IUGG mean radius
KM_PER_MILE = 1.609344
# Points computed to lie exactly on the threshold differ from it by rounding only; a millimetre settles
# them as inside, the same way in the fast and the naive computation.
DISTANCE_TOLERANCE_KM = 1e-6

# How much one service adds to an area's provision: full weight when it takes referrals and its wait is
# short; half when it does not take referrals now; halved again when its typical wait is long.
ACCEPTING_WEIGHT = 1.0
NOT_ACCEPTING_WEIGHT = 0.5
LONG_WAIT_WEEKS = 8
LONG_WAIT_FACTOR = 0.5

RURAL_THRESHOLD_KM = 10.0

GAP_SCORE_EXPLANATION = (
    "The gap score compares how an area ranks on need with how it ranks on provision, among the areas "
    "shown: it is (need percentile − provision percentile + 100) ÷ 2, so 100 means the most in need with "
    "the least provision, 50 means need and provision rank level, and 0 the least in need with the most."
)
CAPACITY_EXPLANATION = (
    f"Provision counts each in-person service within reach as {ACCEPTING_WEIGHT:g} if it is taking "
    f"referrals and {NOT_ACCEPTING_WEIGHT:g} if not, halved again if its typical wait is over "
    f"{LONG_WAIT_WEEKS} weeks, per 1,000 residents. Online and phone services are counted separately."
)


@dataclass(frozen=True)
class Area:
    code: str
    latitude: float
    longitude: float
    population: float
    need: Mapping[str, float] = field(default_factory=dict)  # theme -> need value, higher is more need


@dataclass(frozen=True)
class Service:
    id: object
    places: tuple[tuple[float, float], ...]  # (latitude, longitude) of each in-person place
    themes: frozenset[str]
    accepting_referrals: bool = True
    typical_wait_weeks: float | None = None
    in_person: bool = True
    online: bool = False
    by_phone: bool = False
    min_age: int | None = None
    max_age: int | None = None


@dataclass
class Coverage:
    """Figures per area (rows, in input order) and theme (columns)."""

    codes: list[str]
    themes: list[str]
    distance_km: float
    rural_km: float
    population: np.ndarray  # (areas,)
    reachable: np.ndarray  # services with an in-person place within distance_km
    weighted: np.ndarray  # the same, capacity-weighted
    nearest_km: np.ndarray  # to the nearest in-person place; inf when there is none
    need: np.ndarray  # nan where no need value was given
    remote: np.ndarray  # (themes,): online or phone services, reaching every area
    unplaced: np.ndarray  # (themes,): in-person services without a known place, left out of distances

    @property
    def provision_per_1000(self) -> np.ndarray:
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(self.population[:, None] > 0, self.weighted * 1000 / self.population[:, None], np.nan)

    @property
    def rural(self) -> np.ndarray:
        return self.nearest_km > self.rural_km

    @property
    def gap(self) -> np.ndarray:
        return gap_scores(self.need, self.provision_per_1000)

    def column(self, theme: str) -> int:
        return self.themes.index(theme)


def service_weight(service: Service) -> float:
    weight = ACCEPTING_WEIGHT if service.accepting_referrals else NOT_ACCEPTING_WEIGHT
    if service.typical_wait_weeks is not None and service.typical_wait_weeks > LONG_WAIT_WEEKS:
        weight *= LONG_WAIT_FACTOR
    return weight


def unit_vectors(latitude: np.ndarray, longitude: np.ndarray) -> np.ndarray:
    lat, lon = np.radians(np.asarray(latitude, float)), np.radians(np.asarray(longitude, float))
    return np.column_stack([np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)])


def chord_for_km(km: float) -> float:
    return 2 * np.sin(min(km, np.pi * EARTH_RADIUS_KM) / (2 * EARTH_RADIUS_KM))


def km_for_chord(chord: np.ndarray) -> np.ndarray:
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.clip(np.asarray(chord) / 2, 0, 1))


def haversine_km(lat1, lon1, lat2, lon2) -> np.ndarray:
    lat1, lon1, lat2, lon2 = (np.radians(np.asarray(v, float)) for v in (lat1, lon1, lat2, lon2))
    a = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0, 1)))


def percentiles(values: np.ndarray) -> np.ndarray:
    """0 for the lowest value, 100 for the highest, ties sharing their mean rank; nan stays nan."""
    values = np.asarray(values, float)
    out = np.full(values.shape, np.nan)
    known = ~np.isnan(values)
    n = int(known.sum())
    if n == 1:
        out[known] = 50.0
    elif n > 1:
        out[known] = (rankdata(values[known]) - 1) * 100 / (n - 1)
    return out


def gap_scores(need: np.ndarray, provision: np.ndarray) -> np.ndarray:
    """The gap score of GAP_SCORE_EXPLANATION, column by column; nan where need or provision is unknown."""
    need, provision = np.atleast_2d(need), np.atleast_2d(provision)
    gap = np.full(need.shape, np.nan)
    for j in range(need.shape[1]):
        both = ~np.isnan(need[:, j]) & ~np.isnan(provision[:, j])
        gap[both, j] = (percentiles(need[both, j]) - percentiles(provision[both, j]) + 100) / 2
    return gap


def _suits_age(service: Service, age: int | None) -> bool:
    if age is None:
        return True
    return (service.min_age is None or service.min_age <= age) and (service.max_age is None or age <= service.max_age)


def _placed(service: Service) -> list[tuple[float, float]]:
    return [(lat, lon) for lat, lon in service.places
            if lat is not None and lon is not None and not (np.isnan(lat) or np.isnan(lon))]


@dataclass
class _Prepared:
    """Areas as arrays, and per theme the services that count: in-person ones with their places."""

    codes: list[str]
    themes: list[str]
    lat: np.ndarray
    lon: np.ndarray
    population: np.ndarray
    need: np.ndarray
    remote: np.ndarray
    unplaced: np.ndarray
    # per theme: for every place, its service's position in `weights`; and each service's weight
    place_lat: list[np.ndarray]
    place_lon: list[np.ndarray]
    place_service: list[np.ndarray]
    weights: list[np.ndarray]


def _prepare(areas: Sequence[Area], services: Iterable[Service], themes: Sequence[str] | None,
             age: int | None) -> _Prepared:
    services = [s for s in services if _suits_age(s, age)]
    if themes is None:
        themes = sorted({t for s in services for t in s.themes})
    themes = list(themes)
    column = {t: j for j, t in enumerate(themes)}
    remote = np.zeros(len(themes), int)
    unplaced = np.zeros(len(themes), int)
    lats: list[list[float]] = [[] for _ in themes]
    lons: list[list[float]] = [[] for _ in themes]
    owners: list[list[int]] = [[] for _ in themes]
    weights: list[list[float]] = [[] for _ in themes]
    for service in services:
        cols = [column[t] for t in service.themes if t in column]
        if not cols:
            continue
        if service.online or service.by_phone:
            remote[cols] += 1
        if not service.in_person:
            continue
        places = _placed(service)
        if not places:
            unplaced[cols] += 1
            continue
        weight = service_weight(service)
        for j in cols:
            owners[j].extend([len(weights[j])] * len(places))
            weights[j].append(weight)
            lats[j].extend(p[0] for p in places)
            lons[j].extend(p[1] for p in places)
    need = np.array([[area.need.get(t, np.nan) for t in themes] for area in areas], float)
    need = need.reshape(len(areas), len(themes))  # keeps two dimensions when there are no areas or themes
    return _Prepared(
        codes=[a.code for a in areas], themes=themes,
        lat=np.array([a.latitude for a in areas], float), lon=np.array([a.longitude for a in areas], float),
        population=np.array([a.population for a in areas], float), need=need, remote=remote, unplaced=unplaced,
        place_lat=[np.array(v, float) for v in lats], place_lon=[np.array(v, float) for v in lons],
        place_service=[np.array(v, int) for v in owners], weights=[np.array(v, float) for v in weights])


def _result(p: _Prepared, distance_km: float, rural_km: float, reachable, weighted, nearest) -> Coverage:
    return Coverage(codes=p.codes, themes=p.themes, distance_km=distance_km, rural_km=rural_km,
                    population=p.population, reachable=reachable, weighted=weighted, nearest_km=nearest,
                    need=p.need, remote=p.remote, unplaced=p.unplaced)


def coverage(areas: Sequence[Area], services: Iterable[Service], *, distance_km: float,
             rural_km: float = RURAL_THRESHOLD_KM, themes: Sequence[str] | None = None,
             age: int | None = None) -> Coverage:
    """Coverage of every area for every theme, with a k-d tree per theme (and per capacity weight)."""
    p = _prepare(areas, services, themes, age)
    shape = (len(p.codes), len(p.themes))
    reachable, weighted = np.zeros(shape, int), np.zeros(shape)
    nearest = np.full(shape, np.inf)
    if not p.codes:
        return _result(p, distance_km, rural_km, reachable, weighted, nearest)
    centres = unit_vectors(p.lat, p.lon)
    area_tree = cKDTree(centres)
    radius = chord_for_km(distance_km + DISTANCE_TOLERANCE_KM)
    for j in range(len(p.themes)):
        owners = p.place_service[j]
        if not len(owners):
            continue
        points = unit_vectors(p.place_lat[j], p.place_lon[j])
        chord, _ = cKDTree(points).query(centres, k=1, workers=-1)
        nearest[:, j] = km_for_chord(chord)
        # Services with one place are counted inside the tree, one tree per weight; a service with several
        # places must count once however many of them are in reach, so its (area, service) pairs are listed.
        places_per_service = np.bincount(owners, minlength=len(p.weights[j]))
        single = places_per_service[owners] == 1
        for weight in np.unique(p.weights[j]):
            chosen = single & (p.weights[j][owners] == weight)
            if chosen.any():
                counts = cKDTree(points[chosen]).query_ball_point(centres, radius, return_length=True, workers=-1)
                reachable[:, j] += counts
                weighted[:, j] += counts * weight
        if not single.all():
            pairs = area_tree.sparse_distance_matrix(cKDTree(points[~single]), radius, output_type="ndarray")
            # Each (area, service) pair once, however many of the service's places are in reach.
            count = len(p.weights[j])
            pairs = np.sort(pairs["i"].astype(np.int64) * count + owners[~single][pairs["j"]])
            pairs = pairs[np.r_[True, pairs[1:] != pairs[:-1]]] if len(pairs) else pairs  # np.unique: slower
            area_of, service_of = np.divmod(pairs, count)
            reachable[:, j] += np.bincount(area_of, minlength=len(centres))
            weighted[:, j] += np.bincount(area_of, weights=p.weights[j][service_of], minlength=len(centres))
    return _result(p, distance_km, rural_km, reachable, weighted, nearest)


def naive_coverage(areas: Sequence[Area], services: Iterable[Service], *, distance_km: float,
                   rural_km: float = RURAL_THRESHOLD_KM, themes: Sequence[str] | None = None,
                   age: int | None = None, chunk: int = 64) -> Coverage:
    """The same figures from every area-to-place distance (haversine): the reference and the baseline."""
    p = _prepare(areas, services, themes, age)
    shape = (len(p.codes), len(p.themes))
    reachable, weighted = np.zeros(shape, int), np.zeros(shape)
    nearest = np.full(shape, np.inf)
    for j in range(len(p.themes)):
        owners, weights = p.place_service[j], p.weights[j]
        if not len(owners):
            continue
        order = np.argsort(owners, kind="stable")
        starts = np.searchsorted(owners[order], np.arange(len(weights)))
        for first in range(0, len(p.codes), chunk):
            rows = slice(first, first + chunk)
            km = haversine_km(p.lat[rows, None], p.lon[rows, None], p.place_lat[j][order], p.place_lon[j][order])
            per_service = np.minimum.reduceat(km, starts, axis=1)
            within = per_service <= distance_km + DISTANCE_TOLERANCE_KM
            reachable[rows, j] = within.sum(axis=1)
            weighted[rows, j] = within @ weights
            nearest[rows, j] = per_service.min(axis=1)
    return _result(p, distance_km, rural_km, reachable, weighted, nearest)


@dataclass
class RolledUp:
    """Figures for larger areas (wards, the authority), population-weighted from their LSOAs."""

    codes: list[str]
    themes: list[str]
    population: np.ndarray
    reachable: np.ndarray  # population-weighted mean over the parts
    provision_per_1000: np.ndarray  # population-weighted mean over the parts
    nearest_km: np.ndarray  # population-weighted mean over the parts (inf if any part has none)
    need: np.ndarray  # population-weighted mean over the parts
    gap: np.ndarray  # population-weighted mean of the parts' gap scores
    rural_population: np.ndarray  # residents of the parts flagged rural
    rural_areas: np.ndarray  # number of parts flagged rural


def roll_up(result: Coverage, parent_of: Mapping[str, str]) -> RolledUp:
    """Roll LSOA figures up to the areas in `parent_of` (LSOA code -> ward or authority code).

    Means are weighted by population, so a ward's figure is what its average resident sees; areas
    missing from the mapping, and areas with no residents, add nothing to the means.
    """
    parents = sorted({parent_of[c] for c in result.codes if c in parent_of})
    index = {code: k for k, code in enumerate(parents)}
    rows = np.array([c in parent_of for c in result.codes], bool)
    group = np.array([index[parent_of[c]] for c in result.codes if c in parent_of], int)
    pop = np.where(result.population > 0, result.population, 0)[rows]
    n, t = len(parents), len(result.themes)

    def total(values: np.ndarray) -> np.ndarray:
        out = np.zeros((n, t))
        np.add.at(out, group, values)
        return out

    def weighted_mean(values: np.ndarray) -> np.ndarray:
        values = values[rows]
        known = ~np.isnan(values) & (pop[:, None] > 0)
        with np.errstate(invalid="ignore", divide="ignore"):
            return total(np.where(known, values * pop[:, None], 0)) / total(np.where(known, pop[:, None], 0))

    population = np.zeros(n)
    np.add.at(population, group, pop)
    rural = result.rural[rows]
    return RolledUp(
        codes=parents, themes=list(result.themes), population=population,
        reachable=weighted_mean(result.reachable.astype(float)),
        provision_per_1000=weighted_mean(result.provision_per_1000),
        nearest_km=weighted_mean(result.nearest_km),
        need=weighted_mean(result.need), gap=weighted_mean(result.gap),
        rural_population=total(np.where(rural, pop[:, None], 0)), rural_areas=total(rural).astype(int))


@dataclass(frozen=True)
class ColdSpot:
    code: str
    gap: float
    need: float
    provision_per_1000: float
    nearest_km: float
    rural: bool


def cold_spots(result: Coverage, theme: str, limit: int | None = None) -> list[ColdSpot]:
    """Areas with a gap score for the theme, highest gap first, ties in code order."""
    j = result.column(theme)
    gap, provision, rural = result.gap[:, j], result.provision_per_1000[:, j], result.rural[:, j]
    spots = [ColdSpot(code=code, gap=float(gap[i]), need=float(result.need[i, j]),
                      provision_per_1000=float(provision[i]), nearest_km=float(result.nearest_km[i, j]),
                      rural=bool(rural[i]))
             for i, code in enumerate(result.codes) if not np.isnan(gap[i])]
    spots.sort(key=lambda s: (-s.gap, s.code))
    return spots[:limit] if limit is not None else spots
