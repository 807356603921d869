"""Exports of the published directory in the spreadsheet layout, read in batches of organisations.

Each batch is a fixed number of queries whatever its size (everything a row shows is prefetched),
and only one batch is in memory at a time, so the whole directory streams.
"""

import json
from collections.abc import Callable, Iterator

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Prefetch

from kith.directory.models import Service, ServiceAtLocation, Weekday
from kith.organisations.models import Organisation

from .layout import DELIVERY_WORDS, NO, SEPARATOR, YES

BATCH_ORGANISATIONS = 200
_DAY_ORDER = {day: i for i, day in enumerate(Weekday.values)}
_DAY_LABELS = dict(Weekday.choices)


def published_services():
    return Service.objects.published()


def organisation_batches(batch_size: int | None = None) -> Iterator[list]:
    """Ids of organisations with published services, by name, a batch at a time (keyset, not offsets)."""
    batch_size = batch_size or BATCH_ORGANISATIONS
    ids = (published_services().order_by("organisation__name", "organisation_id")
           .values_list("organisation__name", "organisation_id").distinct())
    last = None
    while True:
        page = ids if last is None else ids.filter(
            organisation__name__gte=last[0]).exclude(organisation__name=last[0], organisation_id__lte=last[1])
        batch = list(page[:batch_size])
        if not batch:
            return
        yield [pk for _, pk in batch]
        last = batch[-1]


def services_of(organisation_ids: list):
    return (published_services().filter(organisation_id__in=organisation_ids)
            .select_related("organisation").order_by("organisation__name", "organisation_id", "name", "pk")
            .prefetch_related(
                "phones", "cost_options", "taxonomy_terms",
                "schedules",
                Prefetch("service_at_locations", ServiceAtLocation.objects.select_related("location")
                         .prefetch_related("location__addresses").order_by("location__name", "location_id"))))


def rows(*, progress: Callable[[int], None] | None = None) -> Iterator[list[str]]:
    """A row for each published service at each of its locations (one with no location if it has none)."""
    for organisation_ids in organisation_batches():
        count = 0
        for service in services_of(organisation_ids):
            count += 1
            links = list(service.service_at_locations.all()) or [None]
            for link in links:
                yield [*_organisation_cells(service.organisation), *_location_cells(link), *_service_cells(service)]
        if progress:
            progress(count)


def _text(value) -> str:
    return "" if value is None else str(value)


def _organisation_cells(organisation: Organisation) -> list[str]:
    return [organisation.name, organisation.get_organisation_type_display(), organisation.charity_number,
            organisation.company_number, organisation.website, organisation.email, organisation.description]


def _location_cells(link: ServiceAtLocation | None) -> list[str]:
    if link is None:
        return ["", "", "", ""]
    location = link.location
    address = min(location.addresses.all(), key=lambda a: str(a.pk), default=None)
    return [location.name, address.address_1 if address else "", address.city if address else "",
            (address.postal_code if address else "") or location.postcode]


def _service_cells(service: Service) -> list[str]:
    phone = min(service.phones.all(), key=lambda p: str(p.pk), default=None)
    paid = sorted((c for c in service.cost_options.all() if c.amount), key=lambda c: str(c.pk))
    needs = sorted(term.name for term in service.taxonomy_terms.all())
    delivery = [word for name, word in DELIVERY_WORDS.items() if getattr(service, name)]
    times = sorted((s for s in service.schedules.all() if s.opens_at and s.closes_at),
                   key=lambda s: (_DAY_ORDER.get(s.byday, 9), s.opens_at))
    return [
        service.name, service.description, service.url, service.email, phone.number if phone else "",
        _text(service.minimum_age), _text(service.maximum_age), f"{paid[0].amount:.2f}" if paid else "",
        service.fees_description, service.eligibility_description, service.application_process,
        SEPARATOR.join(needs), SEPARATOR.join(delivery), YES if service.accepting_referrals else NO,
        SEPARATOR.join(dict.fromkeys(f"{_DAY_LABELS[s.byday]} {s.opens_at:%H:%M}-{s.closes_at:%H:%M}" for s in times)),
    ]


# ORUK JSON: a list of full ORUK 3.0 services, through the API's own serialiser.

BATCH_SERVICES = 500


def _serialiser():
    try:
        from kith.interchange.api import serialise
    except ImportError:
        return None
    if not (hasattr(serialise, "prefetch_services") and hasattr(serialise, "service_to_oruk")):
        return None
    return serialise


def json_available() -> bool:
    return _serialiser() is not None


def oruk_services(*, progress: Callable[[int], None] | None = None) -> Iterator[dict]:
    """Every published service as a full ORUK 3.0 record, read in batches by id (keyset)."""
    serialise = _serialiser()
    last = None
    while True:
        queryset = published_services().order_by("pk")
        if last is not None:
            queryset = queryset.filter(pk__gt=last)
        batch = list(serialise.prefetch_services(queryset)[:BATCH_SERVICES])
        if not batch:
            return
        for service in batch:
            yield serialise.service_to_oruk(service, full=True)
        last = batch[-1].pk
        if progress:
            progress(len(batch))


def json_chunks(*, progress: Callable[[int], None] | None = None) -> Iterator[bytes]:
    """`[` service, service, … `]`, a service at a time."""
    yield b"["
    for position, record in enumerate(oruk_services(progress=progress)):
        yield (b",\n" if position else b"\n") + json.dumps(record, ensure_ascii=False, cls=DjangoJSONEncoder).encode()
    yield b"\n]\n"
