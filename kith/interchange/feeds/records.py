"""From one raw feed record to Kith's fields: cleaned, mapped from ORUK 1.0 names where a record
uses them, with a warning for each value left out or cut, or a reason the record is rejected.

The result is plain data (dicts of model field values), so that it can be hashed to tell an
unchanged record from a changed one before anything is read from or written to the database.
"""

import datetime
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from kith.directory import models as directory
from kith.organisations.identifiers import validate_org_id
from kith.organisations.models import Organisation, gss_code_validator

from . import cleaning

ORUK_1_NAMES = {"regular_schedules": "schedules", "physical_addresses": "addresses", "service_taxonomys": "attributes",
                "eligibilitys": "eligibility", "accessibility_for_disabilities": "accessibility"}
STATUSES = {choice.value for choice in directory.ServiceStatus}
DAYS = {"MO": "MO", "TU": "TU", "WE": "WE", "TH": "TH", "FR": "FR", "SA": "SA", "SU": "SU",
        "MONDAY": "MO", "TUESDAY": "TU", "WEDNESDAY": "WE", "THURSDAY": "TH", "FRIDAY": "FR", "SATURDAY": "SA",
        "SUNDAY": "SU", "1": "MO", "2": "TU", "3": "WE", "4": "TH", "5": "FR", "6": "SA", "7": "SU"}
PHONE = re.compile(r"^\+?[0-9 ()\-]{6,25}$")
POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}$")
NO_DESCRIPTION = "No description was given in the feed."


@dataclass
class Cleaned:
    """One record's outcome: `data` to write, or `reason` it was rejected; warnings either way."""

    entity: str
    external_id: str | None
    name: str | None = None
    data: dict | None = None
    reason: str | None = None
    warnings: list = field(default_factory=list)


def _max(model, name: str) -> int | None:
    return model._meta.get_field(name).max_length


class _Reader:
    """Reads values off one record, noting a warning for each one it must leave out or cut."""

    def __init__(self, warnings: list):
        self.warnings = warnings

    def text(self, raw: dict, keys, model, name: str, label: str, *, plain: bool = False) -> str:
        value = next((raw.get(k) for k in ([keys] if isinstance(keys, str) else keys) if cleaning.is_given(raw.get(k))), None)
        value = cleaning.plain_text(value) if plain else cleaning.text(value)
        limit = _max(model, name)
        if limit:
            value, cut = cleaning.truncate(value, limit)
            if cut:
                self.warnings.append(f"{label} was longer than {limit} characters and was cut short")
        return value or ""

    def url(self, raw: dict, keys, label: str) -> str:
        given = next((raw.get(k) for k in ([keys] if isinstance(keys, str) else keys) if cleaning.is_given(raw.get(k))), None)
        value = cleaning.url(given)
        if given is not None and value is None:
            self.warnings.append(f"{label} “{cleaning.shown(given)}” is not a web address, so it was left out")
        elif value is not None and len(value) > 500:
            self.warnings.append(f"{label} is longer than 500 characters, so it was left out")
            value = None
        return value or ""

    def email(self, raw: dict, label: str) -> str:
        given = raw.get("email")
        value = cleaning.email(given)
        if cleaning.is_given(given) and value is None:
            self.warnings.append(f"{label} “{cleaning.shown(given)}” is not an email address, so it was left out")
        return value or ""

    def age(self, value, label: str) -> int | None:
        found = cleaning.age(value)
        if cleaning.is_given(value) and found is None:
            self.warnings.append(f"{label} “{cleaning.shown(value)}” is not an age from 0 to 120, so it was left out")
        return found

    def date(self, value, label: str) -> datetime.date | None:
        if not cleaning.is_given(value):
            return None
        try:
            return datetime.date.fromisoformat(str(value).strip()[:10])
        except ValueError:
            self.warnings.append(f"{label} “{cleaning.shown(value)}” is not a date, so it was left out")
            return None

    def time(self, value, label: str) -> datetime.time | None:
        if not cleaning.is_given(value):
            return None
        match = re.fullmatch(r"(\d{1,2})[:.](\d{2})(?::(\d{2}))?(?:\.\d+)?(Z|[+-]\d{2}:?\d{2})?", str(value).strip())
        if match and int(match[1]) < 24 and int(match[2]) < 60:
            return datetime.time(int(match[1]), int(match[2]))
        self.warnings.append(f"{label} “{cleaning.shown(value)}” is not a time, so it was left out")
        return None


