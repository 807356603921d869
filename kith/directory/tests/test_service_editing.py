import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from kith.core.models import Event
from kith.directory import models
from kith.testing import factories

pytestmark = pytest.mark.django_db


def service_data(**overrides) -> dict:
    data = {
        "name": "Baby Massage", "description": "Gentle massage for babies and parents.",
        "eligibility_description": "Parents of babies", "minimum_age": "0", "maximum_age": "1",
        "delivery": ["in_person"], "is_free": "yes", "cost_amount": "", "fees_description": "",
        "application_process": "Book by phone.", "url": "", "email": "", "phone": "", "status": "active",
    }
    data.update(overrides)
    return data


@pytest.fixture
def terms(db):
    theme = factories.TaxonomyTermFactory(name="Early years", code="early-years")
    return [factories.TaxonomyTermFactory(name=name, code=name.lower().replace(" ", "-"), parent=theme,
                                          taxonomy=theme.taxonomy) for name in ("Baby groups", "Play sessions")]


def test_member_adds_a_service_with_terms_and_locations(client, people, org_a, terms):
    location = factories.LocationFactory(organisation=org_a, name="Hendon Hub")
    client.force_login(people["member_a"])
    form_page = client.get(f"/organisations/{org_a.pk}/services/new/")
    assert form_page.status_code == 200
    assert "Early years" in form_page.content.decode() and "Hendon Hub" in form_page.content.decode()
    response = client.post(f"/organisations/{org_a.pk}/services/new/", service_data(
        taxonomy_terms=[str(terms[0].pk)], locations=[str(location.pk)], delivery=["in_person", "online"],
        phone="0191 555 1234", is_free="no", cost_amount="2.50", url="play.example.org"))
    service = models.Service.objects.get(name="Baby Massage")
    assert response.status_code == 302 and response["Location"] == f"/services/{service.pk}/opening-times/"
    assert service.organisation == org_a
    assert service.online and service.in_person and not service.by_phone
    assert list(service.taxonomy_terms.all()) == [terms[0]]
    assert [link.location for link in service.service_at_locations.all()] == [location]
    assert service.phones.get().number == "0191 555 1234"
    assert service.cost_options.get().amount == Decimal("2.50") and not service.is_free
    assert service.url == "https://play.example.org"
    assert service.verification_status == "awaiting"
    event = Event.objects.for_object(service).get()
    assert event.verb == "created" and event.actor == people["member_a"]
    assert event.after["taxonomy_terms"] == [str(terms[0].pk)] and event.after["locations"] == [str(location.pk)]


def test_member_edit_sends_a_verified_service_back_to_the_queue_with_before_and_after(client, people, org_a, terms):
    service = factories.ServiceFactory(organisation=org_a, name="Old Name", verification_status="verified")
    client.force_login(people["manager_a"])
    response = client.post(f"/services/{service.pk}/edit/", service_data(name="New Name", taxonomy_terms=[str(terms[1].pk)]))
    assert response.status_code == 302
    service.refresh_from_db()
    assert service.name == "New Name" and service.verification_status == "awaiting"
    event = Event.objects.for_object(service).get(verb="changed")
    assert event.before["name"] == "Old Name" and event.after["name"] == "New Name"
    assert event.before["taxonomy_terms"] == [] and event.after["taxonomy_terms"] == [str(terms[1].pk)]
    assert event.before["verification_status"] == "verified" and event.after["verification_status"] == "awaiting"


def test_lio_staff_edit_does_not_send_the_service_back_to_the_queue(client, people, org_a):
    service = factories.ServiceFactory(organisation=org_a, verification_status="verified")
    client.force_login(people["lio_staff"])
    client.post(f"/services/{service.pk}/edit/", service_data(name="Tidied Name"))
    service.refresh_from_db()
    assert service.name == "Tidied Name" and service.verification_status == "verified"
    assert Event.objects.for_object(service).get().actor == people["lio_staff"]


def test_saving_without_changes_neither_audits_nor_queues(client, people, org_a):
    service = factories.ServiceFactory(organisation=org_a, **{k: v for k, v in service_data().items()
                                                              if k in ("name", "description", "eligibility_description", "application_process")},
                                       minimum_age=0, maximum_age=1)
    client.force_login(people["member_a"])
    client.post(f"/services/{service.pk}/edit/", service_data())
    service.refresh_from_db()
    assert service.verification_status == "verified"
    assert not Event.objects.for_object(service).exists()


