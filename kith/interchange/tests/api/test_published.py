"""Only published records leave Kith: never a service awaiting verification, closed, or of an
inactive organisation — not in a list, not by id, not nested in an organisation."""

import pytest

from kith.testing import factories

from .conftest import get_json, get_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def unpublished(db):
    links = [
        factories.ServiceAtLocationFactory(service__verification_status="awaiting"),
        factories.ServiceAtLocationFactory(service__verification_status="sent_back"),
        factories.ServiceAtLocationFactory(service__status="defunct"),
        factories.ServiceAtLocationFactory(service__status="inactive"),
        factories.ServiceAtLocationFactory(service__organisation__is_active=False),
    ]
    return links


def test_unpublished_services_are_in_no_list_and_not_found_by_id(client, unpublished):
    published = factories.ServiceAtLocationFactory()
    for endpoint in ("services", "service_at_locations"):
        page = get_page(client, endpoint, "per_page=200")
        assert [r.get("service_id", r["id"]) for r in page["contents"]] == [str(published.service_id)]
        assert page["total_items"] == 1
    for link in unpublished:
        get_json(client, f"/api/oruk/services/{link.service_id}", 404)
        get_json(client, f"/api/oruk/service_at_locations/{link.pk}", 404)


def test_organisations_are_published_when_active_and_verified_or_providing_a_published_service(client, unpublished):
    awaiting_with_service = factories.ServiceFactory(organisation__verification_status="awaiting").organisation
    awaiting_alone = factories.OrganisationFactory(verification_status="awaiting")
    verified_alone = factories.OrganisationFactory()
    inactive = unpublished[-1].service.organisation
    listed = {o["id"] for o in get_page(client, "organizations", "per_page=200")["contents"]}
    assert str(awaiting_with_service.pk) in listed and str(verified_alone.pk) in listed
    assert str(awaiting_alone.pk) not in listed and str(inactive.pk) not in listed
    get_json(client, f"/api/oruk/organizations/{awaiting_alone.pk}", 404)
    get_json(client, f"/api/oruk/organizations/{inactive.pk}", 404)


def test_an_organisations_unpublished_services_are_not_nested(client):
    organisation = factories.OrganisationFactory()
    published = factories.ServiceFactory(organisation=organisation)
    factories.ServiceFactory(organisation=organisation, verification_status="awaiting")
    factories.ServiceFactory(organisation=organisation, status="defunct")
    for query in ("", "?full_service=true"):
        record = get_json(client, f"/api/oruk/organizations/{organisation.pk}{query}")
        assert [s["id"] for s in record["services"]] == [str(published.pk)]
