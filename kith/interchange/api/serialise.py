"""Directory records as Open Referral UK 3.0 JSON (the `to_oruk` serialisers of the API and exports).

Optional fields with no value are left out, never null or "" (ORUK compliance 1.2); a field the
schema requires is always there. Ids are the records' UUIDs. Fields HSDS 3.0 defines that the
trimmed ORUK schemas do not list (alternate_name, eligibility_description, application_process,
phones, languages' name and code…) are carried under their HSDS names: the schemas allow more.

Capacity is Kith's extension field `kith_capacity` on every service, in lists and in full:
{"accepting_referrals": bool, "referral_route": "self"|"professional"|"both"|"signposting",
"typical_wait_weeks": int (when known), "confirmed_at": date-time (when known)}. An extension
field keeps the standard attributes for what they are for (classifying a service by taxonomy
terms) and the schemas, which forbid no other properties, stay satisfied.

Each `*_to_oruk` reads only what its `prefetch_*` loaded, so a page costs a fixed number of queries.
"""

import datetime
import uuid
from decimal import Decimal

from django.db.models import Prefetch, QuerySet

from kith.directory.models import (
    Address, Attribute, Contact, CostOption, Funding, Language, Location, Phone, Schedule, Service, ServiceArea,
    ServiceAtLocation, Taxonomy, TaxonomyTerm,
)
from kith.organisations.models import Organisation

# Identifier schemes of org-id.guide for the numbers an organisation records.
_CHARITY_SCHEMES = {"SC": ("GB-SC", "Scottish charity number")}
_ORG_ID_TYPES = {"GB-CHC": "Charity number", "GB-SC": "Scottish charity number", "GB-NIC": "Northern Ireland charity number",
                 "GB-COH": "Company number", "GB-MPR": "Mutual society number", "GB-EDU": "School URN"}


def oruk_datetime(value: datetime.datetime) -> str:
    """RFC 3339 in UTC with milliseconds, as the schema's `last_modified` example: 2023-03-15T10:30:45.123Z."""
    return value.astimezone(datetime.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _value(value):
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime.datetime):
        return oruk_datetime(value)
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _record(required: dict, optional: dict) -> dict:
    """`required` as they are; `optional` without the empty ones (None, "", [])."""
    record = {key: _value(value) for key, value in required.items()}
    for key, value in optional.items():
        if value is not None and value != "" and value != []:
            record[key] = _value(value)
    return record


def _derived_id(owner_id: uuid.UUID, what: str) -> uuid.UUID:
    """A stable id for something Kith keeps as a field of its owner (an identifier, accessibility)."""
    return uuid.uuid5(owner_id, what)


# Taxonomies -------------------------------------------------------------------------------------

def taxonomy_term_to_oruk(term: TaxonomyTerm) -> dict:
    """Needs `taxonomy` selected with the term."""
    return _record({"id": term.pk, "name": term.name, "description": term.description},
                   {"code": term.code, "parent_id": term.parent_id, "taxonomy": term.taxonomy.name,
                    "taxonomy_id": term.taxonomy_id, "term_uri": term.term_uri})


def taxonomy_to_oruk(taxonomy: Taxonomy, *, terms: list[TaxonomyTerm] | None = None) -> dict:
    """With `terms` (their `taxonomy` set), the taxonomy's terms nested as `taxonomy_terms`."""
    return _record({"id": taxonomy.pk, "name": taxonomy.name, "description": taxonomy.description},
                   {"uri": taxonomy.uri, "version": taxonomy.version,
                    "taxonomy_terms": [taxonomy_term_to_oruk(t) for t in terms or []]})


def prefetch_taxonomy_terms(queryset: QuerySet) -> QuerySet:
    return queryset.select_related("taxonomy")


# Organisations ----------------------------------------------------------------------------------

def organization_identifiers(organisation: Organisation) -> list[dict]:
    """The charity and company numbers and org-id identifier, each once, with org-id.guide schemes."""
    found: dict[tuple[str, str], str] = {}
    if number := organisation.charity_number:
        scheme, kind = _CHARITY_SCHEMES.get(number[:2], ("GB-CHC", "Charity number"))
        found[(scheme, number)] = kind
    if number := organisation.company_number:
        found[("GB-COH", number)] = "Company number"
    if org_id := organisation.org_id:
        parts = org_id.split("-", 2)
        if len(parts) == 3:
            scheme = f"{parts[0]}-{parts[1]}"
            found.setdefault((scheme, parts[2]), _ORG_ID_TYPES.get(scheme, "Organisation identifier"))
    return [
        _record({"id": _derived_id(organisation.pk, f"identifier:{scheme}:{identifier}"), "identifier_type": kind,
                 "identifier": identifier},
                {"organization_id": organisation.pk, "identifier_scheme": scheme})
        for (scheme, identifier), kind in found.items()
    ]


