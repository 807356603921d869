"""The SQL behind search(): the same statements on SQLite and PostgreSQL but for how a document is
matched against words (FTS5 MATCH on SQLite, tsvector @@ tsquery on PostgreSQL).

Each statement is small and plain, so that PostgreSQL's planner can tell a rare word from a common
one: the few services with a rare word are gathered through the GIN index and sorted, the many
with a common one read in order until there are enough, and a search costs about the same however
many services it finds. Distance is measured in widening rings from the point, never over the
whole circle while a smaller one will do. Nothing is counted past MAX_RESULTS.

Every statement is built from fixed text and parameters; nothing the user typed becomes SQL or
full-text syntax (see text.Query).
"""

import json
import math
import time
import uuid

from django.db import connection

from ..models import Location, SearchDocument, SearchPlace
from . import facets
from .text import Query

MAX_RESULTS = 1000
MILES_PER_DEGREE = 69.05  # of latitude, near enough everywhere in the UK
# Where all the words were found, best first: the name; the name or the needs; those or the
# organisation's name; anywhere (the description too). FTS5 column filters on SQLite; on
# PostgreSQL a tsvector for each (see migration 0004).
TIERS = [("name_words",), ("name_words", "term_words"), ("name_words", "term_words", "organisation_words"),
         ("name_words", "term_words", "organisation_words", "description_words")]
TIER_VECTORS = ["vector_a", "vector_ab", "vector_abc", "vector"]
# Nearest locations in the first ring of a distance search (more for deep pages), and the most
# rings before the whole circle.
FIRST_RING = 64
MAX_RINGS = 3

DOC = SearchDocument._meta.db_table
FTS = f"{DOC}_fts"
LOCATION = Location._meta.db_table
PLACE = SearchPlace._meta.db_table


class Circle:
    """A point and a radius, with distance as plain arithmetic both databases do the same way:
    squared miles on a flat map scaled to the point's latitude (equirectangular), exact enough
    within 20 miles and identical, bit for bit, in SQL and in Python."""

    def __init__(self, point: tuple[float, float], miles: float):
        self.lat, self.lon = float(point[0]), float(point[1])
        self.miles = float(miles)
        self.ky = MILES_PER_DEGREE
        self.kx = MILES_PER_DEGREE * math.cos(math.radians(self.lat))
        self.r2 = self.miles * self.miles

    def squared(self, latitude: float, longitude: float) -> float:
        a = (latitude - self.lat) * self.ky
        b = (longitude - self.lon) * self.kx
        return a * a + b * b

    def sql(self, alias: str = "l") -> tuple[str, list]:
        """The squared distance of a location row, as SQL."""
        return (f"(({alias}.latitude - %s) * %s) * (({alias}.latitude - %s) * %s) + "
                f"(({alias}.longitude - %s) * %s) * (({alias}.longitude - %s) * %s)",
                [self.lat, self.ky, self.lat, self.ky, self.lon, self.kx, self.lon, self.kx])

    def box(self, alias: str = "l", squared: float | None = None) -> tuple[str, list]:
        """A little more than the bounding box of the circle (or of a smaller one), on the indexed
        columns; the exact test comes after."""
        miles = math.sqrt(squared) if squared is not None else self.miles
        dlat = miles / self.ky * 1.001 + 1e-9
        dlon = miles / self.kx * 1.001 + 1e-9
        return (f"{alias}.latitude BETWEEN %s AND %s AND {alias}.longitude BETWEEN %s AND %s",
                [self.lat - dlat, self.lat + dlat, self.lon - dlon, self.lon + dlon])