def test_edit_form_is_filled_in_and_unlinks_locations(client, people, org_a):
    service = factories.ServiceFactory(organisation=org_a, name="Linked", online=True, by_phone=True, in_person=False)
    link = factories.ServiceAtLocationFactory(service=service)
    models.Phone.objects.create(service=service, number="0191 000 0000")
    client.force_login(people["member_a"])
    page = client.get(f"/services/{service.pk}/edit/").content.decode()
    assert 'value="Linked"' in page and 'value="0191 000 0000"' in page
    assert f'value="{link.location.pk}" checked' in page
    assert 'value="online" checked' in page and 'value="in_person" checked' not in page
    client.post(f"/services/{service.pk}/edit/", service_data(name="Linked", locations=[]))
    assert not service.service_at_locations.exists()


def test_making_a_service_free_removes_its_charges(client, people, org_a):
    service = factories.ServiceFactory(organisation=org_a)
    models.CostOption.objects.create(service=service, option="Session", amount=Decimal("3"))
    client.force_login(people["member_a"])
    client.post(f"/services/{service.pk}/edit/", service_data(is_free="yes"))
    assert service.is_free and not service.cost_options.exists()


@pytest.mark.parametrize("overrides, message", [
    ({"name": ""}, "Enter the name of the service"),
    ({"name": "x" * 201}, "The name must be 200 characters or fewer"),
    ({"minimum_age": "12", "maximum_age": "5"}, "The oldest age must be the same as or more than the youngest age"),
    ({"minimum_age": "-1"}, "The youngest age must be 0 or more"),
    ({"maximum_age": "121"}, "The oldest age must be 120 or less"),
    ({"delivery": []}, "Select how the service is delivered"),
    ({"is_free": "no"}, "Enter the typical cost, or select yes if the service is free"),
    ({"is_free": "no", "cost_amount": "-3"}, "Enter a cost of more than £0"),
    ({"email": "not-an-email"}, "Enter an email address, like name@example.org"),
    ({"phone": "call me"}, "Enter a phone number, like 0191 123 4567"),
    ({"status": "exploded"}, "Select the service’s status"),
])
def test_service_form_refuses_bad_answers_with_a_clear_message(client, people, org_a, overrides, message):
    client.force_login(people["member_a"])
    response = client.post(f"/organisations/{org_a.pk}/services/new/", service_data(**overrides))
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page and message in page
    assert "<title>Error: " in page
    assert not models.Service.objects.filter(organisation=org_a).exists()


def test_another_organisations_location_cannot_be_linked(client, people, org_a, org_b):
    theirs = factories.LocationFactory(organisation=org_b)
    factories.LocationFactory(organisation=org_a)
    client.force_login(people["member_a"])
    response = client.post(f"/organisations/{org_a.pk}/services/new/", service_data(locations=[str(theirs.pk)]))
    assert response.status_code == 200 and "Select locations from the list" in response.content.decode()


def test_capacity_update_is_audited_and_stays_verified(client, people, org_a):
    service = factories.ServiceFactory(organisation=org_a, verification_status="verified",
                                       capacity_confirmed_at=timezone.now() - datetime.timedelta(days=30))
    client.force_login(people["member_a"])
    assert client.get(f"/services/{service.pk}/capacity/").status_code == 200
    response = client.post(f"/services/{service.pk}/capacity/",
                           {"accepting_referrals": "yes", "typical_wait_weeks": "6", "referral_route": "professional"})
    assert response.status_code == 302
    service.refresh_from_db()
    assert service.accepting_referrals and service.typical_wait_weeks == 6 and service.referral_route == "professional"
    assert timezone.now() - service.capacity_confirmed_at < datetime.timedelta(minutes=1)
    assert service.verification_status == "verified"
    event = Event.objects.for_object(service).get()
    assert event.verb == "capacity_updated" and event.before["typical_wait_weeks"] is None
    assert event.after["typical_wait_weeks"] == 6
    assert "Waiting list: about 6 weeks" in client.get(f"/services/{service.pk}/").content.decode()