def organization_to_oruk(organisation: Organisation, *, full: bool = False, services: list[dict] | None = None) -> dict:
    """The organisation's one-to-one fields; `full` adds its identifiers; `services` (already
    serialised) are nested as `services`."""
    record = _record({"id": organisation.pk, "name": organisation.name, "description": organisation.description},
                     {"alternate_name": organisation.alternate_name, "email": organisation.email,
                      "website": organisation.website, "parent_organization_id": organisation.parent_id})
    if full:
        record.update(_record({}, {"organization_identifiers": organization_identifiers(organisation)}))
    if services is not None:
        record["services"] = services
    return record


# Locations --------------------------------------------------------------------------------------

def _address_to_oruk(address) -> dict:
    # state_province is required by the schema though many English addresses have no county: an
    # empty value says so honestly rather than inventing one.
    return _record({"id": address.pk, "address_1": address.address_1, "city": address.city,
                    "state_province": address.state_province, "postal_code": address.postal_code,
                    "country": address.country, "address_type": address.address_type},
                   {"location_id": address.location_id, "attention": address.attention, "address_2": address.address_2,
                    "region": address.region})


def _accessibility(location: Location) -> list[dict]:
    if not location.accessibility:
        return []
    return [_record({"id": _derived_id(location.pk, "accessibility")},
                    {"location_id": location.pk, "description": location.accessibility})]


def _phone_to_oruk(phone: Phone) -> dict:
    """Needs the phone's `languages` prefetched."""
    return _record({"id": phone.pk, "number": phone.number},
                   {"contact_id": phone.contact_id, "service_id": phone.service_id, "location_id": phone.location_id,
                    "organization_id": phone.organisation_id, "extension": phone.extension, "type": phone.type,
                    "description": phone.description,
                    "languages": [_language_to_oruk(lang) for lang in phone.languages.all()]})


def location_to_oruk(location: Location, *, full: bool = False) -> dict:
    """`full` adds addresses, accessibility and phones (prefetched by `_location_prefetches`)."""
    record = _record({"id": location.pk, "location_type": location.location_type},
                     {"name": location.name, "description": location.description, "latitude": location.latitude,
                      "longitude": location.longitude, "external_identifier": location.external_identifier,
                      "external_identifier_type": location.external_identifier_type})
    if full:
        record.update(_record({}, {
            "addresses": [_address_to_oruk(a) for a in location.addresses.all()],
            "accessibility": _accessibility(location),
            "phones": [_phone_to_oruk(p) for p in location.phones.all()],
        }))
    return record


def _location_prefetches(prefix: str) -> list:
    return [Prefetch(f"{prefix}addresses", _ordered(Address)),
            Prefetch(f"{prefix}phones", _phones())]


def _ordered(model) -> QuerySet:
    """The related rows in id order, so that output is the same on every read."""
    return model.objects.order_by("pk")


def _phones() -> QuerySet:
    return _ordered(Phone).prefetch_related(Prefetch("languages", _ordered(Language)))


# Services ---------------------------------------------------------------------------------------

def _schedule_to_oruk(schedule: Schedule) -> dict:
    return _record({"id": schedule.pk},
                   {"service_id": schedule.service_id, "service_at_location_id": schedule.service_at_location_id,
                    "location_id": schedule.location_id, "valid_from": schedule.valid_from, "valid_to": schedule.valid_to,
                    "freq": schedule.freq, "interval": schedule.interval, "byday": schedule.byday,
                    "opens_at": schedule.opens_at, "closes_at": schedule.closes_at, "description": schedule.description,
                    "attending_type": schedule.attending_type, "notes": schedule.notes})


def _language_to_oruk(language) -> dict:
    return _record({"id": language.pk},
                   {"service_id": language.service_id, "location_id": language.location_id,
                    "phone_id": language.phone_id, "name": language.name, "code": language.code,
                    "note": language.note})


def _contact_to_oruk(contact: Contact) -> dict:
    return _record({"id": contact.pk},
                   {"service_id": contact.service_id, "organization_id": contact.organisation_id,
                    "service_at_location_id": contact.service_at_location_id, "location_id": contact.location_id,
                    "name": contact.name, "title": contact.title, "department": contact.department,
                    "email": contact.email, "phones": [_phone_to_oruk(p) for p in contact.phones.all()]})


def _attribute_to_oruk(attribute: Attribute) -> dict:
    link_id = attribute.service_id or attribute.organisation_id or attribute.location_id
    return _record({"id": attribute.pk},
                   {"link_id": link_id, "link_entity": attribute.link_entity,
                    "taxonomy_term_id": attribute.taxonomy_term_id, "value": attribute.value, "label": attribute.label,
                    "taxonomy_term": taxonomy_term_to_oruk(attribute.taxonomy_term)})


def capacity_to_oruk(service: Service) -> dict:
    """Kith's `kith_capacity` extension: whether the service takes referrals now, how, and how long the wait."""
    return _record({"accepting_referrals": service.accepting_referrals, "referral_route": service.referral_route},
                   {"typical_wait_weeks": service.typical_wait_weeks, "confirmed_at": service.capacity_confirmed_at})