def search(criteria, words: Query, *, offset: int, limit: int) -> tuple[list[uuid.UUID], int]:
    """The ids of one window of results in order, and how many results there are, counted up to
    MAX_RESULTS + 1. The window should lie within the first MAX_RESULTS."""
    wanted = facets.of_criteria(criteria)
    where, params = _ages(criteria.age)
    match, match_params = _match(words, len(TIERS) - 1, wanted)
    need = offset + limit if limit > 0 else 0
    if criteria.point is None:
        return _ranked(words, wanted, where, params, need)[offset:], _count(match + where, match_params + params)
    # The online and phone services that serve the area are found as well as those nearby.
    circle = Circle(criteria.point, criteria.within_miles)
    serving = facets.serving(criteria.area_code)
    near, near_params = _near(circle, criteria.family_hub)
    remote, remote_params = _match(Query(()), None, serving)
    either, either_params = [f"({near} OR ({' AND '.join(remote)}))"], near_params + remote_params
    count = _count(match + where + either, match_params + params + either_params)
    if not need:
        return [], count
    if criteria.order != "distance" and words:
        return _ranked(words, wanted, where + either, params + either_params, need)[offset:], count
    # Nearest first; then, once every one in the circle is there, the others, best words first.
    nearby, complete = _nearest(circle, criteria.family_hub, words, wanted, criteria.age, need)
    if not complete or len(nearby) >= need:
        return nearby[offset:need], count
    found = set(nearby)
    others = _ranked(words, Query(wanted.groups + serving.groups), where, params, need)
    return (nearby + [pk for pk in others if pk not in found])[offset:need], count


def _count(conditions: list[str], params: list) -> int:
    """How many documents meet the conditions, up to MAX_RESULTS + 1: in no order, and stopping
    there. When they are clearly many, reading the table from the start finds that many soonest;
    otherwise the indexes find them."""
    where = " AND ".join(conditions) or "1 = 1"
    if _estimate(where, params) > 20 * (MAX_RESULTS + 1):
        where = f"COALESCE(({where}), FALSE)"
    return _fetch(f"SELECT COUNT(*) FROM (SELECT 1 FROM {DOC} d WHERE {where} LIMIT %s) c",
                  params + [MAX_RESULTS + 1])[0][0]


def _ages(age: int | None, alias: str = "d") -> tuple[list[str], list]:
    if age is None:
        return [], []
    return [f"({alias}.minimum_age IS NULL OR {alias}.minimum_age <= %s) AND "
            f"({alias}.maximum_age IS NULL OR {alias}.maximum_age >= %s)"], [age, age]


def _match(words: Query, tier: int | None, wanted: Query, *, place: bool = False) -> tuple[list[str], list]:
    """Conditions for all the words in the tier's parts of the document `d` (and maybe in an
    earlier tier's), and one facet of each group wanted; or, for the place `p`, the words anywhere."""
    conditions, params = [], []
    if connection.vendor == "postgresql":
        if words and tier is not None:
            conditions.append(f"p.vector @@ %s::tsquery" if place else f"d.{TIER_VECTORS[tier]} @@ %s::tsquery")
            params.append(words.tsquery())
        rare = Query(tuple(g for g in wanted.groups if facets.is_rare(g)))
        common = Query(tuple(g for g in wanted.groups if not facets.is_rare(g)))
        if rare:
            conditions.append(f"{'p' if place else 'd'}.vector_facets @@ %s::tsquery")
            params.append(rare.tsquery())
        if common:
            # Not through the index: written so that the planner cannot use it.
            conditions.append(f"COALESCE({'p' if place else 'd'}.vector_facets @@ %s::tsquery, FALSE)")
            params.append(common.tsquery())
        return conditions, params
    parts = ([f"({words.fts5(TIERS[tier])})"] if words and tier is not None else []) + (
        [f"({wanted.fts5(('facets',))})"] if wanted else [])
    if parts:
        conditions.append(f"{'p.document_id' if place else 'd.id'} IN (SELECT rowid FROM {FTS} WHERE {FTS} MATCH %s)")
        params.append(" AND ".join(parts))
    return conditions, params


