"""Change history: who changed what, when, with readable labels and values."""

import datetime
import uuid

from django.contrib.auth.decorators import login_required
from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Q
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst

from kith.core.models import Event
from kith.organisations.models import Organisation

from ..models import Address, Location, Service, TaxonomyTerm
from .access import organisation_for_history, service_for_history

PAGE_SIZE = 50
RECORD_TYPES = {
    "organisations.organisation": (Organisation, "Organisation"),
    "directory.service": (Service, "Service"),
    "directory.location": (Location, "Location"),
}
EXTRA_LABELS = {
    "taxonomy_terms": "Needs and service types",
    "locations": "Locations",
    "phone": "Phone number",
    "cost_amounts": "Charges (£)",
    "opening_times": "Opening times",
}
VERBS = {
    "created": "Added",
    "changed": "Changed",
    "capacity_updated": "Capacity updated",
    "closed": "Closed",
    "opening_times_changed": "Opening times changed",
    "verified": "Verified",
    "sent_back": "Sent back for changes",
    "confirmed": "Confirmed as still correct",
    "awaiting_verification": "Back in the verification queue",
}


def _field(model, name):
    for candidate in (model, Address):
        try:
            return candidate._meta.get_field(name)
        except FieldDoesNotExist:
            continue
    return None


def field_label(model, name: str) -> str:
    if name in EXTRA_LABELS:
        return EXTRA_LABELS[name]
    field = _field(model, name)
    return capfirst(field.verbose_name) if field is not None else capfirst(name.replace("_", " "))


def display_value(model, name: str, value, names: dict) -> str:
    if value is None or value == "" or value == []:
        return "Not set"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if name in ("taxonomy_terms", "locations"):
        return ", ".join(sorted(names.get(v, "(since removed)") for v in value))
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    field = _field(model, name)
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.DateTimeField) and isinstance(value, str):
        try:
            return date_format(timezone.localtime(datetime.datetime.fromisoformat(value)), "j F Y, H:i")
        except ValueError:
            return value
    return str(value)


def _linked_names(events) -> dict:
    """Names of the terms and locations the events refer to, in two queries whatever their number."""
    ids = {"taxonomy_terms": set(), "locations": set()}
    for event in events:
        for data in (event.before or {}, event.after or {}):
            for key, found in ids.items():
                for value in data.get(key) or []:
                    try:
                        found.add(uuid.UUID(str(value)))
                    except ValueError:
                        continue
    names = {str(pk): name for pk, name in TaxonomyTerm.objects.filter(pk__in=ids["taxonomy_terms"]).values_list("pk", "name")}
    names.update({str(pk): name for pk, name in Location.objects.filter(pk__in=ids["locations"]).values_list("pk", "name")})
    return names


def history_rows(events) -> list[dict]:
    events = list(events)
    names = _linked_names(events)
    rows = []
    for event in events:
        model, kind = RECORD_TYPES.get(event.object_type, (None, "Record"))
        changes = event.changes if event.before else [(k, None, v) for k, v in sorted((event.after or {}).items())
                                                       if v not in (None, "", [])]
        rows.append({
            "event": event,
            "record": f"{kind}: {event.object_repr}",
            "verb": VERBS.get(event.verb, capfirst(event.verb.replace("_", " "))),
            "changes": [(field_label(model, name), display_value(model, name, before, names),
                         display_value(model, name, after, names)) for name, before, after in changes] if model else [],
        })
    return rows


def organisation_events(organisation: Organisation):
    service_ids = [str(pk) for pk in organisation.services.values_list("pk", flat=True)]
    location_ids = [str(pk) for pk in organisation.locations.values_list("pk", flat=True)]
    return Event.objects.filter(
        Q(object_type="organisations.organisation", object_id=str(organisation.pk))
        | Q(object_type="directory.service", object_id__in=service_ids)
        | Q(object_type="directory.location", object_id__in=location_ids)
    )


@login_required
def organisation_history(request, pk):
    """The organisation's members and managers, LIO staff and administrators: changes to the
    organisation, its services and its locations."""
    organisation = organisation_for_history(request, pk)
    page = Paginator(organisation_events(organisation), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "directory/history.html", {
        "organisation": organisation, "page": page, "rows": history_rows(page.object_list),
    })


@login_required
def service_history(request, pk):
    """The service's organisation's members and managers, LIO staff and administrators."""
    service = service_for_history(request, pk)
    page = Paginator(Event.objects.for_object(service), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "directory/history.html", {
        "organisation": service.organisation, "service": service, "page": page, "rows": history_rows(page.object_list),
    })
