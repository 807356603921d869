"""Finding services: words, a point and a distance, and filters — one small module over the
database's own full-text search (SQLite FTS5 in the embedded default, PostgreSQL full-text search
in production) with a spatial pre-filter before exact distance.

The interface below is what the search page uses; the engine behind `search()` is this module's
own business.
"""

import uuid
from dataclasses import dataclass, field

from .models import Location, Service

DISTANCES_MILES = (1, 2, 5, 10, 20)
DEFAULT_DISTANCE_MILES = 5
MAX_WORDS_LENGTH = 200
DELIVERY = ("in_person", "online", "by_phone")
ORDERS = ("relevance", "distance")


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

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def search(criteria: SearchCriteria, *, page: int = 1, per_page: int = 20) -> SearchResults:
    """Listed services matching the criteria, one page of them, best first."""
    raise NotImplementedError("The search engine is being written")
