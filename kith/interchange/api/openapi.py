"""The OpenAPI 3.1 document of exactly what the API serves, self-contained: the vendored ORUK 3.0
schemas are embedded under components/schemas and their published URLs rewritten to point there,
so that tools (schemathesis, code generators) never fetch anything."""

import copy
import functools

from kith.directory.models import Weekday

from . import forms, schemas

ORUK = "oruk_"  # prefix of the embedded ORUK schemas' component names
DESCRIPTION = f"""\
Kith's directory as Open Referral UK (HSDS-UK-3.0), read-only and open to all: no key, CORS
`Access-Control-Allow-Origin: *` on every answer.

**What is published.** Services that are active and verified, of an active organisation; the
services at locations (and locations) of those services; organisations that are active and either
verified or providing a published service; all taxonomies and taxonomy terms.

**Capacity.** Every service carries Kith's extension field `kith_capacity` (schema `KithCapacity`):
whether it is accepting referrals now, its referral route, its typical wait in weeks and when its
capacity was last confirmed. The ORUK schemas allow extra properties, so records still conform.
Fields HSDS 3.0 defines but the ORUK schemas do not list (such as `alternate_name`,
`eligibility_description`, `phones`) appear under their HSDS names.

**Pages.** `page` from 1 to {forms.MAX_PAGE:,}; `per_page` from 1 to {forms.MAX_PER_PAGE} (default
{forms.DEFAULT_PER_PAGE}). `size` is the number of records on the page; `total_pages` is at least 1;
a page past the last is empty. Lists are in a stable order (services, organisations and services at
locations by id; taxonomies and terms by name), nearest first with `postcode` and `proximity`.

**Filters.** `search`: every word (the first {forms.MAX_WORDS}, at most {forms.MAX_SEARCH_LENGTH}
characters) in the name, description or organisation name, any case. `taxonomy_term_id`: that term,
or any term under it. `age`: minimum_age <= age <= maximum_age, a missing bound open. `day`: open on
that day (MO..SU) by a schedule of the service or its locations. `postcode` alone: services whose
service area is the postcode's local authority, or that record none; with `proximity` (metres, up to
{forms.MAX_PROXIMITY:,}): services with a location within that distance of the postcode (or, for a
postcode not held, its district's centre). `top_only` on taxonomy terms: terms with no parent.
`minimal` and `full` together are refused.

**Errors.** A parameter or id that is not valid gives 400 with `errors` naming it; an id no
published record has gives 404; a method other than GET, HEAD or OPTIONS gives 405. Paths answer
with or without a trailing slash.

The ORUK schemas are © Open Referral UK, published under a Creative Commons licence (see their
OpenAPI document), and embedded here unchanged but for their references.
"""


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _local_refs(value):
    """The schema with each published ORUK URL replaced by its embedded component."""
    if isinstance(value, dict):
        out = {key: _local_refs(inner) for key, inner in value.items()}
        ref = out.get("$ref")
        if isinstance(ref, str) and ref.startswith(schemas.BASE_URL):
            out["$ref"] = f"#/components/schemas/{ORUK}{ref[len(schemas.BASE_URL):].removesuffix('.json')}"
        return out
    if isinstance(value, list):
        return [_local_refs(inner) for inner in value]
    return value


def _parameter(name: str, schema: dict, description: str, where: str = "query") -> dict:
    return {"name": name, "in": where, "required": where == "path", "description": description, "schema": schema}