def _list(raw: dict, *keys) -> list:
    found = []
    for key in keys:
        value = raw.get(key)
        if isinstance(value, list):
            found += [item for item in value if isinstance(item, (dict, str))]
    return found


def _oruk_1_names(raw: dict) -> set[str]:
    names = {k for k in ORUK_1_NAMES if k in raw}
    for link in _list(raw, "service_at_locations"):
        if isinstance(link, dict):
            names |= {k for k in ORUK_1_NAMES if k in link}
            location = link.get("location")
            if isinstance(location, dict):
                names |= {k for k in ORUK_1_NAMES if k in location}
    return names


def organisation(raw, *, position: int) -> Cleaned:
    if not isinstance(raw, dict):
        return Cleaned("organisation", None, reason=f"organisation number {position} in the feed is not a JSON object")
    external_id = cleaning.identifier(raw.get("id"))
    name = cleaning.text(raw.get("name"))
    result = Cleaned("organisation", external_id, name)
    if external_id is None:
        result.reason = "the organisation has no id"
        return result
    if name is None:
        result.reason = "the organisation has no name"
        return result
    read = _Reader(result.warnings)
    description = read.text(raw, "description", Organisation, "description", "The description", plain=True)
    if not description:
        description = NO_DESCRIPTION
        result.warnings.append("the organisation has no description: Kith says so until someone adds one")
    fields = {
        "name": read.text(raw, "name", Organisation, "name", "The name"),
        "alternate_name": read.text(raw, "alternate_name", Organisation, "alternate_name", "The other name"),
        "description": description,
        "email": read.email(raw, "The email address"),
        "website": read.url(raw, ("website", "url", "uri"), "The website"),
    }
    org_id = _org_id(raw)
    if org_id:
        fields["org_id"] = org_id
    result.data = {"id": external_id, "fields": fields, "type": _organisation_type(org_id)}
    return result


def _org_id(raw: dict) -> str:
    for identifier in _list(raw, "organization_identifiers"):
        if isinstance(identifier, dict):
            scheme, value = cleaning.text(identifier.get("identifier_scheme")), cleaning.text(identifier.get("identifier"))
            if scheme and value:
                candidate = f"{scheme}-{value}"
                try:
                    validate_org_id(candidate)
                except ValidationError:
                    continue
                return candidate
    return ""


def _organisation_type(org_id: str) -> str:
    """Only a guess for a new record (ORUK has no such field); the LIO corrects it when verifying."""
    if org_id.startswith("GB-CHC") or org_id.startswith("GB-SC"):
        return "charity"
    if org_id.startswith("GB-LA"):
        return "council"
    if org_id.startswith("GB-COH"):
        return "charitable_company"
    return "community_group"


