"""The SQL behind search(): the same statements on SQLite and PostgreSQL but for how a document is
matched against words (FTS5 MATCH on SQLite, tsvector @@ tsquery on PostgreSQL).

Every statement is built from fixed text and parameters; nothing the user typed becomes SQL or
full-text syntax (see text.Query).
"""

import math
import uuid
from dataclasses import dataclass

from django.db import connection, models

from ..models import Location, SearchDocument, ServiceAtLocation
from .index import WEEKDAY_BITS
from .text import Query

MAX_RESULTS = 1000
MILES_PER_DEGREE = 69.05  # of latitude, near enough everywhere in the UK
# Where all the words were found, best first: the name; the name or the needs; those or the
# organisation's name; anywhere (the description too). FTS5 columns and PostgreSQL weights alike.
TIERS = [("name_words",), ("name_words", "term_words"), ("name_words", "term_words", "organisation_words"), None]
TIER_WEIGHTS = ["A", "AB", "ABC", ""]
# Nearest locations taken into the first ring of a distance search, and the most rings tried
# before taking the whole circle.
FIRST_RING = 256
MAX_RINGS = 3

DOC = SearchDocument._meta.db_table
FTS = f"{DOC}_fts"
LOCATION = Location._meta.db_table
LINK = ServiceAtLocation._meta.db_table
ATTRIBUTE = "directory_attribute"
TERM = "directory_taxonomyterm"


@dataclass(frozen=True)
class Found:
    ids: list[uuid.UUID]
    total: int             # up to MAX_RESULTS + 1


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

    def sql(self, alias: str) -> tuple[str, list]:
        """The squared distance of a location row, as SQL."""
        return (f"(({alias}.latitude - %s) * %s) * (({alias}.latitude - %s) * %s) + "
                f"(({alias}.longitude - %s) * %s) * (({alias}.longitude - %s) * %s)",
                [self.lat, self.ky, self.lat, self.ky, self.lon, self.kx, self.lon, self.kx])

    def box(self, alias: str) -> tuple[str, list]:
        """A little more than the circle's bounding box, on the indexed columns; the exact test follows."""
        dlat = self.miles / self.ky * 1.001 + 1e-9
        dlon = self.miles / self.kx * 1.001 + 1e-9
        return (f"{alias}.latitude BETWEEN %s AND %s AND {alias}.longitude BETWEEN %s AND %s",
                [self.lat - dlat, self.lat + dlat, self.lon - dlon, self.lon + dlon])


def _uuid(value) -> object:
    return models.UUIDField().get_db_prep_value(value, connection)


def _ids(rows) -> list[uuid.UUID]:
    return [value if isinstance(value, uuid.UUID) else uuid.UUID(str(value)) for value in rows]


def _match(query: Query, tier: int) -> tuple[str, list]:
    """Documents in this tier: all the words found in the tier's columns, and not in the last's."""
    if connection.vendor == "postgresql":
        expression = f"({query.tsquery(TIER_WEIGHTS[tier])})"
        if tier:
            expression += f" & !({query.tsquery(TIER_WEIGHTS[tier - 1])})"
        return "d.vector @@ %s::tsquery", [expression]
    expression = f"({query.fts5(TIERS[tier])})"
    if tier:
        expression += f" NOT ({query.fts5(TIERS[tier - 1])})"
    return f"d.id IN (SELECT rowid FROM {FTS} WHERE {FTS} MATCH %s)", [expression]