UUID = {"type": "string", "format": "uuid"}
BOOLEAN = {"type": "boolean"}
PAGE_PARAMETERS = [
    _parameter("page", {"type": "integer", "minimum": 1, "maximum": forms.MAX_PAGE, "default": 1}, "Page number, from 1."),
    _parameter("per_page", {"type": "integer", "minimum": 1, "maximum": forms.MAX_PER_PAGE,
                            "default": forms.DEFAULT_PER_PAGE}, "Records on a page."),
    _parameter("search", {"type": "string", "maxLength": forms.MAX_SEARCH_LENGTH},
               "Words that must all be found (any case)."),
    _parameter("format", {"type": "string", "enum": ["json"]}, "Only `json` is served."),
]
SERVICE_PARAMETERS = [
    _parameter("taxonomy_term_id", UUID, "Services with this term, or a term under it."),
    _parameter("taxonomy_id", UUID, "Services with any term of this taxonomy."),
    _parameter("organization_id", UUID, "Services of this organisation."),
    _parameter("modified_after", {"type": "string", "format": "date-time"}, "Services modified at or after this time."),
    _parameter("full", BOOLEAN, "Fully nested records."),
    _parameter("postcode", {"type": "string", "maxLength": 40},
               "A UK postcode or district: with `proximity`, the point to measure from; alone, the area to be served."),
    _parameter("proximity", {"type": "integer", "minimum": 1, "maximum": forms.MAX_PROXIMITY},
               "Metres from the postcode (needs `postcode`)."),
    _parameter("age", {"type": "integer", "minimum": 0, "maximum": forms.MAX_AGE}, "A person's age in years."),
    _parameter("day", {"type": "string", "enum": [day for day, _ in Weekday.choices]}, "Open on this day."),
]
ID_PARAMETER = _parameter("id", UUID, "The record's id.", where="path")


def _json(schema: dict, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


ERRORS = {
    "400": _json(_ref("Error"), "A query parameter or the id is not valid; `errors` names it."),
    "405": _json(_ref("Error"), "Only GET, HEAD and OPTIONS are answered."),
}


def _get(operation_id: str, summary: str, parameters: list, schema: dict, *, detail: bool = False) -> dict:
    responses = {"200": _json(schema, summary), **ERRORS}
    if detail:
        responses["404"] = _json(_ref("Error"), "No published record has this id.")
    return {"get": {"operationId": operation_id, "summary": summary, "parameters": parameters,
                    "responses": responses}}


def _list(name: str, items: dict | None = None) -> dict:
    """The ORUK list schema, with Kith's envelope (every field present) and what it adds to the items."""
    parts = [_ref(f"{ORUK}{name}_list"), _ref("Page")]
    if items:
        parts.append({"type": "object", "properties": {"contents": {"type": "array", "items": items}}})
    return {"allOf": parts}


# HSDS 3.0 fields of a service that the ORUK schemas do not list.
HSDS_SERVICE_FIELDS = {
    "alternate_name": {"type": "string"}, "eligibility_description": {"type": "string"},
    "application_process": {"type": "string"},
    "phones": {"type": "array", "items": _ref(f"{ORUK}phone")},
}


def _kith_components() -> dict:
    return {
        "Error": {"type": "object", "required": ["status", "message"], "properties": {
            "status": {"type": "integer"}, "message": {"type": "string"},
            "errors": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}}}},
        "Page": {"type": "object", "required": ["total_items", "total_pages", "page_number", "size", "first_page",
                                                "last_page", "empty", "contents"], "properties": {
            "total_items": {"type": "integer", "minimum": 0}, "total_pages": {"type": "integer", "minimum": 1},
            "page_number": {"type": "integer", "minimum": 1},
            "size": {"type": "integer", "minimum": 0, "maximum": forms.MAX_PER_PAGE},
            "first_page": {"type": "boolean"}, "last_page": {"type": "boolean"}, "empty": {"type": "boolean"},
            "contents": {"type": "array", "maxItems": forms.MAX_PER_PAGE}}},
        "KithCapacity": {"type": "object", "required": ["accepting_referrals", "referral_route"], "properties": {
            "accepting_referrals": {"type": "boolean", "description": "Taking new referrals now."},
            "referral_route": {"type": "string", "enum": ["self", "professional", "both", "signposting"],
                               "description": "Who may refer: people themselves, professionals, both, or nobody (signposting only)."},
            "typical_wait_weeks": {"type": "integer", "minimum": 0, "description": "Typical wait in weeks, when known."},
            "confirmed_at": {"type": "string", "format": "date-time", "description": "When the service last confirmed its capacity."}}},
        "KithService": {"allOf": [_ref(f"{ORUK}service"), {"type": "object", "properties": {
            "kith_capacity": _ref("KithCapacity"), **HSDS_SERVICE_FIELDS}}]},
        "KithOrganization": {"allOf": [_ref(f"{ORUK}organization"), {"type": "object", "properties": {
            "alternate_name": {"type": "string"},
            "services": {"type": "array", "items": _ref("KithService"),
                         "description": "Its published services: id, name, status and last_modified, or in full with full_service."}}}]},
        "ApiDetails": _ref(f"{ORUK}api_details"),
    }


