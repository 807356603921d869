"""What the API publishes, and the filters of its query parameters.

Published means:
- a service: `Service.objects.published()` — active, verified, of an active organisation;
- a service at a location (and so a location): its service is published;
- an organisation: active, and verified or providing a published service (so that every
  published service's organization_id can be read through /organizations/{id});
- taxonomies and their terms: all of them (they are Kith's shared vocabulary, not anyone's record).

Lists are in id order (services, organisations, services at locations) or name order
(taxonomies, terms), with id last, so that pages never overlap or skip however deep.
"""

import math

from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet

from kith.directory.models import (Attribute, Schedule, Service, ServiceArea, ServiceAtLocation, ServiceStatus, Taxonomy,
                                   TaxonomyTerm)
from kith.organisations.models import Organisation
from kith.postcodes.lookup import PostcodeMatch

from .serialise import prefetch_services

METRES_PER_DEGREE = 111_133  # of latitude, near enough everywhere in the UK


def published_services() -> QuerySet:
    return Service.objects.published()


def published_service_at_locations() -> QuerySet:
    return ServiceAtLocation.objects.filter(service__in=published_services())


def published_organisations() -> QuerySet:
    # IN (one list of providers) rather than a correlated EXISTS: the list is read once from the
    # published-services index, where EXISTS would be asked once per organisation.
    providers = Service.objects.filter(status=ServiceStatus.ACTIVE, verification_status="verified").values("organisation")
    return Organisation.objects.active().filter(Q(verification_status="verified") | Q(pk__in=providers))


def with_services(organisations: QuerySet, *, full: bool) -> QuerySet:
    """Each organisation's published services as `published_services`, loaded for `service_to_oruk` if `full`."""
    services = published_services().order_by("pk")
    if full:
        services = prefetch_services(services)
    return organisations.prefetch_related(Prefetch("services", services, to_attr="published_services"))


def taxonomies() -> QuerySet:
    return Taxonomy.objects.order_by("name", "pk")


def taxonomy_terms() -> QuerySet:
    return TaxonomyTerm.objects.order_by("name", "pk")


def _words(queryset: QuerySet, words: list[str], fields: list[str]) -> QuerySet:
    """Every word in one of the fields, any case."""
    for word in words:
        condition = Q()
        for field in fields:
            condition |= Q(**{f"{field}__icontains": word})
        queryset = queryset.filter(condition)
    return queryset


def search_organisations(queryset: QuerySet, words: list[str]) -> QuerySet:
    return _words(queryset, words, ["name", "alternate_name", "description"])


def search_taxonomies(queryset: QuerySet, words: list[str]) -> QuerySet:
    return _words(queryset, words, ["name", "description"])


def filter_terms(queryset: QuerySet, params: dict) -> QuerySet:
    queryset = _words(queryset, params["search"], ["name", "code", "description"])
    if params["taxonomy_id"]:
        queryset = queryset.filter(taxonomy_id=params["taxonomy_id"])
    if params["parent_id"]:
        queryset = queryset.filter(parent_id=params["parent_id"])
    if params["top_only"]:
        queryset = queryset.filter(parent__isnull=True)
    return queryset


def _near(queryset: QuerySet, place: PostcodeMatch, metres: int, prefix: str) -> QuerySet:
    """Locations within `metres` of the point, on a flat map scaled to its latitude (exact enough
    within 100 km), with a bounding box on the indexed columns first. Annotates `distance2`."""
    latitude, longitude = place.point
    ky = METRES_PER_DEGREE
    kx = METRES_PER_DEGREE * math.cos(math.radians(latitude))
    dlat, dlon = metres / ky * 1.001, metres / kx * 1.001
    dy = (F(f"{prefix}latitude") - latitude) * ky
    dx = (F(f"{prefix}longitude") - longitude) * kx
    return queryset.filter(**{f"{prefix}latitude__range": (latitude - dlat, latitude + dlat),
                              f"{prefix}longitude__range": (longitude - dlon, longitude + dlon)}).alias(
        distance2=dy * dy + dx * dx).filter(distance2__lte=metres * metres)


def _in_area(place: PostcodeMatch, service: str) -> Q:
    """Serving the postcode's local authority, or with no service area recorded (taken as anywhere)."""
    areas = ServiceArea.objects.filter(service=OuterRef(service))
    return Q(Exists(areas.filter(extent=place.local_authority))) | ~Q(Exists(areas))


def filter_services(queryset: QuerySet, params: dict, *, service: str = "") -> QuerySet:
    """The filters /services and /service_at_locations share; `service` is the path from the
    queryset's rows to the service ("" for services, "service__" for links)."""
    outer = "service_id" if service else "pk"
    pk = OuterRef(outer)
    queryset = _words(queryset, params["search"], [f"{service}name", f"{service}description",
                                                   f"{service}organisation__name"])
    if term := params["taxonomy_term_id"]:
        # A theme stands for its terms, as in the directory's own search.
        chosen = Attribute.objects.filter(Q(taxonomy_term_id=term) | Q(taxonomy_term__parent_id=term), service=pk)
        queryset = queryset.filter(Exists(chosen))
    if params["taxonomy_id"]:
        queryset = queryset.filter(Exists(Attribute.objects.filter(taxonomy_term__taxonomy_id=params["taxonomy_id"],
                                                                   service=pk)))
    if params["organization_id"]:
        queryset = queryset.filter(**{f"{service}organisation_id": params["organization_id"]})
    if params["modified_after"]:
        queryset = queryset.filter(**{f"{service}last_modified__gte": params["modified_after"]})
    if (age := params["age"]) is not None:
        queryset = queryset.filter(Q(**{f"{service}minimum_age__isnull": True}) | Q(**{f"{service}minimum_age__lte": age}),
                                   Q(**{f"{service}maximum_age__isnull": True}) | Q(**{f"{service}maximum_age__gte": age}))
    if params["day"]:
        # Two EXISTS rather than one with an OR across a join: PostgreSQL plans the OR as a scan of
        # every schedule for every service.
        on_day = Schedule.objects.filter(byday=params["day"])
        queryset = queryset.filter(Q(Exists(on_day.filter(service=pk)))
                                   | Q(Exists(on_day.filter(service_at_location__service=pk))))
    if (place := params["postcode"]) is not None and params["proximity"] is None:
        queryset = queryset.filter(_in_area(place, outer))
    return queryset


def services_near(queryset: QuerySet, params: dict) -> QuerySet:
    """Services with a location within `proximity` metres of the postcode."""
    if params["postcode"] is None or params["proximity"] is None:
        return queryset
    links = _near(ServiceAtLocation.objects.filter(service=OuterRef("pk")), params["postcode"], params["proximity"],
                  "location__")
    return queryset.filter(Exists(links))


def links_near(queryset: QuerySet, params: dict) -> QuerySet:
    """Services at locations within `proximity` metres of the postcode, nearest first."""
    if params["postcode"] is None or params["proximity"] is None:
        return queryset.order_by("pk")
    return _near(queryset, params["postcode"], params["proximity"], "location__").order_by("distance2", "pk")