@pytest.mark.parametrize("data, message", [
    ({"accepting_referrals": "yes", "typical_wait_weeks": "-2", "referral_route": "self"},
     "The typical wait cannot be negative: enter 0 if there is no wait"),
    ({"accepting_referrals": "yes", "typical_wait_weeks": "105", "referral_route": "self"},
     "The typical wait must be 104 weeks or fewer"),
    ({"accepting_referrals": "yes", "typical_wait_weeks": "soon", "referral_route": "self"},
     "Enter the typical wait as a whole number of weeks, like 3"),
    ({"typical_wait_weeks": "1", "referral_route": "self"}, "Select yes if the service is accepting referrals"),
    ({"accepting_referrals": "maybe", "referral_route": "self"}, "Select yes or no"),
    ({"accepting_referrals": "no", "referral_route": "carrier-pigeon"}, "Select how people can be referred"),
])
def test_capacity_form_refuses_bad_answers(client, people, org_a, data, message):
    service = factories.ServiceFactory(organisation=org_a, typical_wait_weeks=1)
    client.force_login(people["member_a"])
    response = client.post(f"/services/{service.pk}/capacity/", data)
    assert response.status_code == 200 and message in response.content.decode()
    service.refresh_from_db()
    assert service.typical_wait_weeks == 1


def test_closing_a_service_asks_first_then_hides_it(client, people, org_a):
    service = factories.ServiceFactory(organisation=org_a, name="Old Club")
    client.force_login(people["manager_a"])
    confirm = client.get(f"/services/{service.pk}/close/")
    assert confirm.status_code == 200 and "Close Old Club?" in confirm.content.decode()
    service.refresh_from_db()
    assert service.status == "active"
    response = client.post(f"/services/{service.pk}/close/")
    assert response["Location"] == f"/organisations/{org_a.pk}/"
    service.refresh_from_db()
    assert service.status == "inactive"
    assert Event.objects.for_object(service).get().verb == "closed"
    client.logout()
    assert client.get(f"/services/{service.pk}/").status_code == 404


def test_owner_confirms_the_details_are_still_correct(client, people, org_a):
    stale = timezone.now() - datetime.timedelta(days=300)
    service = factories.ServiceFactory(organisation=org_a, last_confirmed_at=stale)
    assert service.is_possibly_out_of_date
    client.force_login(people["member_a"])
    assert client.get(f"/services/{service.pk}/confirm/").status_code == 405
    response = client.post(f"/services/{service.pk}/confirm/")
    assert response.status_code == 302
    service.refresh_from_db()
    assert not service.is_possibly_out_of_date
    assert Event.objects.for_object(service).get().verb == "confirmed"


def test_sent_back_comment_shows_on_the_edit_form_and_service_page_only_to_editors(client, people, org_a):
    service = factories.ServiceFactory(organisation=org_a, verification_status="sent_back",
                                       verification_comment="Please add the opening times.")
    client.force_login(people["member_a"])
    for url in [f"/services/{service.pk}/edit/", f"/services/{service.pk}/", f"/organisations/{org_a.pk}/"]:
        assert "Please add the opening times." in client.get(url).content.decode(), url
    client.force_login(people["member_b"])
    assert "Please add the opening times." not in client.get(f"/services/{service.pk}/").content.decode()
    client.logout()
    for url in [f"/services/{service.pk}/", f"/organisations/{org_a.pk}/"]:
        assert "Please add the opening times." not in client.get(url).content.decode(), url


def test_sent_back_organisation_comment_shows_only_to_those_who_can_edit_it(client, people, org_a):
    org_a.verification_status = "sent_back"
    org_a.verification_comment = "Your charity number is wrong."
    org_a.save()
    client.force_login(people["member_a"])
    assert "Your charity number is wrong." in client.get(f"/organisations/{org_a.pk}/").content.decode()
    client.force_login(people["council_officer"])
    assert "Your charity number is wrong." not in client.get(f"/organisations/{org_a.pk}/").content.decode()


def test_the_capacity_form_does_not_say_the_reader_made_the_last_update(client, people, org_a):
    # A colleague, LIO staff or an import may have confirmed it: "You last updated this" misled them.
    service = factories.ServiceFactory(organisation=org_a, capacity_confirmed_at=timezone.now() - datetime.timedelta(days=3))
    client.force_login(people["member_a"])
    page = client.get(f"/services/{service.pk}/capacity/").content.decode()
    assert "Capacity was last confirmed on" in page and "You last updated this" not in page
