"""Keeping the search documents current: one per listed service, rebuilt from the service and what
hangs off it whenever any of that changes (see signals.py), or all at once by `rebuild()` after bulk
writes that send no signals, like the demo generator's bulk_create.
"""

import datetime
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable
from contextlib import contextmanager

from django.db import connection, transaction

from ..models import (Attribute, CostOption, Language, Schedule, SearchDocument, SearchPlace, Service,
                      ServiceArea, ServiceAtLocation, ServiceStatus)
from . import facets, text

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
    """The documents of those of these services that are listed, read with a few plain queries; each
    with `points`, the (latitude, longitude, Family Hub) of its locations that have a point, and the
    `sort_name` its places are ordered by."""
    services = (Service.objects.filter(pk__in=ids).listed()
                .values("pk", "name", "alternate_name", "description", "minimum_age", "maximum_age", "in_person",
                        "online", "by_phone", "accepting_referrals", "status", "last_confirmed_at", "organisation__name",
                        "organisation__alternate_name", "organisation__areas_served"))
    terms, tags, areas = defaultdict(list), defaultdict(set), defaultdict(set)
    for pk, term, name, parent, parent_name in Attribute.objects.filter(service_id__in=ids).values_list(
            "service_id", "taxonomy_term_id", "taxonomy_term__name", "taxonomy_term__parent_id",
            "taxonomy_term__parent__name").order_by("taxonomy_term__name"):
        terms[pk].append(name)
        tags[pk].add(facets.term(term))
        if parent:
            if parent_name not in terms[pk]:
                terms[pk].append(parent_name)
            tags[pk].add(facets.term(parent))
    # Two queries: an OR across the join would read every schedule.
    for pk, day in Schedule.objects.filter(service_id__in=ids).values_list("service_id", "byday"):
        tags[pk].add(facets.day(day))
    for pk, day in Schedule.objects.filter(service__isnull=True, service_at_location__service_id__in=ids).values_list(
            "service_at_location__service_id", "byday"):
        tags[pk].add(facets.day(day))
    for pk, code in Language.objects.filter(service_id__in=ids).exclude(code="").values_list("service_id", "code"):
        tags[pk].add(facets.language(code))
    for pk, extent in ServiceArea.objects.filter(service_id__in=ids).values_list("service_id", "extent"):
        areas[pk].add(extent)
    paying = set(CostOption.objects.filter(service_id__in=ids, amount__gt=0).values_list("service_id", flat=True))
    points = defaultdict(list)
    for pk, lat, lon, hub in ServiceAtLocation.objects.filter(service_id__in=ids).values_list(
            "service_id", "location__latitude", "location__longitude", "location__is_family_hub"):
        points[pk].append((lat, lon, hub))
    result = []
    for s in services:
        pk = s["pk"]
        gss = {facets.area(code) for code in areas[pk] | set(s["organisation__areas_served"] or [])} - {"area"}
        flags = {facets.FREE: pk not in paying, facets.IN_PERSON: s["in_person"], facets.ONLINE: s["online"],
                 facets.BY_PHONE: s["by_phone"], facets.REMOTE: s["online"] or s["by_phone"],
                 facets.ACCEPTING: s["accepting_referrals"] and s["status"] == ServiceStatus.ACTIVE,
                 facets.FAMILY_HUB: any(hub for _, _, hub in points[pk])}
        result.append(SearchDocument(
            service_id=pk,
            freshness=_microseconds(s["last_confirmed_at"]),
            name_words=text.indexed(s["name"], s["alternate_name"]),
            term_words=text.indexed(*terms[pk]),
            organisation_words=text.indexed(s["organisation__name"], s["organisation__alternate_name"]),
            description_words=text.indexed(s["description"]),
            facets=" ".join(sorted(tags[pk] | (gss or {facets.ANY_AREA}) | {f for f, on in flags.items() if on})),
            minimum_age=s["minimum_age"], maximum_age=s["maximum_age"],
        ))
        result[-1].sort_name = text.fold(s["name"])[:200]
        result[-1].points = [(lat, lon, hub) for lat, lon, hub in points[pk] if lat is not None and lon is not None]
    return result


_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


def changed(service_ids: Iterable) -> None:
    """These services' documents are out of date: refresh them now, or at the end of `batched()`."""
    batch = getattr(_state, "batch", None)
    if batch is None:
        refresh(service_ids)
    else:
        batch.update(pk for pk in service_ids if pk is not None)


def batching() -> bool:
    return getattr(_state, "batch", None) is not None


@contextmanager
def batched():
    """Within this block every save that changes documents is gathered, and each service's document
    is written once at the end (inside the caller's transaction, if any). Imports that save
    thousands of records use it: otherwise each save writes its service's document again."""
    if batching():
        yield
        return
    _state.batch = set()
    try:
        yield
        ids = _state.batch
    finally:
        _state.batch = None
    refresh(ids)


def _microseconds(moment: datetime.datetime | None) -> int:
    return (moment - _EPOCH) // datetime.timedelta(microseconds=1) if moment else 0


def refresh(service_ids: Iterable) -> None:
    """Write the documents of these services afresh: listed ones get one, others none."""
    ids = sorted({pk for pk in service_ids if pk is not None}, key=str)
    for start in range(0, len(ids), BATCH_SIZE):
        batch = ids[start:start + BATCH_SIZE]
        with transaction.atomic():
            fresh = documents(batch)
            SearchDocument.objects.filter(service_id__in=batch).delete()
            SearchDocument.objects.bulk_create(fresh)
            SearchPlace.objects.bulk_create(
                SearchPlace(document=doc, service_id=doc.service_id, latitude=lat, longitude=lon, family_hub=hub,
                            sort_name=doc.sort_name, minimum_age=doc.minimum_age, maximum_age=doc.maximum_age)
                for doc in fresh for lat, lon, hub in doc.points)


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
    _after_bulk_change()
    return seen


def build_if_empty(*, using="default", **kwargs) -> None:
    """After migrating: an index that was never written (a database from before search, say) is
    written now, so that search does not quietly find nothing."""
    if using == "default" and not SearchDocument.objects.exists() and Service.objects.listed().exists():
        rebuild()


def _after_bulk_change() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The planner needs to know how common each word is to choose between the GIN index and a scan.
            cursor.execute(f"ANALYZE {SearchDocument._meta.db_table}")
            cursor.execute(f"ANALYZE {SearchPlace._meta.db_table}")
        elif connection.vendor == "sqlite":
            cursor.execute(f"INSERT INTO {SearchDocument._meta.db_table}_fts({SearchDocument._meta.db_table}_fts) "
                           "VALUES ('optimize')")
