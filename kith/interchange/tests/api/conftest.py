"""A service with every related record filled in, and the schema validator the API tests use."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from jsonschema import Draft202012Validator

from kith.directory import models as directory
from kith.interchange.api import schemas
from kith.testing import factories


def validate(instance, name: str) -> None:
    """Raise unless `instance` conforms to the ORUK schema `name`, formats checked, references local."""
    schema = {"$ref": schemas.schema_url(name)}
    validator = Draft202012Validator(schema, registry=schemas.registry(),
                                     format_checker=Draft202012Validator.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])


def full_service(**fields) -> directory.Service:
    """A published service with one of everything the serialiser nests."""
    organisation = factories.OrganisationFactory(charity_number="1090095", company_number="01234567",
                                                 org_id="GB-CHC-1090095", website="https://org.example.org/")
    taxonomy = factories.TaxonomyFactory(name="Kith needs", uri="https://kith.example.org/taxonomy", version="1")
    theme, _ = directory.TaxonomyTerm.objects.get_or_create(
        taxonomy=taxonomy, code="family", defaults={"name": "Family", "description": "Families"})
    term, _ = directory.TaxonomyTerm.objects.get_or_create(
        taxonomy=taxonomy, code="parenting", defaults={"name": "Parenting", "parent": theme, "description": "Parents"})
    service = factories.ServiceFactory(
        organisation=organisation, url="https://org.example.org/stay-and-play", email="play@org.example.org",
        alternate_name="Play club", fees_description="Free", eligibility_description="Parents of under fives",
        alert="Closed on bank holidays", typical_wait_weeks=2, referral_route="self", **fields)
    location = factories.LocationFactory(organisation=organisation, accessibility="Step-free access",
                                         external_identifier="10092008082", external_identifier_type="UPRN")
    factories.AddressFactory(location=location)
    link = factories.ServiceAtLocationFactory(service=service, location=location, description="Upstairs hall")
    factories.ScheduleFactory(service=service, service_at_location=link, valid_from=datetime.date(2026, 1, 1))
    directory.Phone.objects.create(location=location, number="0191 123 4567")
    phone = directory.Phone.objects.create(service=service, number="0191 765 4321", type="voice")
    directory.Language.objects.create(phone=phone, name="Polish", code="pl")
    directory.Language.objects.create(service=service, name="English", code="en")
    contact = directory.Contact.objects.create(service=service, name="Ann Persona", title="Coordinator",
                                               email="ann@org.example.org")
    directory.Phone.objects.create(contact=contact, number="07700 900123")
    directory.ServiceArea.objects.create(service=service, name="Sunderland", extent="E08000024")
    directory.CostOption.objects.create(service=service, option="Per session", amount=Decimal("2.50"),
                                        amount_description="a session", valid_from=datetime.date(2026, 1, 1))
    directory.Funding.objects.create(service=service, source="The council")
    directory.Attribute.objects.create(service=service, taxonomy_term=term)
    service.capacity_confirmed_at = timezone.now()
    service.save()
    return service


@pytest.fixture
def service(db) -> directory.Service:
    return full_service()


ENVELOPE = {"total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty", "contents"}
# Each list endpoint, the ORUK schema of its page and of one record.
LISTS = {"services": ("service_list", "service"), "service_at_locations": ("service_at_location_list", "service_at_location"),
         "organizations": ("organization_list", "organization"), "taxonomies": ("taxonomy_list", "taxonomy"),
         "taxonomy_terms": ("taxonomy_term_list", "taxonomy_term")}


def get_json(client, url: str, status: int = 200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code, response.content[:500])
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    return response.json()


def get_page(client, endpoint: str, query: str = "") -> dict:
    """A list page, checked: the envelope complete and consistent, the page and each record conforming."""
    page = get_json(client, f"/api/oruk/{endpoint}{'?' + query if query else ''}")
    list_schema, record_schema = LISTS[endpoint]
    validate(page, list_schema)
    assert set(page) == ENVELOPE
    assert page["size"] == len(page["contents"])
    assert page["empty"] is (not page["contents"])
    assert page["first_page"] is (page["page_number"] == 1)
    assert page["last_page"] is (page["page_number"] >= page["total_pages"])
    for record in page["contents"]:
        validate(record, record_schema)
    return page
