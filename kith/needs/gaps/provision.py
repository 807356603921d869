"""From the directory and the indicators to coverage.py's plain inputs.

The services counted are the ones the public directory lists (`Service.objects.listed()`, the rule
search indexes by), so the gaps map shows what a resident would find; each is placed at its physical
locations that have a point. Everything is read in a fixed number of queries, however many services or areas.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from kith.areas.models import Area as AreaRecord
from kith.directory.models import (
    Attribute, LocationType, Service, ServiceArea, ServiceAtLocation, ServiceStatus, TaxonomyTerm,
)
from kith.needs import coverage
from kith.needs.models import Indicator, IndicatorValue

POPULATION_INDICATOR = "census2021-residents-all"
FALLBACK_NEED_INDICATOR = "iod2025-imd"
# The IoD domain that best measures the need each theme answers, most fitting first: the Income
# Deprivation Affecting Children / Older People indices where loaded, otherwise the income domain.
# Themes not listed are measured by the overall Index of Multiple Deprivation.
NEED_INDICATORS: dict[str, tuple[str, ...]] = {
    "money-debt-and-benefits": ("iod2025-income",),
    "food-and-essentials": ("iod2025-income",),
    "legal-and-advice": ("iod2025-income",),
    "education-skills-and-employment": ("iod2025-employment", "iod2025-education"),
    "physical-health": ("iod2025-health",),
    "mental-health-and-wellbeing": ("iod2025-health",),
    "disability-and-send": ("iod2025-health",),
    "drugs-and-alcohol": ("iod2025-health",),
    "carers": ("iod2025-health",),
    "housing-and-homelessness": ("iod2025-housing-and-services",),
    "domestic-abuse-and-safety": ("iod2025-crime",),
    "young-people": ("iod2025-idaci", "iod2025-income"),
    "early-years": ("iod2025-idaci", "iod2025-income"),
    "family-and-parenting": ("iod2025-idaci", "iod2025-income"),
    "older-people": ("iod2025-idaopi", "iod2025-income"),
}
# Terms whose need differs from their theme's (education sits with employment in the taxonomy).
TERM_NEED_INDICATORS: dict[str, tuple[str, ...]] = {
    "adult-learning": ("iod2025-education",),
    "esol": ("iod2025-education",),
    "digital-skills": ("iod2025-education",),
    "young-carers": ("iod2025-idaci", "iod2025-income"),
    "care-leavers": ("iod2025-idaci", "iod2025-income"),
}


@dataclass(frozen=True)
class Place:
    latitude: float
    longitude: float
    name: str


@dataclass(frozen=True)
class ListedService:
    """A listed service as the needs pages see it."""

    id: object
    name: str
    organisation: str
    organisation_id: object
    places: tuple[Place, ...]
    themes: frozenset[str]  # its terms' codes and their themes' codes
    extents: frozenset[str]  # area codes it says it serves (its own, then its organisation's)
    accepting_referrals: bool
    typical_wait_weeks: int | None
    in_person: bool
    online: bool
    by_phone: bool
    minimum_age: int | None
    maximum_age: int | None

    @property
    def remote(self) -> bool:
        return self.online or self.by_phone

    def suits_age(self, age: int | None) -> bool:
        return age is None or ((self.minimum_age is None or self.minimum_age <= age)
                               and (self.maximum_age is None or age <= self.maximum_age))

    def for_coverage(self) -> coverage.Service:
        return coverage.Service(
            id=self.id, places=tuple((p.latitude, p.longitude) for p in self.places), themes=self.themes,
            accepting_referrals=self.accepting_referrals, typical_wait_weeks=self.typical_wait_weeks,
            in_person=self.in_person, online=self.online, by_phone=self.by_phone,
            min_age=self.minimum_age, max_age=self.maximum_age)


def listed_services(*, need: str | None = None) -> list[ListedService]:
    """Every listed service (or those meeting `need`, a term or theme code), in four queries."""
    services = Service.objects.listed()
    attributes = Attribute.objects.filter(service__isnull=False)
    if need:
        services = services.filter(pk__in=Attribute.objects.filter(
            service__isnull=False, taxonomy_term__in=TaxonomyTerm.objects.filter(code=need)
            | TaxonomyTerm.objects.filter(parent__code=need)).values("service_id"))
        attributes = attributes.filter(service__in=services.values("pk"))
        in_scope = services.values("pk")
    else:
        in_scope = Service.objects.listed().values("pk")
    themes: dict[object, set[str]] = defaultdict(set)
    for pk, code, parent in attributes.values_list("service_id", "taxonomy_term__code", "taxonomy_term__parent__code"):
        themes[pk].add(code)
        if parent:
            themes[pk].add(parent)
    places: dict[object, list[Place]] = defaultdict(list)
    # Only places people visit: a postal or online address with a point is no place to be seen in person.
    for pk, lat, lon, name in (ServiceAtLocation.objects.filter(service__in=in_scope,
                                                                location__location_type=LocationType.PHYSICAL)
                               .exclude(location__latitude=None).exclude(location__longitude=None)
                               .values_list("service_id", "location__latitude", "location__longitude", "location__name")):
        places[pk].append(Place(lat, lon, name))
    extents: dict[object, list[str]] = defaultdict(list)
    for pk, extent in ServiceArea.objects.filter(service__in=in_scope).values_list("service_id", "extent"):
        extents[pk].append(extent)
    rows = services.values_list(
        "pk", "name", "organisation__name", "organisation_id", "organisation__areas_served", "status", "accepting_referrals",
        "typical_wait_weeks", "in_person", "online", "by_phone", "minimum_age", "maximum_age").order_by("name", "pk")
    return [
        ListedService(
            id=pk, name=name, organisation=org_name, organisation_id=org_id, places=tuple(places[pk]), themes=frozenset(themes[pk]),
            extents=frozenset(extents[pk]) | frozenset(areas_served or []),
            # As search's "taking referrals" filter: a temporarily closed service takes none now.
            accepting_referrals=accepting and status == ServiceStatus.ACTIVE, typical_wait_weeks=wait,
            in_person=in_person, online=online, by_phone=by_phone, minimum_age=min_age, maximum_age=max_age)
        for pk, name, org_name, org_id, areas_served, status, accepting, wait, in_person, online, by_phone, min_age, max_age
        in rows]


def default_need_indicator(need: str, theme: str | None, available: Iterable[str]) -> str | None:
    """The indicator that measures a need by default: the term's own, its theme's, or the overall IMD."""
    available = set(available)
    for slug in (*TERM_NEED_INDICATORS.get(need, ()), *NEED_INDICATORS.get(need, ()),
                 *NEED_INDICATORS.get(theme or "", ()), FALLBACK_NEED_INDICATOR):
        if slug in available:
            return slug
    return None


def usual_indicator(term: TaxonomyTerm, terms: list[TaxonomyTerm], indicators: dict[str, Indicator]) -> Indicator | None:
    """The loaded indicator that measures this term's need by default, among `indicators` (by slug)."""
    theme = next((t.code for t in terms if t.pk == term.parent_id), None)
    return indicators.get(default_need_indicator(term.code, theme, indicators) or "")


