"""Subject access by an organisation's manager: exactly their organisation's referrals about the person,
everything held in them (details, consents, needs, statuses, the audit trail), each export recorded; a
search finding nothing and one finding only other organisations' referrals answer alike."""

import json
import re

import pytest

from kith.core.models import Event
from kith.referrals.models import EventKind, Referral, Status
from kith.referrals.privacy import erasure
from kith.testing import factories

from .privacy_support import sent_about

pytestmark = pytest.mark.django_db
URL = "/referrals/subject-access/"


@pytest.fixture
def org_c(db):
    return factories.OrganisationFactory(name="Gamma Health")


@pytest.fixture
def made(service, people, org_a, org_b, org_c, needs, django_capture_on_commit_callbacks):
    """Ada is referred to Alpha twice by Beta, and by Gamma to Gamma's own service; Bea once to Alpha."""
    capture = django_capture_on_commit_callbacks
    gamma_member = factories.MembershipFactory(organisation=org_c).user
    ada = dict(person_email="Ada@Example.org", date_of_birth="1990-03-27", decline_text="No places until spring")
    first = sent_about(capture, service, by=people["member_b"], organisation=org_b, **ada)
    first.needs.set(needs)
    second = sent_about(capture, service, by=people["member_b"], organisation=org_b, person_phone="+44 7700 900982")
    elsewhere = sent_about(capture, factories.ServiceFactory(organisation=org_c), by=gamma_member, organisation=org_c, **ada)
    bea = sent_about(capture, service, by=people["member_b"], organisation=org_b, person_name="Bea Roker",
                     person_phone="0191 496 0000")
    return {"first": first, "second": second, "elsewhere": elsewhere, "bea": bea}


def _iso(value):
    return value.isoformat() if value else None