def service_to_oruk(service: Service, *, full: bool = True) -> dict:
    """One service as ORUK 3.0. Without `full`, its one-to-one fields and its organisation's (as a
    list page gives them); `full` nests everything about it (load it through `prefetch_services`)."""
    record = _record(
        {"id": service.pk, "name": service.name, "status": service.status},
        {"organization_id": service.organisation_id, "alternate_name": service.alternate_name,
         "description": service.description, "url": service.url, "email": service.email,
         "fees": service.fees_description, "eligibility_description": service.eligibility_description,
         "application_process": service.application_process, "minimum_age": service.minimum_age,
         "maximum_age": service.maximum_age,
         "assured_date": service.last_confirmed_at.date() if service.last_confirmed_at else None,
         "alert": service.alert, "last_modified": service.last_modified})
    record["kith_capacity"] = capacity_to_oruk(service)
    record["organization"] = organization_to_oruk(service.organisation, full=full)
    if not full:
        return record
    record.update(_record({}, {
        "schedules": [_schedule_to_oruk(s) for s in service.schedules.all()],
        "service_areas": [_record({"id": a.pk}, {"service_id": a.service_id, "name": a.name, "description": a.description,
                                                 "extent": a.extent, "extent_type": a.extent_type, "uri": a.uri})
                          for a in service.service_areas.all()],
        "service_at_locations": [service_at_location_to_oruk(link, full=True, nest_service=False)
                                 for link in service.service_at_locations.all()],
        "languages": [_language_to_oruk(lang) for lang in service.languages.all()],
        "funding": [_record({"id": f.pk}, {"service_id": f.service_id, "source": f.source}) for f in service.funding.all()],
        "cost_options": [_record({"id": c.pk}, {"service_id": c.service_id, "option": c.option, "amount": c.amount,
                                                "currency": c.currency, "amount_description": c.amount_description,
                                                "valid_from": c.valid_from, "valid_to": c.valid_to})
                         for c in service.cost_options.all()],
        "contacts": [_contact_to_oruk(c) for c in service.contacts.all()],
        "phones": [_phone_to_oruk(p) for p in service.phones.all()],
        "attributes": [_attribute_to_oruk(a) for a in service.attributes.all()],
    }))
    return record


def minimal_service_to_oruk(service: Service) -> dict:
    """`minimal=true`: the id and when it last changed, with the name and status the schema requires."""
    return _record({"id": service.pk, "name": service.name, "status": service.status},
                   {"last_modified": service.last_modified})


def prefetch_services(queryset: QuerySet, *, full: bool = True) -> QuerySet:
    """What `service_to_oruk` reads, in a fixed number of queries however many services there are."""
    queryset = queryset.select_related("organisation")
    if not full:
        return queryset
    return queryset.prefetch_related(
        Prefetch("schedules", _ordered(Schedule)),
        Prefetch("service_areas", _ordered(ServiceArea)),
        Prefetch("service_at_locations", _service_at_locations(_ordered(ServiceAtLocation), full=True,
                                                               with_service=False)),
        Prefetch("languages", _ordered(Language)),
        Prefetch("funding", _ordered(Funding)),
        Prefetch("cost_options", _ordered(CostOption)),
        Prefetch("contacts", _ordered(Contact).prefetch_related(Prefetch("phones", _phones()))),
        Prefetch("phones", _phones()),
        Prefetch("attributes", Attribute.objects.order_by("pk").select_related("taxonomy_term__taxonomy")),
    )


# Services at locations --------------------------------------------------------------------------

def service_at_location_to_oruk(link: ServiceAtLocation, *, full: bool = False, nest_service: bool = True) -> dict:
    """The link with its location (and its service's one-to-one fields, unless nested in that
    service); `full` adds the location's addresses, accessibility and phones and the link's schedules."""
    record = _record({"id": link.pk}, {"service_id": link.service_id, "location_id": link.location_id,
                                       "description": link.description})
    record["location"] = location_to_oruk(link.location, full=full)
    if nest_service:
        record["service"] = service_to_oruk(link.service, full=False)
    if full:
        record.update(_record({}, {"schedules": [_schedule_to_oruk(s) for s in link.schedules.all()]}))
    return record


def _service_at_locations(queryset: QuerySet, *, full: bool, with_service: bool = True) -> QuerySet:
    queryset = queryset.select_related("location", *(["service__organisation"] if with_service else []))
    if not full:
        return queryset
    return queryset.prefetch_related(*_location_prefetches("location__"), Prefetch("schedules", _ordered(Schedule)))


def prefetch_service_at_locations(queryset: QuerySet, *, full: bool = False) -> QuerySet:
    """What `service_at_location_to_oruk` reads, in a fixed number of queries."""
    return _service_at_locations(queryset, full=full)