def filters(criteria, *, hub_locations_only: bool = False) -> tuple[list[str], list]:
    """SQL conditions on the document `d` for every filter but words and place."""
    where, params = [], []
    if criteria.term_ids:
        ids = [_uuid(pk) for pk in criteria.term_ids]
        marks = ", ".join(["%s"] * len(ids))
        # A theme stands for its terms too.
        where.append(f"d.service_id IN (SELECT a.service_id FROM {ATTRIBUTE} a WHERE a.taxonomy_term_id IN "
                     f"(SELECT t.id FROM {TERM} t WHERE t.id IN ({marks}) OR t.parent_id IN ({marks})))")
        params += ids + ids
    if criteria.age is not None:
        where.append("(d.minimum_age IS NULL OR d.minimum_age <= %s) AND (d.maximum_age IS NULL OR d.maximum_age >= %s)")
        params += [criteria.age, criteria.age]
    if criteria.free_only:
        where.append("d.free = %s")
        params.append(True)
    delivery = [column for column in ("in_person", "online", "by_phone") if column in criteria.delivery]
    if delivery:
        where.append("(" + " OR ".join(f"d.{column} = %s" for column in delivery) + ")")
        params += [True] * len(delivery)
    if criteria.days:
        where.append("(d.days & %s) <> 0")
        params.append(sum({WEEKDAY_BITS.get(day, 0) for day in criteria.days}))
    if criteria.language is not None:
        code = "".join(c for c in str(criteria.language).lower() if c.isascii() and (c.isalnum() or c == "-"))
        where.append("d.languages LIKE %s")
        params.append(f"% {code} %")
    if criteria.accepting_referrals:
        where.append("d.accepting = %s")
        params.append(True)
    if criteria.family_hub:
        where.append("d.family_hub = %s")
        params.append(True)
    return where, params


def _near(circle: Circle, hubs_only: bool, service: str = "d.service_id") -> tuple[str, list]:
    """The service has a location in the circle (at a Family Hub, if only those count)."""
    distance, distance_params = circle.sql("l")
    box, box_params = circle.box("l")
    hub = " AND l.is_family_hub = %s" if hubs_only else ""
    return (f"EXISTS (SELECT 1 FROM {LINK} sal JOIN {LOCATION} l ON l.id = sal.location_id "
            f"WHERE sal.service_id = {service} AND {box}{hub} AND {distance} <= %s)",
            box_params + ([True] if hubs_only else []) + distance_params + [circle.r2])


def _remote(area_code: str | None) -> tuple[str, list]:
    """Online or by phone, and serving the area: it lists the area, or lists no areas at all."""
    if area_code:
        return "(d.online = %s OR d.by_phone = %s) AND (d.areas = %s OR d.areas LIKE %s)", [
            True, True, "", f"% {''.join(c for c in area_code.upper() if c.isalnum())} %"]
    return "(d.online = %s OR d.by_phone = %s) AND d.areas = %s", [True, True, ""]


def by_relevance(query: Query, where: list[str], params: list, *, offset: int, limit: int) -> Found:
    """Documents meeting every condition, best tier first, then by name and id; at most
    MAX_RESULTS + 1 counted. Each tier is read in name order and stops early, so a common word
    costs no more than a rare one."""
    tiers = range(len(TIERS)) if query else [None]
    branches, branch_params = [], []
    for tier in tiers:
        conditions, values = list(where), list(params)
        if tier is not None:
            match, match_params = _match(query, tier)
            conditions.insert(0, match)
            values = match_params + values
        branches.append(f"SELECT * FROM (SELECT d.service_id, d.sort_name, {tier or 0} AS tier FROM {DOC} d "
                        f"WHERE {' AND '.join(conditions) or '1 = 1'} "
                        f"ORDER BY d.sort_name, d.service_id LIMIT {MAX_RESULTS + 1}) t{tier or 0}")
        branch_params += values
    sql = (f"WITH hits AS ({' UNION ALL '.join(branches)}) "
           "SELECT service_id, tier, sort_name, NULL FROM (SELECT service_id, tier, sort_name FROM hits "
           "ORDER BY tier, sort_name, service_id LIMIT %s OFFSET %s) page "
           "UNION ALL SELECT NULL, NULL, NULL, COUNT(*) FROM hits")
    page, total = _page_and_count(sql, branch_params + [max(0, limit), offset])
    return Found(ids=page, total=total)