def _page_text(page: str, searched: str) -> str:
    """The page without what differs between any two answers: the searched value and the form's CSRF token."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page).replace(searched, "X")


def _search(client, data, fmt=""):
    return client.post(URL + (f"?format={fmt}" if fmt else ""), data)


def test_a_manager_finds_their_organisations_referrals_about_the_person(client, people, made):
    client.force_login(people["manager_a"])
    response = _search(client, {"phone": "07700 900 982"}, "json")
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["organisation"] == "Alpha Family Support"
    assert sorted(r["reference"] for r in data["referrals"]) == sorted([made["first"].reference, made["second"].reference])
    assert made["elsewhere"].reference not in response.content.decode() and "Roker" not in response.content.decode()


def test_the_export_holds_every_field_and_the_audit_trail(client, people, made, needs):
    viewer = people["member_a"]
    client.force_login(viewer)
    client.get(f"/referrals/{made['first'].pk}/")  # an audited view
    client.force_login(people["manager_a"])
    data = json.loads(_search(client, {"email": " ada@EXAMPLE.org "}, "json").content)
    [item] = data["referrals"]
    assert item["person"] == {"person_name": "Ada Wearside", "person_email": "Ada@Example.org",
                              "person_phone": "07700 900 982", "preferred_contact": "phone", "date_of_birth": "1990-03-27",
                              "age": "", "postcode": "", "reason": made["first"].reason,
                              "decline_text": "No places until spring", "outcome_text": ""}
    current = Referral.objects.get(pk=made["first"].pk)  # opened by the viewing above
    assert item["status"] == current.get_status_display() and item["sent_at"] and item["opened_at"] == _iso(current.opened_at) and item["service"] == "Little Steps"
    assert item["referring_organisation"] == "Beta Community Trust" and item["receiving_organisation"] == "Alpha Family Support"
    assert item["needs"] == sorted(n.name for n in needs)
    [consent] = item["consents"]
    assert consent["given_by"] == "The person being referred" and consent["method"].startswith("Verbally")
    assert consent["shared_items"] == ["contact", "reason"] and consent["withdrawn_at"] is None
    assert "given_by_name" in consent and consent["recorded_by"] == people["member_b"].get_full_name()
    trail = [(e["what"], e["by"], e["organisation"]) for e in item["audit_trail"]]
    assert ("Sent", people["member_b"].get_full_name(), "Beta Community Trust") in trail
    assert ("Personal details viewed", viewer.get_full_name(), "Alpha Family Support") in trail
    viewed = next(e for e in item["audit_trail"] if e["what"] == "Personal details viewed")
    assert "person_name" in viewed["fields"]


def test_each_export_is_recorded_on_the_referral_and_in_the_audit(client, people, made):
    client.force_login(people["manager_a"])
    _search(client, {"name": "ADA  wearside", "date_of_birth": "27/3/1990"})
    _search(client, {"name": "ADA  wearside", "date_of_birth": "27/3/1990"}, "json")
    events = made["first"].events.filter(kind=EventKind.EXPORTED)
    assert [e.fields for e in events] == ["html", "json"]
    assert all(e.actor == people["manager_a"] and e.actor_organisation.name == "Alpha Family Support" for e in events)
    assert Event.objects.filter(verb="referral_exported", object_id=str(made["first"].pk)).count() == 2
    assert not made["elsewhere"].events.filter(kind=EventKind.EXPORTED).exists()
    assert not Event.objects.filter(verb="referral_exported", object_id=str(made["elsewhere"].pk)).exists()


def test_the_readable_page_shows_the_same_and_offers_the_download(client, people, made):
    client.force_login(people["manager_a"])
    page = _search(client, {"email": "ada@example.org"}).content.decode()
    assert made["first"].reference in page and "Ada Wearside" in page and "No places until spring" in page
    assert "Personal details viewed" in page or "Sent" in page
    assert "?format=json" in page and 'name="email" value="ada@example.org"' in page
    assert made["second"].reference not in page  # found by phone only, not by this email


def test_no_match_and_only_other_organisations_look_the_same(client, people, made, org_c):
    manager_c = factories.MembershipFactory(organisation=org_c, role="manager").user
    client.force_login(manager_c)
    # Gamma holds nothing about Bea (her only referral is Beta's to Alpha) and nothing about a stranger.
    bea = _search(client, {"phone": "0191 496 0000"}).content.decode()
    nobody = _search(client, {"phone": "0191 496 0999"}).content.decode()
    assert "holds no referrals about a person with these details" in bea
    assert _page_text(bea, "0191 496 0000") == _page_text(nobody, "0191 496 0999")
    assert made["bea"].reference not in bea


def test_the_identifiers_never_appear_in_an_address(client, people, made):
    client.force_login(people["manager_a"])
    assert client.get(URL + "?email=ada@example.org").content.decode().count("Ada Wearside") == 0


@pytest.mark.parametrize("data, message", [
    ({}, "Enter their email address, their phone number, or their name and date of birth"),
    ({"name": "Ada Wearside"}, "Enter their date of birth as well as their name"),
    ({"date_of_birth": "27 3 1990"}, "Enter their full name as well as their date of birth"),
    ({"name": "Ada", "date_of_birth": "31 2 1990"}, "Enter the date of birth as day, month and year"),
    ({"name": "Ada", "date_of_birth": "1 1 2999"}, "Date of birth must be in the past"),
    ({"email": "not an email"}, "Enter an email address in the correct format"),
    ({"phone": "12"}, "Enter a phone number"),
    ({"email": "a" * 300 + "@example.org"}, "254 characters or fewer"),
    ({"name": "<script>alert(1)</script>", "date_of_birth": "1 1 2000"}, None),
])
def test_bad_input_gets_a_message_and_records_nothing(client, people, made, data, message):
    client.force_login(people["manager_a"])
    response = _search(client, data, "json")
    assert response.status_code == 200
    body = response.content.decode()
    if message:
        assert message in body and "govuk-error-summary" in body
    assert "<script>alert" not in body
    assert not Event.objects.filter(verb="referral_exported").exists()


@pytest.mark.parametrize("role", ["member_a", "member_b", "resident", "lio_staff", "council_officer", "administrator"])
def test_only_managers_of_an_organisation_may_ask(client, people, made, role):
    client.force_login(people[role])
    assert client.get(URL).status_code == 403
    response = _search(client, {"phone": "07700 900 982"}, "json")
    assert response.status_code == 403 and "Wearside" not in response.content.decode()
    assert not Event.objects.filter(verb="referral_exported").exists()


def test_a_manager_of_several_organisations_says_which_one_asks(client, people, made, org_b):
    manager = people["manager_a"]
    factories.MembershipFactory(organisation=org_b, user=manager, role="manager")
    client.force_login(manager)
    assert "Select the organisation asking" in _search(client, {"phone": "07700 900 982"}).content.decode()
    data = json.loads(_search(client, {"phone": "07700 900 982", "organisation": str(org_b.pk)}, "json").content)
    assert data["organisation"] == "Beta Community Trust" and len(data["referrals"]) == 2
    assert made["first"].events.get(kind=EventKind.EXPORTED).actor_organisation == org_b


def test_an_anonymised_referral_is_found_no_more(client, people, made):
    erasure.referral_erase(referral=made["first"], by=people["manager_a"], organisation=made["first"].receiving_organisation)
    client.force_login(people["manager_a"])
    data = json.loads(_search(client, {"email": "ada@example.org"}, "json").content)
    assert data["referrals"] == []
    assert Referral.objects.get(pk=made["first"].pk).status == Status.CLOSED