def need_sign(indicator: Indicator | None) -> float:
    """coverage.py ranks higher as needier; an indicator running the other way is turned round."""
    return 1.0 if indicator is None or indicator.higher_is_more_need else -1.0


@dataclass
class PlaceAreas:
    """A place's LSOAs: the records (for names, wards and boundaries), the coverage inputs, and the
    need indicator's values as published (before turning round for indicators where lower is needier)."""

    records: list[AreaRecord]
    areas: list[coverage.Area]
    values: dict[str, float]


def place_areas(place_code: str, indicator: Indicator | None, need: str, *, with_boundaries: bool = True) -> PlaceAreas:
    """The place's LSOAs with population and need for `need`: three queries."""
    fields = ["code", "name", "ward", "local_authority", "latitude", "longitude"] + (["boundary"] if with_boundaries else [])
    records = list(AreaRecord.objects.filter(kind=AreaRecord.Kind.LSOA, local_authority=place_code).only(*fields))
    ids = [r.pk for r in records]
    population = dict(IndicatorValue.objects.filter(indicator__slug=POPULATION_INDICATOR, area_id__in=ids)
                      .values_list("area__code", "value"))
    values: dict[str, float] = {}
    if indicator is not None:
        values = dict(IndicatorValue.objects.filter(indicator=indicator, area_id__in=ids).values_list("area__code", "value"))
    sign = need_sign(indicator)
    areas = [coverage.Area(code=r.code, latitude=r.latitude, longitude=r.longitude,
                           population=population.get(r.code, 0.0),
                           need={need: sign * values[r.code]} if r.code in values else {})
             for r in records]
    return PlaceAreas(records=records, areas=areas, values=values)
