"""Every endpoint answers in the ORUK 3.0 shapes, with and without a trailing slash, CORS always."""

import pytest

from kith.directory.models import ServiceAtLocation

from .conftest import LISTS, get_json, get_page, validate

pytestmark = pytest.mark.django_db


def test_root_names_the_version_profile_and_openapi_document(client):
    details = get_json(client, "/api/oruk/")
    validate(details, "api_details")
    assert details["version"] == "HSDS-UK-3.0"
    assert details["openapi_url"] == "http://testserver/api/oruk/openapi.json"
    assert get_json(client, details["openapi_url"])["openapi"].startswith("3.1")


@pytest.mark.parametrize("endpoint", sorted(LISTS))
def test_every_list_conforms_with_and_without_full(client, service, endpoint):
    for query in ("", "full=true", "full=false"):
        if endpoint.startswith("taxonom") and query:
            continue
        assert get_page(client, endpoint, query)["total_items"] >= 1


def test_service_list_shapes_minimal_one_to_one_and_full(client, service):
    minimal = get_page(client, "services", "minimal=true")["contents"][0]
    assert set(minimal) == {"id", "name", "status", "last_modified"}
    plain = get_page(client, "services")["contents"][0]
    assert plain["organization"]["id"] == str(service.organisation_id)
    assert "kith_capacity" in plain and "schedules" not in plain
    full = get_page(client, "services", "full=true")["contents"][0]
    assert full["schedules"] and full["service_at_locations"][0]["location"]["addresses"]


def test_each_record_by_id_conforms(client, service):
    link = ServiceAtLocation.objects.get(service=service)
    term = service.attributes.get().taxonomy_term
    record = get_json(client, f"/api/oruk/services/{service.pk}")
    validate(record, "service")
    assert record["attributes"][0]["taxonomy_term_id"] == str(term.pk)
    record = get_json(client, f"/api/oruk/service_at_locations/{link.pk}")
    validate(record, "service_at_location")
    assert record["location"]["addresses"] and record["schedules"]
    record = get_json(client, f"/api/oruk/organizations/{service.organisation_id}")
    validate(record, "organization")
    assert [s["id"] for s in record["services"]] == [str(service.pk)]
    assert "schedules" not in record["services"][0]
    record = get_json(client, f"/api/oruk/organizations/{service.organisation_id}?full_service=true")
    validate(record["services"][0], "service")
    assert record["services"][0]["schedules"]
    record = get_json(client, f"/api/oruk/taxonomies/{term.taxonomy_id}")
    validate(record, "taxonomy")
    assert {t["name"] for t in record["taxonomy_terms"]} == {"Family", "Parenting"}
    record = get_json(client, f"/api/oruk/taxonomy_terms/{term.pk}")
    validate(record, "taxonomy_term")
    assert record["parent_id"] == str(term.parent_id)


@pytest.mark.parametrize("path", ["services", "services/", "organizations", "organizations/", "taxonomy_terms/",
                                  "/services", "openapi.json"])
def test_paths_answer_with_or_without_a_slash_and_never_redirect(client, service, path):
    assert client.get(f"/api/oruk/{path}").status_code == 200
    assert client.get(f"/api/oruk/services/{service.pk}/").status_code == 200
    assert client.get(f"/api/oruk//services/{service.pk}").status_code == 200
    assert client.get("/api/oruk//")["Content-Type"] == "application/json"


def test_the_base_address_without_its_slash_answers_with_cors(client):
    response = client.get("/api/oruk")
    assert response.status_code == 200 and response["Access-Control-Allow-Origin"] == "*"
    assert response.json()["version"] == "HSDS-UK-3.0"


def test_unknown_ids_and_addresses_are_json_404s(client, service):
    for url in ("/api/oruk/services/3f7b145d-84af-42d7-8fae-eaca714b02b2", "/api/oruk/organizations/3f7b145d-84af-42d7-8fae-eaca714b02b2",
                "/api/oruk/taxonomies/3f7b145d-84af-42d7-8fae-eaca714b02b2", "/api/oruk/no_such_thing"):
        assert get_json(client, url, 404)["status"] == 404


def test_only_reading_methods_are_answered(client, service):
    for method in ("post", "put", "patch", "delete"):
        response = getattr(client, method)("/api/oruk/services")
        assert response.status_code == 405
        assert response.json()["status"] == 405
        assert response["Access-Control-Allow-Origin"] == "*"
        assert response["Allow"] == "GET, HEAD, OPTIONS"
    preflight = client.options("/api/oruk/services")
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert "GET" in preflight["Access-Control-Allow-Methods"]
    head = client.head(f"/api/oruk/services/{service.pk}")
    assert head.status_code == 200 and head["Access-Control-Allow-Origin"] == "*"


def test_pages_are_consistent_and_do_not_overlap(client, db):
    from kith.testing import factories

    factories.ServiceFactory.create_batch(7)
    seen = []
    for number in (1, 2, 3):
        page = get_page(client, "services", f"per_page=3&page={number}")
        assert (page["total_items"], page["total_pages"], page["page_number"]) == (7, 3, number)
        seen += [record["id"] for record in page["contents"]]
    assert len(seen) == len(set(seen)) == 7
    past = get_page(client, "services", "per_page=3&page=9")
    assert past["empty"] and past["size"] == 0 and past["last_page"]


def test_an_empty_list_is_one_empty_page(client, db):
    page = get_page(client, "services")
    assert (page["total_items"], page["total_pages"], page["empty"], page["last_page"]) == (0, 1, True, True)