def by_distance(circle: Circle, hubs_only: bool, where: list[str], params: list, *, offset: int,
                limit: int) -> Found:
    """Services with a location in the circle, nearest first (a service is as near as its nearest
    location), then by name and id; at most MAX_RESULTS + 1 counted.

    Rather than measure every service in the circle, take the services at the nearest few hundred
    locations first: if they are enough to count past MAX_RESULTS, no service further out can come
    before them. Otherwise take more locations, and in the end the whole circle.
    """
    distance, distance_params = circle.sql("l")
    box, box_params = circle.box("l")
    hub = " AND l.is_family_hub = %s" if hubs_only else ""
    condition = " AND ".join(where) or "1 = 1"
    ring = FIRST_RING
    for attempt in range(MAX_RINGS + 1):
        whole = attempt == MAX_RINGS
        radius = ("%s" if whole else
                  "COALESCE((SELECT dd FROM near WHERE dd <= %s ORDER BY dd LIMIT 1 OFFSET %s), %s)")
        radius_params = [circle.r2] if whole else [circle.r2, ring - 1, circle.r2]
        sql = (f"WITH near AS (SELECT l.id, {distance} AS dd FROM {LOCATION} l WHERE {box}{hub}), "
               f"ring AS (SELECT {radius} AS r2), "
               f"hits AS (SELECT sal.service_id, MIN(near.dd) AS dd, d.sort_name FROM near "
               f"JOIN {LINK} sal ON sal.location_id = near.id JOIN {DOC} d ON d.service_id = sal.service_id "
               f"WHERE near.dd <= (SELECT r2 FROM ring) AND {condition} GROUP BY sal.service_id, d.sort_name) "
               "SELECT service_id, dd, sort_name, NULL, NULL FROM (SELECT service_id, dd, sort_name FROM hits "
               "ORDER BY dd, sort_name, service_id LIMIT %s OFFSET %s) page "
               "UNION ALL SELECT NULL, NULL, NULL, COUNT(*), (SELECT r2 FROM ring) FROM hits")
        rows = _fetch(sql, distance_params + box_params + ([True] if hubs_only else []) + radius_params + params
                      + [max(0, limit), offset])
        (_, _, _, count, r2), = [r for r in rows if r[0] is None]
        if count > MAX_RESULTS or whole or r2 >= circle.r2:
            return Found(ids=_in_order(rows), total=count)
        # Too few services this close: take enough locations to expect the rest, with room to spare.
        ring = int(ring * min(64, max(4, 2 * (MAX_RESULTS + 1) / max(count, 1))))
    raise AssertionError("unreachable")


def _fetch(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _in_order(rows: list[tuple]) -> list[uuid.UUID]:
    """The page's ids from rows of (id, first sort key, name, ...); sorted again here because a
    UNION ALL need not keep its parts' order. Names compare as code points, ids as hex: the same
    as the databases' byte order."""
    page = [(key, name, str(pk).replace("-", ""), pk) for pk, key, name, *_ in rows if pk is not None]
    return _ids(pk for *_, pk in sorted(page))


def _page_and_count(sql: str, params: list) -> tuple[list[uuid.UUID], int]:
    rows = _fetch(sql, params)
    (*_, count), = [r for r in rows if r[0] is None]
    return _in_order(rows), count


def search(criteria, query: Query, *, offset: int, limit: int) -> tuple[list[uuid.UUID], int]:
    """Ids of one window of results in order, and the number of results up to MAX_RESULTS + 1."""
    where, params = filters(criteria)
    if criteria.point is None:
        found = by_relevance(query, where, params, offset=offset, limit=limit)
        return found.ids, found.total
    circle = Circle(criteria.point, criteria.within_miles)
    near, near_params = _near(circle, criteria.family_hub)
    remote, remote_params = _remote(criteria.area_code)
    if criteria.order != "distance" and query:
        found = by_relevance(query, where + [f"({near} OR ({remote}))"], params + near_params + remote_params,
                             offset=offset, limit=limit)
        return found.ids, found.total
    # Nearest first, then the online and phone services that serve the area, best words first.
    words = []
    if query:
        match, match_params = _match_any(query)
        words = [(match, match_params)]
    near_where = where + [w for w, _ in words]
    near_params_all = params + [p for _, ps in words for p in ps]
    found = by_distance(circle, criteria.family_hub, near_where, near_params_all, offset=offset, limit=limit)
    if found.total > MAX_RESULTS:
        return found.ids, found.total
    remote_offset = max(0, offset - found.total)
    remote_limit = limit - len(found.ids)
    others = by_relevance(query, where + [remote, f"NOT {near}"], params + remote_params + near_params,
                          offset=remote_offset, limit=remote_limit)
    return found.ids + others.ids, found.total + others.total


def _match_any(query: Query) -> tuple[str, list]:
    """All the words found anywhere in the document."""
    if connection.vendor == "postgresql":
        return "d.vector @@ %s::tsquery", [query.tsquery()]
    return f"d.id IN (SELECT rowid FROM {FTS} WHERE {FTS} MATCH %s)", [query.fts5()]
