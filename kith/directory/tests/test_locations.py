import pytest

from kith.core.models import Event
from kith.directory import models
from kith.testing import factories

# Saving a location looks its postcode up in the ONS Postcode Directory.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("sunderland_postcodes")]


def location_data(**overrides) -> dict:
    data = {"name": "Hendon Community Centre", "location_type": "physical", "address_1": "Toward Road",
            "address_2": "", "city": "Sunderland", "postal_code": "sr1 3sd", "accessibility": "Step-free entrance",
            "description": ""}
    data.update(overrides)
    return data


def test_member_adds_a_location_with_its_address_and_point(client, people, org_a):
    client.force_login(people["member_a"])
    assert client.get(f"/organisations/{org_a.pk}/locations/new/").status_code == 200
    response = client.post(f"/organisations/{org_a.pk}/locations/new/", location_data(is_family_hub="on"))
    assert response.status_code == 302 and response["Location"] == f"/organisations/{org_a.pk}/"
    location = models.Location.objects.get(organisation=org_a)
    assert location.postcode == "SR1 3SD" and location.is_family_hub
    assert location.latitude == pytest.approx(54.9, abs=0.05) and location.longitude == pytest.approx(-1.39, abs=0.05)
    address = location.addresses.get()
    assert (address.address_1, address.city, address.postal_code) == ("Toward Road", "Sunderland", "SR1 3SD")
    event = Event.objects.for_object(location).get()
    assert event.verb == "created" and event.after["address_1"] == "Toward Road"
    assert "has been saved" in client.get(response["Location"]).content.decode()


def test_a_well_formed_but_unknown_postcode_is_saved_without_a_point_and_the_user_is_told(client, people, org_a):
    client.force_login(people["member_a"])
    response = client.post(f"/organisations/{org_a.pk}/locations/new/", location_data(postal_code="ZZ9 9ZZ"), follow=True)
    location = models.Location.objects.get(organisation=org_a)
    assert location.postcode == "ZZ9 9ZZ" and location.latitude is None and location.longitude is None
    assert "we could not find the postcode ZZ9 9ZZ" in response.content.decode()


def test_changing_the_postcode_moves_the_point_and_is_audited(client, people, org_a):
    location = factories.LocationFactory(organisation=org_a, postcode="ZZ9 9ZZ", latitude=None, longitude=None)
    factories.AddressFactory(location=location, postal_code="ZZ9 9ZZ")
    client.force_login(people["member_a"])
    page = client.get(f"/locations/{location.pk}/edit/").content.decode()
    assert 'value="ZZ9 9ZZ"' in page
    client.post(f"/locations/{location.pk}/edit/", location_data(name=location.name, postal_code="SR2 7AA"))
    location.refresh_from_db()
    assert location.postcode == "SR2 7AA" and location.latitude is not None
    event = Event.objects.for_object(location).get()
    assert event.before["postal_code"] == "ZZ9 9ZZ" and event.after["postal_code"] == "SR2 7AA"
    assert location.addresses.count() == 1


def test_a_member_changing_a_location_puts_the_organisation_back_in_the_queue(client, people, org_a):
    location = factories.LocationFactory(organisation=org_a)
    client.force_login(people["member_a"])
    client.post(f"/locations/{location.pk}/edit/", location_data(name="Renamed"))
    org_a.refresh_from_db()
    assert org_a.verification_status == "awaiting"
    assert Event.objects.for_object(org_a).get().verb == "awaiting_verification"


def test_lio_staff_changing_a_location_leaves_the_organisation_verified(client, people, org_a):
    location = factories.LocationFactory(organisation=org_a)
    client.force_login(people["lio_staff"])
    client.post(f"/locations/{location.pk}/edit/", location_data(name="Renamed"))
    org_a.refresh_from_db()
    assert org_a.verification_status == "verified"


def test_an_online_location_needs_no_address(client, people, org_a):
    client.force_login(people["member_a"])
    response = client.post(f"/organisations/{org_a.pk}/locations/new/", location_data(
        location_type="virtual", address_1="", city="", postal_code=""))
    assert response.status_code == 302
    location = models.Location.objects.get(organisation=org_a)
    assert not location.addresses.exists() and location.postcode == ""


@pytest.mark.parametrize("overrides, message", [
    ({"name": ""}, "Enter the name of the location"),
    ({"postal_code": "SR1"}, "Enter a real postcode, like SR1 3SD"),
    ({"postal_code": "12345"}, "Enter a real postcode, like SR1 3SD"),
    ({"postal_code": "SR1 3SD SR1 3SD"}, "Enter a real postcode, like SR1 3SD"),
    ({"postal_code": ""}, "Enter the postcode"),
    ({"address_1": ""}, "Enter the first line of the address"),
    ({"city": "x" * 101}, "The town or city must be 100 characters or fewer"),
    ({"location_type": "teleporter"}, "Select the type of location"),
])
def test_location_form_refuses_bad_answers(client, people, org_a, overrides, message):
    client.force_login(people["member_a"])
    response = client.post(f"/organisations/{org_a.pk}/locations/new/", location_data(**overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not models.Location.objects.filter(organisation=org_a).exists()
