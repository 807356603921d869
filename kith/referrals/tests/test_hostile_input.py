"""Hostile or mistaken input on every page: a GOV.UK error summary and nothing saved, never a 500."""

import datetime

import pytest
from django.utils import timezone

from kith.referrals.models import Consent

from .helpers import CONSENT, PERSON, start, walk_to_check

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
NEXT_YEAR = f"1 1 {timezone.localdate().year + 1}"

PERSON_CASES = [
    ({"person_name": ""}, "Enter the person’s full name"),
    ({"person_name": "A" * 201}, "200 characters or fewer"),
    ({"person_name": "Ada\x00Wearside"}, "Null characters are not allowed"),
    ({"preferred_contact": "carrier-pigeon"}, "Select how they would like to be contacted"),
    ({"person_email": "not-an-email"}, "Enter an email address in the correct format"),
    ({"preferred_contact": "email", "person_email": ""}, "Enter an email address, as email is the preferred way"),
    ({"person_phone": SCRIPT}, "Enter a phone number"),
    ({"person_phone": "123"}, "Enter a phone number"),
    ({"person_phone": "", "preferred_contact": "text"}, "Enter a phone number, as a call or text"),
    ({"date_of_birth": "31 2 2020"}, "Enter the date of birth as day, month and year"),
    ({"date_of_birth": "yesterday"}, "Enter the date of birth as day, month and year"),
    ({"date_of_birth": NEXT_YEAR}, "Date of birth must be in the past"),
    ({"date_of_birth": "1 1 1820"}, "Date of birth must be within the last 120 years"),
    ({"date_of_birth": "", "age": "200"}, "Age must be 120 or less"),
    ({"date_of_birth": "", "age": "-1"}, "Age must be 0 or more"),
    ({"date_of_birth": "", "age": "three"}, "Enter their age as a whole number"),
    ({"date_of_birth": "", "age": ""}, "Enter their date of birth or their age"),
    ({"postcode": "NOT A POSTCODE"}, "Enter a real postcode"),
    ({"postcode": SCRIPT}, "Enter a real postcode"),
    ({"postcode": "SR1\x003SD"}, "Null characters are not allowed"),
    ({"person_phone": "0" * 31}, "Enter a phone number"),
    ({"date_of_birth": "1" * 31}, "Enter the date of birth as day, month and year"),
    ({"person_email": "a" * 250 + "@example.org"}, "Email address must be 254 characters or fewer"),
]


@pytest.fixture
def draft(client, people, service):
    client.force_login(people["member_b"])
    draft = start(client, service)
    client.post(f"/referrals/drafts/{draft.pk}/consent/", CONSENT)
    return draft


def _assert_refused(response, message):
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page and "govuk-error-summary" in page
    assert message in page, page[page.find("govuk-error-summary"):][:1500]
    assert SCRIPT not in page


@pytest.mark.parametrize("change, message", PERSON_CASES)
def test_bad_personal_details_are_refused(client, draft, change, message):
    response = client.post(f"/referrals/drafts/{draft.pk}/person/", {**PERSON, **change})
    _assert_refused(response, message)
    draft.refresh_from_db()
    assert draft.person_name == "" and draft.postcode == ""


@pytest.mark.parametrize("data, message", [
    ({"reason": ""}, "Enter the reason for the referral"),
    ({"reason": "x" * 3001}, "3,000 characters or fewer"),
    ({"reason": "ok\x00"}, "Null characters are not allowed"),
    ({"reason": "ok", "needs": ["not-a-term"]}, "Select needs from the list"),
])
def test_bad_reasons_are_refused(client, draft, data, message):
    client.post(f"/referrals/drafts/{draft.pk}/person/", PERSON)
    response = client.post(f"/referrals/drafts/{draft.pk}/reason/", data)
    _assert_refused(response, message)
    draft.refresh_from_db()
    assert draft.reason == ""


@pytest.mark.parametrize("data, message", [
    ({}, "Select yes if the person has agreed"),
    ({"agreed": SCRIPT}, "Select yes if the person has agreed"),
    ({**CONSENT, "method": "telepathy"}, "Select how they agreed"),
    ({**CONSENT, "given_by": "neighbour"}, "Select who agreed"),
    ({**CONSENT, "shared_items": ["everything"]}, "Select only the listed details"),
    ({**CONSENT, "given_by": "parent_or_carer", "given_by_name": "G" * 201}, "Name must be 200 characters or fewer"),
])
def test_bad_consent_is_refused(client, people, service, data, message):
    client.force_login(people["member_b"])
    draft = start(client, service)
    response = client.post(f"/referrals/drafts/{draft.pk}/consent/", data)
    _assert_refused(response, message)
    assert not Consent.objects.filter(referral=draft).exists()


def test_scripts_are_shown_as_text(client, people, service):
    client.force_login(people["member_b"])
    draft = walk_to_check(client, service, person={**PERSON, "person_name": SCRIPT})
    page = client.get(f"/referrals/drafts/{draft.pk}/check/").content.decode()
    assert SCRIPT not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


@pytest.mark.parametrize("url", ["/referrals/services/not-a-uuid/", "/referrals/drafts/123/person/", "/referrals/sent/?page=-1",
                                 "/referrals/sent/?page=%00", "/referrals/00000000-0000-0000-0000-000000000000/"])
def test_odd_addresses_are_not_found_or_answered(client, people, url):
    client.force_login(people["member_b"])
    assert client.get(url).status_code in (200, 404)


def test_a_valid_date_in_several_forms_is_accepted(client, draft):
    for written in ("27/03/2023", "2023-03-27", "27 March 2023", " 27  3  2023 "):
        response = client.post(f"/referrals/drafts/{draft.pk}/person/", {**PERSON, "date_of_birth": written})
        assert response.status_code == 302, written
        draft.refresh_from_db()
        assert draft.date_of_birth == "2023-03-27"
    assert datetime.date.fromisoformat(draft.date_of_birth) < timezone.localdate()
