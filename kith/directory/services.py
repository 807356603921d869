"""Changing directory records. Every save writes an audit Event with the values before and after.

An edit by the organisation itself sends a service back to the local infrastructure organisation's
queue (`verification.mark_changed`); edits by people who verify (LIO staff, administrators) do not,
and neither does a capacity update, which services make routinely.
"""

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from kith.core.audit import record_event, snapshot
from kith.organisations import verification
from kith.organisations.models import Organisation, Verification
from kith.organisations.roles import roles_for
from kith.postcodes import lookup as postcode_lookup

from .models import (
    Address, Attribute, CostOption, Location, Phone, Schedule, Service, ServiceAtLocation, ServiceStatus, TaxonomyTerm,
    Weekday,
)

SERVICE_FIELDS = [
    "name", "alternate_name", "description", "url", "email", "status", "fees_description",
    "eligibility_description", "application_process", "minimum_age", "maximum_age", "in_person", "online",
    "by_phone", "accepting_referrals", "typical_wait_weeks", "referral_route", "capacity_confirmed_at",
    "verification_status", "last_confirmed_at",
]
CAPACITY_FIELDS = ["accepting_referrals", "typical_wait_weeks", "referral_route", "capacity_confirmed_at"]
LOCATION_FIELDS = ["name", "location_type", "description", "postcode", "latitude", "longitude", "is_family_hub",
                   "accessibility"]
ADDRESS_FIELDS = ["address_1", "address_2", "city", "postal_code"]
_DAY_ORDER = {day: i for i, day in enumerate(Weekday.values)}


def _is_verifier(user) -> bool:
    return roles_for(user).can_verify


def service_snapshot(service: Service) -> dict:
    """The service's own fields plus what hangs off it, so a change to any of them shows in its history."""
    data = snapshot(service, SERVICE_FIELDS)
    data["taxonomy_terms"] = sorted(str(pk) for pk in service.attributes.values_list("taxonomy_term_id", flat=True))
    data["locations"] = sorted(str(pk) for pk in service.service_at_locations.values_list("location_id", flat=True))
    data["phone"] = next(iter(service.phones.values_list("number", flat=True)), "")
    paid = [str(a) for a in service.cost_options.filter(amount__gt=0).values_list("amount", flat=True)]
    data["cost_amounts"] = sorted(paid)
    return data


def opening_times_snapshot(service: Service) -> dict:
    rows = sorted(service.schedules.select_related("service_at_location__location"),
                  key=lambda s: (_DAY_ORDER.get(s.byday, 9), s.opens_at or datetime.time.min))
    return {"opening_times": [schedule_label(s) for s in rows]}


def schedule_label(schedule: Schedule) -> str:
    label = str(schedule)
    if schedule.service_at_location_id:
        label += f" at {schedule.service_at_location.location.name}"
    if schedule.valid_from or schedule.valid_to:
        label += f" ({schedule.valid_from or '…'} to {schedule.valid_to or '…'})"
    return label


def _set_links(service: Service, *, term_ids: Iterable | None, location_ids: Iterable | None) -> None:
    if term_ids is not None:
        wanted = {str(pk) for pk in term_ids}
        existing = {str(a.taxonomy_term_id): a for a in service.attributes.all()}
        Attribute.objects.filter(pk__in=[a.pk for key, a in existing.items() if key not in wanted]).delete()
        new_terms = TaxonomyTerm.objects.filter(pk__in=wanted - set(existing))
        Attribute.objects.bulk_create([Attribute(service=service, taxonomy_term=term, link_entity="service")
                                       for term in new_terms])
    if location_ids is not None:
        wanted = {str(pk) for pk in location_ids}
        existing = {str(link.location_id): link for link in service.service_at_locations.all()}
        ServiceAtLocation.objects.filter(pk__in=[link.pk for key, link in existing.items() if key not in wanted]).delete()
        # Only the organisation's own locations can be linked, whatever the caller passes.
        allowed = Location.objects.filter(organisation_id=service.organisation_id, pk__in=wanted - set(existing))
        ServiceAtLocation.objects.bulk_create([ServiceAtLocation(service=service, location=loc) for loc in allowed])


