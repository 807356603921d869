import pytest

from kith.directory.models import Service, ServiceAtLocation
from kith.interchange.api import serialise
from kith.testing import factories

from .conftest import full_service, validate

pytestmark = pytest.mark.django_db


def _loaded(service):
    return serialise.prefetch_services(Service.objects.filter(pk=service.pk)).get()


def test_full_service_conforms_and_nests_everything(service):
    record = serialise.service_to_oruk(_loaded(service))
    validate(record, "service")
    for key in ("schedules", "service_areas", "service_at_locations", "languages", "funding", "cost_options",
                "contacts", "phones", "attributes", "organization"):
        assert record[key], key
    location = record["service_at_locations"][0]["location"]
    assert location["addresses"][0]["postal_code"] == "SR1 3SD"
    assert location["accessibility"][0]["description"] == "Step-free access"
    assert record["attributes"][0]["taxonomy_term"]["name"] == "Parenting"
    assert record["cost_options"][0]["amount"] == 2.5
    assert record["contacts"][0]["phones"][0]["number"] == "07700 900123"
    assert record["phones"][0]["languages"][0]["code"] == "pl"
    assert {i["identifier_scheme"] for i in record["organization"]["organization_identifiers"]} == {"GB-CHC", "GB-COH"}


def test_capacity_is_an_extension_field_that_keeps_the_schema(service):
    record = serialise.service_to_oruk(_loaded(service), full=False)
    validate(record, "service")
    assert record["kith_capacity"]["accepting_referrals"] is True
    assert record["kith_capacity"]["referral_route"] == "self"
    assert record["kith_capacity"]["typical_wait_weeks"] == 2
    assert record["kith_capacity"]["confirmed_at"].endswith("Z")


def test_empty_optional_fields_are_left_out(db):
    service = factories.ServiceFactory(minimum_age=None, maximum_age=None, last_confirmed_at=None)
    record = serialise.service_to_oruk(_loaded(service))
    validate(record, "service")
    for key in ("url", "email", "alert", "minimum_age", "maximum_age", "assured_date", "schedules", "contacts",
                "attributes", "alternate_name"):
        assert key not in record, key
    assert "typical_wait_weeks" not in record["kith_capacity"]

    def no_empties(value):
        if isinstance(value, dict):
            for inner in value.values():
                no_empties(inner)
        elif isinstance(value, list):
            assert value
            for inner in value:
                no_empties(inner)
        else:
            assert value is not None and value != ""

    no_empties(record)


def test_last_modified_is_utc_with_milliseconds(service):
    record = serialise.service_to_oruk(_loaded(service), full=False)
    assert record["last_modified"][-5] == "." and record["last_modified"].endswith("Z")


def test_service_at_location_full_and_list_shapes_conform(service):
    queryset = ServiceAtLocation.objects.filter(service=service)
    for full in (False, True):
        link = serialise.prefetch_service_at_locations(queryset, full=full).get()
        record = serialise.service_at_location_to_oruk(link, full=full)
        validate(record, "service_at_location")
        assert record["service"]["id"] == str(service.pk)
        assert ("addresses" in record["location"]) is full


def test_taxonomy_and_term_conform(service):
    term = service.attributes.get().taxonomy_term
    validate(serialise.taxonomy_term_to_oruk(term), "taxonomy_term")
    record = serialise.taxonomy_to_oruk(term.taxonomy, terms=list(term.taxonomy.terms.select_related("taxonomy")))
    validate(record, "taxonomy")
    assert len(record["taxonomy_terms"]) == 2


def test_every_full_service_of_a_generated_directory_conforms(db):
    from kith.directory import demo

    demo.generate_directory(seed=3, organisations=10, services=30)
    full_service()
    for service in serialise.prefetch_services(Service.objects.all()):
        validate(serialise.service_to_oruk(service), "service")


def test_the_validator_checks_formats_and_never_fetches(service):
    """The check above could not pass by accident: a bad email, date-time or uuid is caught, and a
    reference to a schema not vendored fails instead of going to the network."""
    from jsonschema import Draft202012Validator
    from referencing.exceptions import Unresolvable

    from kith.interchange.api import schemas

    record = serialise.service_to_oruk(_loaded(service), full=False)
    for key, bad in (("email", "not an email"), ("last_modified", "yesterday"), ("id", "42")):
        with pytest.raises(AssertionError):
            validate({**record, key: bad}, "service")
    validator = Draft202012Validator({"$ref": "https://openreferraluk.org/specifications/3.0/schema/nowhere.json"},
                                     registry=schemas.registry())
    with pytest.raises(Unresolvable):
        validator.validate({})