def service(raw, *, position: int) -> Cleaned:
    if not isinstance(raw, dict):
        return Cleaned("service", None, reason=f"record number {position} in the feed is not a JSON object")
    external_id = cleaning.identifier(raw.get("id"))
    name = cleaning.text(raw.get("name"))
    result = Cleaned("service", external_id, name)
    if external_id is None:
        result.reason = f"record number {position} in the feed has no id"
        return result
    if raw.get("_kith_unavailable"):
        result.reason = raw["_kith_unavailable"]
        return result
    if name is None:
        result.reason = "the service has no name"
        return result
    warnings = result.warnings
    old_names = _oruk_1_names(raw)
    if old_names:
        warnings.append("an ORUK 1.0-shaped record: read " + ", ".join(f"{k} as {ORUK_1_NAMES[k]}" for k in sorted(old_names)))
    read = _Reader(warnings)
    nested = raw.get("organization") if isinstance(raw.get("organization"), dict) else None
    organisation_id = cleaning.identifier(nested.get("id") if nested else None) or cleaning.identifier(raw.get("organization_id"))
    if nested is not None and not cleaning.identifier(nested.get("id")) and organisation_id:
        nested = {**nested, "id": organisation_id}   # a nested organisation that leaves its id to organization_id
    Service = directory.Service
    description = read.text(raw, "description", Service, "description", "The description", plain=True)
    if not description:
        description = NO_DESCRIPTION
        warnings.append("the service has no description: Kith says so until someone adds one")
    status = (cleaning.text(raw.get("status")) or "active").lower()
    if status not in STATUSES:
        warnings.append(f"the status “{cleaning.shown(raw.get('status'))}” is not one ORUK knows, so the service is taken to be active")
        status = "active"
    eligibility = [e for e in _list(raw, "eligibilitys", "eligibility") if isinstance(e, dict)]
    minimum = read.age(_first(raw, eligibility, "minimum_age"), "The minimum age")
    maximum = read.age(_first(raw, eligibility, "maximum_age"), "The maximum age")
    if minimum is not None and maximum is not None and maximum < minimum:
        warnings.append(f"the maximum age {maximum} is less than the minimum age {minimum}, so both were left out")
        minimum = maximum = None
    eligibility_text = raw.get("eligibility_description") or "; ".join(
        t for t in (cleaning.text(e.get("eligibility")) for e in eligibility) if t)
    fields = {
        "name": read.text(raw, "name", Service, "name", "The name"),
        "alternate_name": read.text(raw, "alternate_name", Service, "alternate_name", "The other name"),
        "description": description,
        "url": read.url(raw, "url", "The website"),
        "email": read.email(raw, "The email address"),
        "status": status,
        "fees_description": read.text(raw, ("fees_description", "fees"), Service, "fees_description", "The cost details"),
        "eligibility_description": read.text({"e": eligibility_text}, "e", Service, "eligibility_description", "Who it is for"),
        "application_process": read.text(raw, "application_process", Service, "application_process", "How to apply",
                                         plain=True),
        "minimum_age": minimum,
        "maximum_age": maximum,
        "alert": read.text(raw, "alert", Service, "alert", "The alert"),
    }
    links = _service_at_locations(raw, external_id, read)
    kinds = {link["location"]["fields"]["location_type"] for link in links}
    fields["in_person"] = not kinds or bool(kinds - {"virtual"})
    fields["online"] = "virtual" in kinds
    created_only = _capacity(raw)
    result.data = {
        "id": external_id,
        "organisation_id": organisation_id,
        "organisation": nested,
        "fields": fields,
        "created_only": created_only,
        "contacts": [_contact(c, f"{external_id}/contact/{i}", read) for i, c in enumerate(_list(raw, "contacts"))
                     if isinstance(c, dict)],
        "phones": _phones(raw, f"{external_id}/phone", read),
        "schedules": _schedules(raw, f"{external_id}/schedule", read),
        "service_areas": _service_areas(raw, f"{external_id}/area", read),
        "languages": _languages(raw, f"{external_id}/language", read),
        "cost_options": _cost_options(raw, f"{external_id}/cost", read),
        "funding": [{"id": _part_id(f, f"{external_id}/funding/{i}"), "fields": {"source": cleaning.truncate(cleaning.text(
            f.get("source")), 500)[0]}} for i, f in enumerate(_list(raw, "funding"))
            if isinstance(f, dict) and cleaning.text(f.get("source"))],
        "service_at_locations": links,
        "terms": _terms(raw),
    }
    _drop_repeated_ids(result.data, warnings)
    return result


def _drop_repeated_ids(data: dict, warnings: list) -> None:
    """Keep the first of the parts of one kind that share an id: each id is one record of the feed."""
    seen = set()

    def unique(items: list, kind: str) -> list:
        kept = []
        for item in items:
            if (kind, item["id"]) in seen:
                warnings.append(f"two {kind}s have the id “{item['id']}”: the second was left out")
                continue
            seen.add((kind, item["id"]))
            kept.append(item)
        return kept

    data["phones"] = unique(data["phones"], "phone")
    data["contacts"] = unique(data["contacts"], "contact")
    for contact in data["contacts"]:
        contact["phones"] = unique(contact["phones"], "phone")
    for key, kind in (("schedules", "opening time"), ("service_areas", "service area"), ("languages", "language"),
                      ("cost_options", "cost option"), ("funding", "funding"), ("service_at_locations", "location link")):
        data[key] = unique(data[key], kind)
    for link in data["service_at_locations"]:
        link["schedules"] = unique(link["schedules"], "opening time")
        link["location"]["addresses"] = unique(link["location"]["addresses"], "address")