def _set_phone(service: Service, phone: str | None) -> None:
    if phone is None:
        return
    first = service.phones.order_by("pk").first()
    if not phone:
        service.phones.all().delete()
    elif first is None:
        Phone.objects.create(service=service, number=phone)
    elif first.number != phone:
        first.number = phone
        first.save(update_fields=["number"])


def _set_cost(service: Service, cost_amount: Decimal | None, *, is_free: bool | None) -> None:
    """A free service has no charged cost options; a charged one has at least one, with this amount."""
    if is_free is None:
        return
    paid = service.cost_options.filter(amount__gt=0).order_by("pk")
    if is_free:
        paid.delete()
        return
    first = paid.first()
    if first is None:
        CostOption.objects.create(service=service, option=(service.fees_description or "Charge")[:200], amount=cost_amount)
    elif cost_amount is not None and first.amount != cost_amount:
        first.amount = cost_amount
        first.save(update_fields=["amount"])


@transaction.atomic
def service_create(*, service: Service, by, term_ids: Iterable = (), location_ids: Iterable = (),
                   phone: str = "", is_free: bool | None = True, cost_amount: Decimal | None = None) -> Service:
    """Save a new service (built but not yet saved, with its organisation set) and what hangs off it."""
    if not _is_verifier(by):
        verification.mark_changed(service)
    else:
        service.last_confirmed_at = timezone.now()
    service.last_modified = timezone.now()
    service.save()
    _set_links(service, term_ids=term_ids, location_ids=location_ids)
    _set_phone(service, phone)
    _set_cost(service, cost_amount, is_free=is_free)
    record_event(actor=by, verb="created", obj=service, after=service_snapshot(service))
    return service


_VERIFICATION_KEYS = {"verification_status", "last_confirmed_at"}


def _substance(data: dict | None) -> dict:
    return {k: v for k, v in (data or {}).items() if k not in _VERIFICATION_KEYS}


@transaction.atomic
def service_update(*, service: Service, by, term_ids: Iterable | None = None, location_ids: Iterable | None = None,
                   phone: str | None = None, is_free: bool | None = None, cost_amount: Decimal | None = None) -> Service:
    """Save the new values already set on `service`; None leaves that part as it is.

    Saving without changing anything neither writes an Event nor sends the service to the queue.
    """
    # The caller's instance already holds the new values, so "before" comes from the database.
    before = service_snapshot(Service.objects.get(pk=service.pk))
    service.save()
    _set_links(service, term_ids=term_ids, location_ids=location_ids)
    _set_phone(service, phone)
    _set_cost(service, cost_amount, is_free=is_free)
    after = service_snapshot(service)
    if _substance(after) == _substance(before):
        return service
    if not _is_verifier(by):
        verification.mark_changed(service)
    service.last_modified = timezone.now()
    service.save(update_fields=["verification_status", "last_confirmed_at", "last_modified", "updated_at"])
    record_event(actor=by, verb="changed", obj=service, before=before, after=service_snapshot(service))
    return service


@transaction.atomic
def service_update_capacity(*, service: Service, by, accepting_referrals: bool, typical_wait_weeks: int | None,
                            referral_route: str) -> Service:
    """Routine: audited, but the service stays verified."""
    before = snapshot(service, CAPACITY_FIELDS)
    service.accepting_referrals = accepting_referrals
    service.typical_wait_weeks = typical_wait_weeks
    service.referral_route = referral_route
    service.capacity_confirmed_at = service.last_modified = timezone.now()
    service.save(update_fields=[*CAPACITY_FIELDS, "last_modified", "updated_at"])
    record_event(actor=by, verb="capacity_updated", obj=service, before=before, after=snapshot(service, CAPACITY_FIELDS))
    return service


