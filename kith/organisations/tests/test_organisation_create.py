import pytest

from kith.core.models import Event
from kith.organisations.models import Organisation

pytestmark = pytest.mark.django_db

NEW = {"name": "Gamma Youth Club", "description": "Youth club for 11 to 18 year olds.", "organisation_type": "community_group",
       "income_band": "micro", "volunteers": "6", "areas_served": "E08000024"}


@pytest.mark.parametrize("role", ["lio_staff", "administrator"])
def test_lio_staff_and_administrators_add_an_organisation(client, sign_in, people, role):
    sign_in(role)
    assert "Add an organisation" in client.get("/organisations/new/").content.decode()
    response = client.post("/organisations/new/", NEW, follow=True)
    organisation = Organisation.objects.get(name="Gamma Youth Club")
    assert response.redirect_chain[-1][0] == f"/organisations/{organisation.pk}/members/"
    assert "Gamma Youth Club has been added" in response.content.decode()
    assert organisation.verification_status == "awaiting"
    assert (organisation.volunteers, organisation.areas_served) == (6, ["E08000024"])
    event = Event.objects.for_object(organisation).get(verb="created")
    assert event.actor == people[role]
    assert event.before is None and event.after["name"] == "Gamma Youth Club"


def test_the_new_organisation_can_then_be_given_a_manager(client, sign_in):
    sign_in("lio_staff")
    client.post("/organisations/new/", NEW)
    organisation = Organisation.objects.get(name="Gamma Youth Club")
    response = client.post(f"/organisations/{organisation.pk}/invite/", {"email": "lead@gamma.example.org", "role": "manager"})
    assert response.status_code == 302
    assert organisation.invitations.get().role == "manager"


def test_lio_staff_cannot_add_an_lio_or_a_council(client, sign_in):
    sign_in("lio_staff")
    for kind in ["lio", "council"]:
        response = client.post("/organisations/new/", {**NEW, "organisation_type": kind})
        assert response.status_code == 200
        assert "Select the type of organisation from the list" in response.content.decode()
    assert not Organisation.objects.filter(name="Gamma Youth Club").exists()


def test_administrators_can_add_a_council(client, sign_in):
    sign_in("administrator")
    assert client.post("/organisations/new/", {**NEW, "organisation_type": "council"}).status_code == 302


def test_errors_on_the_add_form_are_shown(client, sign_in):
    sign_in("lio_staff")
    response = client.post("/organisations/new/", {**NEW, "name": "", "staff": "-1"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Enter the organisation’s name" in html and "must be 0 or more" in html
    assert "<title>Error: Add an organisation" in html
