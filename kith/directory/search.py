"""Finding services: words, a point and a distance, and filters — one small module over the
database's own full-text search (SQLite FTS5 in the embedded default, PostgreSQL full-text search
in production) with a spatial pre-filter before exact distance.

The interface below is what the search page uses; the engine behind `search()` is this module's
own business.
"""

import math
import re
import uuid
from dataclasses import dataclass, field

from django.db.models import Q

from .models import Location, Service, TaxonomyTerm

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

WORD = re.compile(r"[a-z0-9]+")
MAX_WORDS = 8
MILES_PER_DEGREE_LAT = 69.05


def _words(text: str) -> list[str]:
    return WORD.findall((text or "").lower()[:MAX_WORDS_LENGTH])[:MAX_WORDS]


def _miles(a: tuple[float, float], b: tuple[float, float]) -> float:
    dlat = (a[0] - b[0]) * MILES_PER_DEGREE_LAT
    dlon = (a[1] - b[1]) * MILES_PER_DEGREE_LAT * math.cos(math.radians((a[0] + b[0]) / 2))
    return math.hypot(dlat, dlon)


def _filtered(criteria: SearchCriteria):
    qs = Service.objects.listed()
    for word in _words(criteria.words):
        qs = qs.filter(Q(name__icontains=word) | Q(description__icontains=word) | Q(organisation__name__icontains=word)
                       | Q(taxonomy_terms__name__icontains=word))
    if criteria.term_ids:
        terms = TaxonomyTerm.objects.filter(Q(pk__in=criteria.term_ids) | Q(parent_id__in=criteria.term_ids))
        qs = qs.filter(taxonomy_terms__in=terms)
    if criteria.age is not None:
        qs = qs.filter(Q(minimum_age__isnull=True) | Q(minimum_age__lte=criteria.age),
                       Q(maximum_age__isnull=True) | Q(maximum_age__gte=criteria.age))
    if criteria.free_only:
        qs = qs.exclude(cost_options__amount__gt=0)
    if criteria.delivery:
        q = Q()
        for d in criteria.delivery:
            if d in DELIVERY:
                q |= Q(**{d: True})
        qs = qs.filter(q)
    if criteria.days:
        qs = qs.filter(schedules__byday__in=criteria.days)
    if criteria.language:
        qs = qs.filter(languages__code__iexact=criteria.language)
    if criteria.accepting_referrals:
        qs = qs.filter(accepting_referrals=True)
    if criteria.family_hub:
        qs = qs.filter(service_at_locations__location__is_family_hub=True)
    return qs.distinct()


def search(criteria: SearchCriteria, *, page: int = 1, per_page: int = 20) -> SearchResults:
    """Listed services matching the criteria, one page of them, best first."""
    page, per_page = max(1, page), max(1, per_page)
    services = list(_filtered(criteria).select_related("organisation")
                    .prefetch_related("service_at_locations__location", "cost_options", "taxonomy_terms",
                                      "languages", "service_areas"))
    hits = []
    for service in services:
        locations = [sal.location for sal in service.service_at_locations.all()
                     if sal.location.latitude is not None and sal.location.longitude is not None]
        if criteria.point is None:
            hits.append(SearchHit(service=service))
            continue
        if locations:
            nearest = min(locations, key=lambda loc: _miles(criteria.point, (loc.latitude, loc.longitude)))
            miles = _miles(criteria.point, (nearest.latitude, nearest.longitude))
            if miles <= criteria.within_miles:
                hits.append(SearchHit(service=service, distance_miles=miles, nearest_location=nearest))
                continue
        if service.online or service.by_phone:
            areas = {a.extent for a in service.service_areas.all()} | set(service.organisation.areas_served or [])
            if not areas or criteria.area_code in areas:
                hits.append(SearchHit(service=service, remote=True))
    if criteria.point is not None and criteria.order == "distance":
        hits.sort(key=lambda h: (h.remote, h.distance_miles or 0, h.service.name, str(h.service.pk)))
    else:
        hits.sort(key=lambda h: (h.service.name, str(h.service.pk)))
    start = (page - 1) * per_page
    return SearchResults(hits=hits[start:start + per_page], total=len(hits), page=page, per_page=per_page)
