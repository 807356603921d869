"""The OpenAPI document describes exactly what is served, and needs nothing from the network."""

import pytest
from jsonschema import Draft202012Validator
from schemathesis.specs.openapi.definitions import OPENAPI_31

from kith.interchange.api import forms, openapi

from .conftest import get_json

DOCUMENT = openapi.document("http://testserver/api/oruk")
# Which form validates each list's query parameters.
FORMS = {"/services": forms.ServiceListForm, "/service_at_locations": forms.ServiceFilterForm,
         "/organizations": forms.OrganizationListForm, "/taxonomies": forms.PageForm,
         "/taxonomy_terms": forms.TaxonomyTermListForm, "/organizations/{id}": forms.OrganizationForm}


def _refs(value):
    if isinstance(value, dict):
        if isinstance(value.get("$ref"), str):
            yield value["$ref"]
        for inner in value.values():
            yield from _refs(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _refs(inner)


def test_it_is_a_valid_openapi_3_1_document():
    Draft202012Validator(OPENAPI_31).validate(DOCUMENT)


def test_every_reference_is_inside_the_document():
    components = DOCUMENT["components"]["schemas"]
    for ref in _refs(DOCUMENT):
        assert ref.startswith("#/components/schemas/"), ref
        assert ref.removeprefix("#/components/schemas/") in components, ref


def test_it_is_served_with_this_server_as_its_base(client, db):
    served = get_json(client, "/api/oruk/openapi.json")
    assert served["servers"] == [{"url": "http://testserver/api/oruk"}]
    assert served["paths"] == DOCUMENT["paths"]


@pytest.mark.parametrize("path", sorted(DOCUMENT["paths"]))
def test_each_paths_parameters_are_the_ones_its_form_takes(path):
    documented = {p["name"] for p in DOCUMENT["paths"][path]["get"]["parameters"] if p["in"] == "query"}
    form = FORMS.get(path)
    assert documented == (set(form.base_fields) if form else set())


def test_the_documented_limits_are_the_forms():
    page = {p["name"]: p["schema"] for p in DOCUMENT["paths"]["/services"]["get"]["parameters"]}
    assert (page["per_page"]["minimum"], page["per_page"]["maximum"]) == (1, forms.MAX_PER_PAGE)
    assert page["page"]["maximum"] == forms.MAX_PAGE
    assert page["proximity"]["maximum"] == forms.MAX_PROXIMITY
    assert page["search"]["maxLength"] == forms.MAX_SEARCH_LENGTH