def _capacity(raw: dict) -> dict:
    """Capacity from Kith's own `kith_capacity` extension, for a new record only: after that it is
    kept in Kith by the service itself."""
    given = raw.get("kith_capacity") if isinstance(raw.get("kith_capacity"), dict) else {}
    found = {}
    if isinstance(given.get("accepting_referrals"), bool):
        found["accepting_referrals"] = given["accepting_referrals"]
    if given.get("referral_route") in {choice.value for choice in directory.ReferralRoute}:
        found["referral_route"] = given["referral_route"]
    weeks = cleaning.number(given.get("typical_wait_weeks"))
    if weeks is not None and 0 <= weeks <= 104:
        found["typical_wait_weeks"] = int(weeks)
    if cleaning.is_given(given.get("confirmed_at")):
        try:
            moment = datetime.datetime.fromisoformat(str(given["confirmed_at"]).replace("Z", "+00:00"))
        except ValueError:
            return found
        found["capacity_confirmed_at"] = moment if moment.tzinfo else moment.replace(tzinfo=datetime.UTC)
    return found


def _first(raw: dict, eligibility: list, key: str):
    if cleaning.is_given(raw.get(key)):
        return raw.get(key)
    return next((e.get(key) for e in eligibility if cleaning.is_given(e.get(key))), None)


def _part_id(raw: dict, fallback: str) -> str:
    return cleaning.identifier(raw.get("id")) if isinstance(raw, dict) and cleaning.identifier(raw.get("id")) else fallback


def _contact(raw: dict, fallback: str, read: _Reader) -> dict:
    Contact = directory.Contact
    external_id = _part_id(raw, fallback)
    return {"id": external_id, "fields": {
        "name": read.text(raw, "name", Contact, "name", "A contact's name"),
        "title": read.text(raw, "title", Contact, "title", "A contact's job title"),
        "department": read.text(raw, "department", Contact, "department", "A contact's department"),
        "email": read.email(raw, "A contact's email address"),
    }, "phones": _phones(raw, f"{external_id}/phone", read)}


def _phones(raw: dict, prefix: str, read: _Reader) -> list:
    found = []
    for i, phone in enumerate(_list(raw, "phones")):
        if not isinstance(phone, dict):
            continue
        number = cleaning.text(phone.get("number"))
        if number is None:
            continue
        if not PHONE.match(number):
            read.warnings.append(f"the phone number “{number}” is not one Kith can use, so it was left out")
            continue
        found.append({"id": _part_id(phone, f"{prefix}/{i}"), "fields": {
            "number": number, "extension": (cleaning.text(phone.get("extension")) or "")[:10],
            "type": (cleaning.text(phone.get("type")) or "")[:20],
            "description": cleaning.truncate(cleaning.text(phone.get("description")), 200)[0] or ""}})
    return found


def _schedules(raw: dict, prefix: str, read: _Reader) -> list:
    found = []
    for i, schedule in enumerate(_list(raw, "schedules", "regular_schedules")):
        if not isinstance(schedule, dict):
            continue
        external_id = _part_id(schedule, f"{prefix}/{i}")
        given = schedule.get("byday") or schedule.get("weekday") or ""
        days = [DAYS.get(str(d).strip().upper()) for d in str(given).split(",") if str(d).strip()]
        if not days or None in days:
            read.warnings.append(f"an opening time has no day Kith can read (“{cleaning.shown(given)}”), so it was left out")
            continue
        opens = read.time(schedule.get("opens_at"), "An opening time")
        closes = read.time(schedule.get("closes_at"), "A closing time")
        if opens and closes and closes <= opens:
            read.warnings.append(f"an opening time closes ({closes:%H:%M}) before it opens ({opens:%H:%M}), so its times were left out")
            opens = closes = None
        valid_from = read.date(schedule.get("valid_from"), "A start date")
        valid_to = read.date(schedule.get("valid_to"), "An end date")
        if valid_from and valid_to and valid_to < valid_from:
            valid_from = valid_to = None
        freq = str(schedule.get("freq") or "WEEKLY").upper()
        interval = cleaning.number(schedule.get("interval"))
        for day in dict.fromkeys(days):
            found.append({"id": f"{external_id}/{day}", "fields": {
                "byday": day, "opens_at": opens, "closes_at": closes, "valid_from": valid_from, "valid_to": valid_to,
                "freq": freq if freq in ("WEEKLY", "MONTHLY") else "WEEKLY",
                "interval": int(interval) if interval is not None and 1 <= interval <= 52 else 1,
                "description": cleaning.truncate(cleaning.text(schedule.get("description")), 500)[0] or "",
                "notes": cleaning.truncate(cleaning.text(schedule.get("notes")), 500)[0] or "",
                "attending_type": (cleaning.text(schedule.get("attending_type")) or "")[:20]}})
    return found