def _ranked(words: Query, wanted: Query, where: list[str], params: list, limit: int) -> list[uuid.UUID]:
    """Documents meeting every condition, best tier first, the most recently confirmed first
    within a tier; the ones already taken by a better tier are passed over."""
    found, seen = [], set()
    for tier in range(len(TIERS)) if words else [None]:
        need = limit - len(found)
        if need <= 0:
            break
        match, match_params = _match(words, tier, wanted)
        for pk in _freshest(match + where, match_params + params, need + len(seen)):
            if pk not in seen and len(found) < limit:
                seen.add(pk)
                found.append(pk)
    return found


def _freshest(conditions: list[str], params: list, limit: int) -> list[uuid.UUID]:
    """The first `limit` documents meeting the conditions, most recently confirmed first, then by id.

    Gather them all and sort them, when they are few: read through the indexes, the cost follows
    their number. When they are many, read the documents in that order instead and stop at
    `limit`: at their rate that is soon. Between, at about the square root of `limit` times all
    documents, the two cost the same. (When a service was confirmed has nothing to do with its
    words, so the ones wanted are spread evenly through that order, as they are not by name.)"""
    where = " AND ".join(conditions) or "1 = 1"
    few = max(2 * limit, int(math.sqrt(limit * _documents())))
    if _estimate(where, params) > 4 * few:
        return _in_order(where, params, limit)
    rows = _fetch(f"WITH m AS MATERIALIZED (SELECT d.service_id, d.freshness FROM {DOC} d WHERE {where} LIMIT %s) "
                  "SELECT service_id, (SELECT COUNT(*) FROM m) FROM m ORDER BY freshness DESC, service_id LIMIT %s",
                  params + [few + 1, limit])
    if not rows or rows[0][1] <= few:
        return _ids(rows)
    return _in_order(where, params, limit)


def _in_order(where: str, params: list, limit: int) -> list[uuid.UUID]:
    """Many: read in order until there are enough. PostgreSQL may think them few (words that go
    together, like "family hub", are more common together than it reckons) and gather them after
    all; as one expression that no index can answer, the conditions leave it only the ordered read."""
    return _ids(_fetch(f"SELECT d.service_id FROM {DOC} d WHERE COALESCE(({where}), FALSE) "
                       "ORDER BY d.freshness DESC, d.service_id LIMIT %s", params + [limit]))


def _estimate(where: str, params: list) -> float:
    """PostgreSQL's estimate of how many documents meet the conditions, from its statistics; it
    saves gathering ones that are clearly many. (SQLite: 0, as it holds few enough to gather.)"""
    if connection.vendor != "postgresql":
        return 0
    plan = _fetch(f"EXPLAIN (FORMAT JSON) SELECT 1 FROM {DOC} d WHERE {where}", params)[0][0]
    return (json.loads(plan) if isinstance(plan, str) else plan)[0]["Plan"]["Plan Rows"]


_counted = {"documents": 0, "at": -math.inf}


