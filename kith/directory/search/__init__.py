"""Finding services: words, a point and a distance, and filters — one small package over the
database's own full-text search (SQLite FTS5 in the embedded default, PostgreSQL full-text search
with a GIN index in production) with a bounding-box pre-filter on indexed columns before exact distance.

What it does
- Words are matched against the service's name, the names of its needs (and their themes), its
  organisation's name and its description. Words are folded to plain ASCII, stemmed (Porter:
  "parenting" finds "parents") and widened with a short list of family-support synonyms ("mam"
  finds "mother"); every word given must be found (the synonyms of a word count as that word).
  Common little words ("for", "near", "help") are left out. At most 8 words are used.
- Relevance: results come in tiers by where all the words were found — in the name; in the name
  or the needs; in those or the organisation's name; anywhere — and within a tier the most
  recently confirmed first (an up-to-date record is likelier to be right), then by id. Records are
  short and alike, so where the words are says more than how often they occur; and a tier can be
  read in that order through an index and stopped early, at any scale. With no words, the same:
  most recently confirmed first.
- With a point: services with a location within the distance (only Family Hub locations, when
  that filter is on), and online or phone services serving the area (`area_code` among the
  service's or its organisation's areas, or no areas recorded, taken to mean anywhere; with no
  `area_code`, only the latter). In distance order the in-person services come first, nearest
  first (a service is as near as its nearest location; as near as each other, by name A to Z),
  then the remote ones, in relevance order. Relevance order with no words is distance order.
- Counting stops past MAX_RESULTS: `total` is then MAX_RESULTS and `total_is_capped` is true, and
  results after that many are not reachable. Any page >= 1 is answered; past the end it is empty.
- Only listed services (active or temporarily closed, of an active organisation).

Same results on SQLite and PostgreSQL: both databases see the same terms (folding and stemming
happen here, not in the database) and evaluate the same SQL with the same arithmetic, and every
order ends in numbers computed the same way, names compared byte by byte, and ids. So for the same
data every search gives the same hits in the same order on both, relevance order included, and
the same total; test_search_engine checks it on every PostgreSQL run.

Where things are: text.py (words and queries), porter.py, facets.py (filters as words),
index.py (documents and places, and `manage.py rebuild_search_index` after writes that send no
signals), signals.py (keeping them current), engine.py (the SQL).
"""

import dataclasses
import math
import uuid
from dataclasses import dataclass, field

from django.db.models import Prefetch

from ..models import Location, Service, ServiceAtLocation
from . import engine
from .engine import MAX_RESULTS  # noqa: F401  (for pages to say "more than")
from .text import Query

DISTANCES_MILES = (1, 2, 5, 10, 20)
DEFAULT_DISTANCE_MILES = 5
MAX_WORDS_LENGTH = 200
DELIVERY = ("in_person", "online", "by_phone")
ORDERS = ("relevance", "distance")
MAX_PER_PAGE = 100


@dataclass(frozen=True)
class SearchCriteria:
    words: str = ""
    # (latitude, longitude) of the postcode searched from, and its local authority's GSS code, so
    # that online and phone services serving that area are found too.
    point: tuple[float, float] | None = None
    area_code: str | None = None
    within_miles: float = DEFAULT_DISTANCE_MILES
    order: str = "relevance"                    # "relevance" or "distance" (distance needs a point)
    term_ids: tuple[uuid.UUID, ...] = ()        # any of these needs; a theme includes its terms
    age: int | None = None                      # the person's age: services whose range includes it
    free_only: bool = False
    delivery: tuple[str, ...] = ()              # any of DELIVERY
    days: tuple[str, ...] = ()                  # any of "MO" .. "SU": open on one of these days
    language: str | None = None                 # ISO 639 code, like "pl"
    accepting_referrals: bool = False
    family_hub: bool = False


@dataclass
class SearchHit:
    service: Service
    distance_miles: float | None = None         # to the nearest of its locations; None if remote only
    nearest_location: Location | None = None
    remote: bool = False                        # found as an online or phone service serving the area


@dataclass
class SearchResults:
    hits: list[SearchHit] = field(default_factory=list)
    total: int = 0
    page: int = 1
    per_page: int = 20
    total_is_capped: bool = False               # more than MAX_RESULTS found; `total` is MAX_RESULTS

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def search(criteria: SearchCriteria, *, page: int = 1, per_page: int = 20) -> SearchResults:
    """Listed services matching the criteria, one page of them, best first."""
    page, per_page = max(1, int(page)), max(1, min(int(per_page), MAX_PER_PAGE))
    offset = (page - 1) * per_page
    limit = max(0, min(per_page, engine.MAX_RESULTS - offset))  # none after the first MAX_RESULTS
    ids, count = engine.search(_sane(criteria), Query.parse(criteria.words or ""), offset=min(offset, engine.MAX_RESULTS),
                               limit=limit)
    return SearchResults(hits=_hits(criteria, ids), total=min(count, engine.MAX_RESULTS), page=page,
                         per_page=per_page, total_is_capped=count > engine.MAX_RESULTS)


def _sane(criteria: SearchCriteria) -> SearchCriteria:
    """Criteria the engine can take as they are: a distance within reason, a known order."""
    miles = min(max(float(criteria.within_miles or DEFAULT_DISTANCE_MILES), 0.1), max(DISTANCES_MILES))
    order = criteria.order if criteria.order in ORDERS and criteria.point is not None else "relevance"
    return dataclasses.replace(criteria, within_miles=miles, order=order)


def _hits(criteria: SearchCriteria, ids: list[uuid.UUID]) -> list[SearchHit]:
    """The services in this order, with what a result shows fetched in a fixed number of queries."""
    services = Service.objects.filter(pk__in=ids).select_related("organisation").prefetch_related(
        "cost_options", "taxonomy_terms", "languages",
        Prefetch("service_at_locations", ServiceAtLocation.objects.select_related("location")))
    by_id = {s.pk: s for s in services}
    circle = engine.Circle(criteria.point, _sane(criteria).within_miles) if criteria.point is not None else None
    hits = []
    for pk in ids:
        service = by_id.get(pk)
        if service is None:  # deleted since the search ran
            continue
        hit = SearchHit(service=service)
        if circle is not None:
            places = [(circle.squared(link.location.latitude, link.location.longitude), link.location.name,
                       str(link.location.pk), link.location) for link in service.service_at_locations.all()
                      if link.location.latitude is not None and link.location.longitude is not None
                      and (link.location.is_family_hub or not criteria.family_hub)]
            nearest = min(places, key=lambda p: p[:3], default=None)
            if nearest is not None and nearest[0] <= circle.r2:
                hit.distance_miles, hit.nearest_location = math.sqrt(nearest[0]), nearest[3]
            else:
                hit.remote = True
        hits.append(hit)
    return hits