def _service_areas(raw: dict, prefix: str, read: _Reader) -> list:
    found = []
    for i, area in enumerate(_list(raw, "service_areas")):
        if not isinstance(area, dict):
            continue
        code = None
        for candidate in (area.get("extent"), str(area.get("uri") or "").rstrip("/").rsplit("/", 1)[-1]):
            candidate = cleaning.text(candidate)
            try:
                gss_code_validator(candidate or "")
            except ValidationError:
                continue
            code = candidate
            break
        name = cleaning.text(area.get("name")) or cleaning.text(area.get("service_area")) or code
        if code is None:
            read.warnings.append(f"the service area “{name or '(no name)'}” has no GSS area code, so it was left out")
            continue
        found.append({"id": _part_id(area, f"{prefix}/{i}"), "fields": {
            "name": cleaning.truncate(name, 200)[0], "extent": code, "extent_type": "gss",
            "description": cleaning.truncate(cleaning.text(area.get("description")), 500)[0] or "",
            "uri": uri if (uri := cleaning.url(area.get("uri")) or "") and len(uri) <= 200 else ""}})
    return found


def _languages(raw: dict, prefix: str, read: _Reader) -> list:
    found = []
    for i, language in enumerate(_list(raw, "languages")):
        entry = {"name": language} if isinstance(language, str) else language
        name = cleaning.text(entry.get("name")) or cleaning.text(entry.get("language")) or cleaning.text(entry.get("code"))
        if name is None:
            continue
        found.append({"id": _part_id(entry, f"{prefix}/{i}"), "fields": {
            "name": name[:100], "code": (cleaning.text(entry.get("code")) or "")[:10].lower(),
            "note": cleaning.truncate(cleaning.text(entry.get("note")), 200)[0] or ""}})
    return found


def _cost_options(raw: dict, prefix: str, read: _Reader) -> list:
    found = []
    for i, cost in enumerate(_list(raw, "cost_options")):
        if not isinstance(cost, dict):
            continue
        amount = cleaning.number(cost.get("amount"))
        if amount is not None and not (0 <= amount < 10_000_000):
            read.warnings.append(f"the charge “{cleaning.shown(cost.get('amount'))}” is not an amount Kith can use, so it was left out")
            amount = None
        currency = (cleaning.text(cost.get("currency")) or "GBP").upper()
        found.append({"id": _part_id(cost, f"{prefix}/{i}"), "fields": {
            "option": cleaning.truncate(cleaning.text(cost.get("option")), 200)[0] or "",
            "amount": round(amount, 2) if amount is not None else None,
            "currency": currency if re.fullmatch(r"[A-Z]{3}", currency) else "GBP",
            "amount_description": cleaning.truncate(cleaning.text(cost.get("amount_description")), 300)[0] or "",
            "valid_from": read.date(cost.get("valid_from"), "A charge's start date"),
            "valid_to": read.date(cost.get("valid_to"), "A charge's end date")}})
    return found


def _terms(raw: dict) -> list:
    """Needs and service types as given: matched to the directory's terms when written."""
    found = []
    for attribute in _list(raw, "attributes", "service_taxonomys"):
        if not isinstance(attribute, dict):
            continue
        term = attribute.get("taxonomy_term") or attribute.get("taxonomy")
        if not isinstance(term, dict):
            term = {"id": attribute.get("taxonomy_term_id")}
        taxonomy = term.get("taxonomy") or term.get("vocabulary")
        if isinstance(taxonomy, dict):
            taxonomy = taxonomy.get("name")
        found.append({"id": cleaning.identifier(term.get("id")), "code": cleaning.text(term.get("code")),
                      "name": cleaning.text(term.get("name") or term.get("term")), "taxonomy": cleaning.text(taxonomy)})
    return [t for t in found if t["id"] or t["name"] or t["code"]]