def _documents() -> int:
    """About how many documents there are, looked at again every few minutes: only the choice of
    how to read depends on it, never what is found. PostgreSQL's own estimate, as counting half a
    million rows takes a tenth of a second."""
    if time.monotonic() - _counted["at"] > 300:
        estimate = -1
        if connection.vendor == "postgresql":
            estimate = _fetch("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [DOC])[0][0]
        if estimate < 0:  # never analysed
            estimate = _fetch(f"SELECT COUNT(*) FROM {DOC}", [])[0][0]
        _counted.update(documents=int(estimate), at=time.monotonic())
    return _counted["documents"]


def _nearest(circle: Circle, hubs_only: bool, words: Query, wanted: Query, age: int | None,
             limit: int) -> tuple[list[uuid.UUID], bool]:
    """Services with a place in the circle (a Family Hub, if `hubs_only`) meeting every condition,
    nearest first (a service is as near as its nearest place), then by name and id; and whether
    they are all there.

    Rather than measure every service in the circle, take those at the nearest few locations
    first. If they are `limit` or more, no service further out can come before them. If a few
    fewer, take as many more locations as should be enough at that rate, twice over; if far fewer,
    or if that would be half the circle or more, or after MAX_RINGS, the whole circle."""
    match, match_params = _match(words, len(TIERS) - 1, wanted, place=True)
    ages, age_params = _ages(age, "p")
    conditions, values = match + ages + (["p.family_hub = %s"] if hubs_only else []), \
        match_params + age_params + ([True] if hubs_only else [])
    ring = max(FIRST_RING, limit // 4)
    for _ in range(MAX_RINGS):
        radius = _ring_radius(circle, hubs_only, ring)
        if radius is None:
            break
        found = _within(circle, radius, conditions, values, limit)
        if len(found) >= limit:
            return found, False
        # Few this close: few in the whole circle too, which the indexes find as cheaply as a ring.
        if len(found) < limit / 4:
            break
        # Locations in the whole circle, if they are spread as evenly as in the ring.
        locations = ring * circle.r2 / max(radius, 1e-12)
        ring = ring * 2 * limit // len(found)
        if ring >= locations / 2:
            break
    return _within(circle, None, conditions, values, limit), True


def _within(circle: Circle, radius: float | None, conditions: list[str], params: list,
            limit: int) -> list[uuid.UUID]:
    """The first `limit` services by distance with places at most `radius` (squared miles) away,
    or in the whole circle."""
    distance, distance_params = circle.sql("p")
    box, box_params = circle.box("p", squared=radius)
    within = f"{distance} <= %s"
    return _ids(_fetch(f"SELECT p.service_id FROM {PLACE} p WHERE {' AND '.join([box, within, *conditions])} "
                       f"GROUP BY p.service_id ORDER BY MIN({distance}), MIN(p.sort_name), p.service_id LIMIT %s",
                       box_params + distance_params + [circle.r2 if radius is None else radius] + params
                       + distance_params + [limit]))


def _ring_radius(circle: Circle, hubs_only: bool, ring: int) -> float | None:
    """The squared distance of the ring-th nearest location in the circle; None if it has fewer.
    The ring is every place at most that far: a whole smaller circle, so that no service outside
    it can be nearer than one inside. Looked for first within a mile or two, which in a town is
    plenty, so as not to measure every location in the circle."""
    distance, distance_params = circle.sql()
    hub = " AND l.is_family_hub = %s" if hubs_only else ""
    near = min(circle.r2, (1.0 if ring <= 256 else 2.0) ** 2)
    for squared in dict.fromkeys([near, circle.r2]):
        box, box_params = circle.box(squared=squared)
        rows = _fetch(f"SELECT dd FROM (SELECT {distance} AS dd FROM {LOCATION} l WHERE {box}{hub}) near "
                      "WHERE dd <= %s ORDER BY dd LIMIT 1 OFFSET %s",
                      distance_params + box_params + ([True] if hubs_only else []) + [squared, ring - 1])
        if rows:
            return rows[0][0]
    return None


def _near(circle: Circle, hubs_only: bool) -> tuple[str, list]:
    """The document has a place in the circle (a Family Hub, if only those count). Written as a
    scalar subquery so that it is looked up for each document found, through the index: as an
    EXISTS beside an OR, PostgreSQL may read every place in the circle first."""
    distance, distance_params = circle.sql("p")
    box, box_params = circle.box("p")
    hub = " AND p.family_hub = %s" if hubs_only else ""
    return (f"(SELECT 1 FROM {PLACE} p WHERE p.document_id = d.id AND {box}{hub} AND {distance} <= %s LIMIT 1) "
            "IS NOT NULL", box_params + ([True] if hubs_only else []) + distance_params + [circle.r2])


def _ids(rows) -> list[uuid.UUID]:
    return [r[0] if isinstance(r[0], uuid.UUID) else uuid.UUID(str(r[0])) for r in rows]


def _fetch(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()