@functools.cache
def _template() -> dict:
    with_capacity = {"type": "object", "properties": {"kith_capacity": _ref("KithCapacity"), **HSDS_SERVICE_FIELDS}}
    service_list = SERVICE_PARAMETERS + [_parameter("minimal", BOOLEAN, "Only id, name, status and last_modified.")]
    organisation_detail = [_parameter("full_service", BOOLEAN, "Nest full services rather than their ids and names.")]
    paths = {
        "/": _get("getAPIMetaInformation", "What this API is.", [], _ref("ApiDetails")),
        "/services": _get("getPaginatedListOfServices", "A page of services.",
                          PAGE_PARAMETERS + service_list, _list("service", with_capacity)),
        "/services/{id}": _get("getFullyNestedServiceById", "A fully nested service.", [ID_PARAMETER],
                               _ref("KithService"), detail=True),
        "/service_at_locations": _get("getPaginatedListOfServiceAtLocation", "A page of services at locations.",
                                      PAGE_PARAMETERS + SERVICE_PARAMETERS, _list("service_at_location")),
        "/service_at_locations/{id}": _get("getServiceAtLocationWithNestedDataById", "A fully nested service at a location.",
                                           [ID_PARAMETER], _ref(f"{ORUK}service_at_location"), detail=True),
        "/organizations": _get("getPaginatedListOfOrganizations", "A page of organisations.",
                               PAGE_PARAMETERS + [_parameter("full", BOOLEAN, "With identifiers and services.")]
                               + organisation_detail, _list("organization", _ref("KithOrganization"))),
        "/organizations/{id}": _get("getOrganizationById", "An organisation with its services.",
                                    [ID_PARAMETER] + organisation_detail, _ref("KithOrganization"), detail=True),
        "/taxonomies": _get("getPaginatedListOfTaxonomies", "A page of taxonomies.", PAGE_PARAMETERS,
                            _list("taxonomy")),
        "/taxonomies/{id}": _get("getTaxonomyById", "A taxonomy with its terms.", [ID_PARAMETER],
                                 _ref(f"{ORUK}taxonomy"), detail=True),
        "/taxonomy_terms": _get("getPaginatedListOfTaxonomyTerms", "A page of taxonomy terms.", PAGE_PARAMETERS + [
            _parameter("taxonomy_id", UUID, "Terms of this taxonomy."),
            _parameter("parent_id", UUID, "Terms directly under this term."),
            _parameter("top_only", BOOLEAN, "Only terms with no parent."),
        ], _list("taxonomy_term")),
        "/taxonomy_terms/{id}": _get("getTaxonomyTermById", "A taxonomy term.", [ID_PARAMETER],
                                     _ref(f"{ORUK}taxonomy_term"), detail=True),
    }
    components = {f"{ORUK}{name}": _local_refs(schemas.load(name)) for name in schemas.names()}
    components.update(_kith_components())
    return {
        "openapi": "3.1.0",
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "info": {"title": "Kith: Open Referral UK 3.0 API", "version": "HSDS-UK-3.0", "description": DESCRIPTION,
                 "license": {"name": "AGPL-3.0-or-later", "identifier": "AGPL-3.0-or-later"}},
        "paths": paths,
        "components": {"schemas": components},
    }


def document(base_url: str) -> dict:
    """The document, with the server at `base_url` (the API's root)."""
    doc = copy.deepcopy(_template())
    doc["servers"] = [{"url": base_url.rstrip("/")}]
    return doc