def _service_at_locations(raw: dict, service_id: str, read: _Reader) -> list:
    found, locations_seen = [], set()
    for i, link in enumerate(_list(raw, "service_at_locations")):
        if not isinstance(link, dict) or not isinstance(link.get("location"), dict):
            if isinstance(link, dict) and link.get("location_id"):
                read.warnings.append("a location given only by its id could not be read, so it was left out")
            continue
        location = _location(link["location"], f"{service_id}/location/{i}", read)
        if location["id"] in locations_seen:
            continue
        locations_seen.add(location["id"])
        found.append({"id": _part_id(link, f"{service_id}/at/{location['id']}"), "location": location,
                      "fields": {"description": cleaning.truncate(cleaning.text(link.get("description")), 2000)[0] or ""},
                      "schedules": _schedules(link, f"{service_id}/at/{i}/schedule", read)
                      + _schedules(link["location"], f"{service_id}/at/{i}/location-schedule", read)})
    return found


def _postcode(value) -> str | None:
    compact = re.sub(r"\s+", "", str(value or "")).upper()
    if not POSTCODE.match(compact):
        return None
    return f"{compact[:-3]} {compact[-3:]}"


def _location(raw: dict, fallback: str, read: _Reader) -> dict:
    Location = directory.Location
    addresses = []
    for i, address in enumerate(_list(raw, "addresses", "physical_addresses", "postal_addresses")):
        if not isinstance(address, dict):
            continue
        postcode = _postcode(address.get("postal_code"))
        line_1, city = cleaning.text(address.get("address_1")), cleaning.text(address.get("city"))
        if not (postcode and line_1 and city):
            missing = "a UK postcode" if not postcode else "a first line" if not line_1 else "a town or city"
            read.warnings.append(f"an address (“{cleaning.text(address.get('address_1')) or ''}”) has no {missing}, so it was left out")
            continue
        country = (cleaning.text(address.get("country")) or "GB").upper()
        kind = cleaning.text(address.get("address_type")) or "physical"
        addresses.append({"id": _part_id(address, f"{fallback}/address/{i}"), "fields": {
            "address_1": line_1[:200], "address_2": (cleaning.text(address.get("address_2")) or "")[:200],
            "city": city[:100], "region": (cleaning.text(address.get("region")) or "")[:100],
            "state_province": (cleaning.text(address.get("state_province")) or "")[:100],
            "attention": (cleaning.text(address.get("attention")) or "")[:200], "postal_code": postcode,
            "country": country if re.fullmatch(r"[A-Z]{2}", country) else "GB",
            "address_type": kind if kind in ("physical", "postal", "virtual") else "physical"}})
    accessibility = "; ".join(t for t in (cleaning.text(a.get("description") or a.get("accessibility"))
                                          if isinstance(a, dict) else cleaning.text(a)
                                          for a in _list(raw, "accessibility", "accessibility_for_disabilities")) if t)
    accessibility, cut = cleaning.truncate(accessibility or None, 1000)
    if cut:
        read.warnings.append("a location's accessibility was longer than 1000 characters and was cut short")
    kind = cleaning.text(raw.get("location_type")) or "physical"
    latitude, longitude = cleaning.number(raw.get("latitude")), cleaning.number(raw.get("longitude"))
    if latitude is None or longitude is None or not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        if latitude is not None or longitude is not None:
            read.warnings.append(f"a location's point ({cleaning.shown(raw.get('latitude'))}, {cleaning.shown(raw.get('longitude'))}) "
                                 "is not on Earth, so it was left out")
        latitude = longitude = None
    postcode = addresses[0]["fields"]["postal_code"] if addresses else _postcode(raw.get("postcode"))
    name = (cleaning.text(raw.get("name")) or (addresses[0]["fields"]["address_1"] if addresses else None)
            or postcode or "Location")
    return {"id": _part_id(raw, fallback), "addresses": addresses, "fields": {
        "name": cleaning.truncate(name, 200)[0],
        "description": read.text(raw, "description", Location, "description", "A location's description", plain=True),
        "location_type": kind if kind in ("physical", "postal", "virtual") else "physical",
        "postcode": postcode or "", "latitude": float(latitude) if latitude is not None else None,
        "longitude": float(longitude) if longitude is not None else None,
        "accessibility": accessibility or "",
        "external_identifier": (cleaning.text(raw.get("external_identifier")) or "")[:100],
        "external_identifier_type": (cleaning.text(raw.get("external_identifier_type")) or "")[:50]}}