@transaction.atomic
def service_close(*, service: Service, by) -> Service:
    """Closing keeps the record and its history; it stops showing to the public."""
    before = snapshot(service, ["status"])
    service.status = ServiceStatus.INACTIVE
    service.last_modified = timezone.now()
    service.save(update_fields=["status", "last_modified", "updated_at"])
    record_event(actor=by, verb="closed", obj=service, before=before, after=snapshot(service, ["status"]))
    return service


def _opening_times_changed(service: Service, by, before: dict) -> None:
    after = opening_times_snapshot(service)
    if after == before:
        return
    before = {**before, **snapshot(service, ["verification_status"])}
    if not _is_verifier(by):
        verification.mark_changed(service)
    service.last_modified = timezone.now()
    service.save(update_fields=["verification_status", "last_confirmed_at", "last_modified", "updated_at"])
    record_event(actor=by, verb="opening_times_changed", obj=service, before=before,
                 after={**after, **snapshot(service, ["verification_status"])})


@transaction.atomic
def schedule_save(*, schedule: Schedule, by) -> Schedule:
    """Add or change one row of a service's opening times; the Event is on the service, so removals still read."""
    service = Service.objects.select_for_update().get(pk=schedule.service_id)
    before = opening_times_snapshot(service)
    schedule.save()
    _opening_times_changed(service, by, before)
    return schedule


@transaction.atomic
def schedule_delete(*, schedule: Schedule, by) -> None:
    service = Service.objects.select_for_update().get(pk=schedule.service_id)
    before = opening_times_snapshot(service)
    schedule.delete()
    _opening_times_changed(service, by, before)


def location_snapshot(location: Location) -> dict:
    data = snapshot(location, LOCATION_FIELDS)
    address = location.addresses.order_by("pk").first()
    data.update({name: getattr(address, name, "") if address else "" for name in ADDRESS_FIELDS})
    return data


def _coordinates(postcode: str) -> tuple[float, float] | None:
    # A location needs its own point: a district's centre can be miles out, so it is no better than none.
    try:
        match = postcode_lookup.find(postcode)
    except postcode_lookup.PostcodeError:
        return None
    return match.point if match.exact else None


@transaction.atomic
def location_save(*, location: Location, by, address: dict) -> Location:
    """Create or change a location and its address.

    The point comes from the postcode; a postcode not in the ONS Postcode Directory as loaded leaves
    the location without one (the caller tells the user). An edit by the organisation puts the organisation
    back in the verification queue: its locations are checked with it.
    """
    creating = location._state.adding
    before = None if creating else location_snapshot(Location.objects.get(pk=location.pk))
    location.latitude, location.longitude = (_coordinates(location.postcode) if location.postcode else None) or (None, None)
    location.save()
    current = location.addresses.order_by("pk").first()
    if any(address.get(name) for name in ADDRESS_FIELDS):
        current = current or Address(location=location)
        for name in ADDRESS_FIELDS:
            setattr(current, name, address.get(name) or "")
        current.address_type = location.location_type
        current.save()
    elif current is not None:
        location.addresses.all().delete()
    after = location_snapshot(location)
    if after != before:
        record_event(actor=by, verb="created" if creating else "changed", obj=location, before=before, after=after)
        if not _is_verifier(by):
            _organisation_changed(location.organisation_id, by, comment=f"Location “{location.name}” changed")
    return location


def _organisation_changed(organisation_id, by, *, comment: str) -> None:
    organisation = Organisation.objects.select_for_update().get(pk=organisation_id)
    if organisation.verification_status == Verification.AWAITING:
        return
    fields = ["verification_status", "last_confirmed_at"]
    before = snapshot(organisation, fields)
    verification.mark_changed(organisation)
    organisation.save(update_fields=[*fields, "updated_at"])
    record_event(actor=by, verb="awaiting_verification", obj=organisation, before=before,
                 after=snapshot(organisation, fields), comment=comment)
