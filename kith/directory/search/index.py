"""Keeping the search documents current: one per listed service, rebuilt from the service and what
hangs off it whenever any of that changes (see signals.py), or all at once by `rebuild()` after bulk
writes that send no signals, like the demo generator's bulk_create.
"""

import threading
from collections import defaultdict
from collections.abc import Callable, Iterable

from django.db import connection, transaction
from django.db.models import Q

from ..models import (Attribute, CostOption, Language, Schedule, SearchDocument, Service, ServiceArea,
                      ServiceAtLocation, ServiceStatus)
from . import text

WEEKDAY_BITS = {"MO": 1, "TU": 2, "WE": 4, "TH": 8, "FR": 16, "SA": 32, "SU": 64}
BATCH_SIZE = 1000

_state = threading.local()


def _pending() -> set:
    if not hasattr(_state, "pending"):
        _state.pending = set()
    return _state.pending


def defer(service_ids: Iterable) -> None:
    """Refresh these services at flush(): rows deleted along with a service are deleted before it,
    and writing its document back in between would leave a document of a deleted service."""
    _pending().update(pk for pk in service_ids if pk is not None)


def flush() -> None:
    ids = set(_pending())
    _pending().clear()
    if ids:
        refresh(ids)


def documents(ids: list) -> list[SearchDocument]:
    """The documents of those of these services that are listed, read with a few plain queries."""
    services = (Service.objects.filter(pk__in=ids).listed()
                .values("pk", "name", "alternate_name", "description", "minimum_age", "maximum_age", "in_person",
                        "online", "by_phone", "accepting_referrals", "status", "organisation__name",
                        "organisation__alternate_name", "organisation__areas_served"))
    terms, days, languages, areas = defaultdict(list), defaultdict(int), defaultdict(set), defaultdict(set)
    for pk, name, parent in Attribute.objects.filter(service_id__in=ids).values_list(
            "service_id", "taxonomy_term__name", "taxonomy_term__parent__name").order_by("taxonomy_term__name"):
        terms[pk].append(name)
        if parent and parent not in terms[pk]:
            terms[pk].append(parent)
    for pk, linked_pk, day in Schedule.objects.filter(Q(service_id__in=ids) | Q(service_at_location__service_id__in=ids)
                                                      ).values_list("service_id", "service_at_location__service_id", "byday"):
        days[pk or linked_pk] |= WEEKDAY_BITS.get(day, 0)
    for pk, code in Language.objects.filter(service_id__in=ids).values_list("service_id", "code"):
        languages[pk].add((code or "").strip().lower())
    for pk, extent in ServiceArea.objects.filter(service_id__in=ids).values_list("service_id", "extent"):
        areas[pk].add(extent.strip().upper())
    paying = set(CostOption.objects.filter(service_id__in=ids, amount__gt=0).values_list("service_id", flat=True))
    hubs = set(ServiceAtLocation.objects.filter(service_id__in=ids, location__is_family_hub=True)
               .values_list("service_id", flat=True))
    result = []
    for s in services:
        pk = s["pk"]
        codes = sorted(languages[pk] - {""})
        gss = sorted((areas[pk] | {str(c).strip().upper() for c in s["organisation__areas_served"] or []}) - {""})
        result.append(SearchDocument(
            service_id=pk,
            sort_name=text.fold(s["name"])[:200],
            name_words=text.indexed(s["name"], s["alternate_name"]),
            term_words=text.indexed(*terms[pk]),
            organisation_words=text.indexed(s["organisation__name"], s["organisation__alternate_name"]),
            description_words=text.indexed(s["description"]),
            minimum_age=s["minimum_age"], maximum_age=s["maximum_age"],
            free=pk not in paying,
            in_person=s["in_person"], online=s["online"], by_phone=s["by_phone"],
            accepting=s["accepting_referrals"] and s["status"] == ServiceStatus.ACTIVE,
            days=days[pk],
            languages=f" {' '.join(codes)} " if codes else "",
            family_hub=pk in hubs,
            areas=f" {' '.join(gss)} " if gss else "",
        ))
    return result


def refresh(service_ids: Iterable) -> None:
    """Write the documents of these services afresh: listed ones get one, others none."""
    ids = sorted({pk for pk in service_ids if pk is not None}, key=str)
    for start in range(0, len(ids), BATCH_SIZE):
        batch = ids[start:start + BATCH_SIZE]
        with transaction.atomic():
            fresh = documents(batch)
            SearchDocument.objects.filter(service_id__in=batch).delete()
            SearchDocument.objects.bulk_create(fresh)


def rebuild(*, progress: Callable[[int], None] | None = None, batch_size: int = 2000) -> int:
    """Every document written afresh, in batches; returns the number of services looked at."""
    seen, last = 0, None
    while True:
        services = Service.objects.order_by("pk")
        if last is not None:
            services = services.filter(pk__gt=last)
        ids = list(services.values_list("pk", flat=True)[:batch_size])
        if not ids:
            break
        refresh(ids)
        seen, last = seen + len(ids), ids[-1]
        if progress:
            progress(len(ids))
    # Documents of services gone some way that sent no signal.
    SearchDocument.objects.exclude(service__in=Service.objects.listed()).delete()
    _after_bulk_change()
    return seen


def _after_bulk_change() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The planner needs to know how common each word is to choose between the GIN index and a scan.
            cursor.execute(f"ANALYZE {SearchDocument._meta.db_table}")
        elif connection.vendor == "sqlite":
            cursor.execute(f"INSERT INTO {SearchDocument._meta.db_table}_fts({SearchDocument._meta.db_table}_fts) "
                           "VALUES ('optimize')")
