"""Who may read a sent referral, and the audit of every view of the person's details."""

import datetime

import pytest
from django.utils import timezone

from kith.referrals.models import EventKind, Referral
from kith.testing import factories

from .helpers import sent_referral, start

pytestmark = pytest.mark.django_db


@pytest.fixture
def referral(service, people, org_b):
    return sent_referral(service, by=people["member_b"], organisation=org_b)


@pytest.mark.parametrize("role", ["member_a", "manager_a", "member_b"])
def test_referring_and_receiving_organisations_see_the_details(client, people, referral, role):
    client.force_login(people[role])
    page = client.get(f"/referrals/{referral.pk}/").content.decode()
    assert "Ada Wearside" in page and "07700 900 982" in page and referral.reference in page
    view = referral.events.get(kind=EventKind.VIEWED)
    assert view.actor == people[role]
    assert view.actor_organisation == people[role].memberships.get().organisation
    assert view.fields == "person_name,person_phone,preferred_contact,reason"


@pytest.mark.parametrize("role", ["resident", "lio_staff", "council_officer", "administrator", "other_org"])
def test_anyone_else_gets_not_found_with_nothing_in_it(client, people, referral, role):
    user = factories.MembershipFactory(organisation=factories.OrganisationFactory(name="Gamma Trust")).user \
        if role == "other_org" else people[role]
    client.force_login(user)
    for url in (f"/referrals/{referral.pk}/", f"/referrals/{referral.pk}/sent/"):
        response = client.get(url)
        body = response.content.decode()
        assert response.status_code == 404
        for secret in ("Wearside", "07700", referral.reference, referral.service.name, "Beta Community Trust", "sleep"):
            assert secret not in body
    assert not referral.events.filter(kind=EventKind.VIEWED).exists()


def test_a_self_referrer_sees_their_own_referral_and_only_theirs(client, people, service):
    client.force_login(people["resident"])
    draft = start(client, service)
    client.post(f"/referrals/drafts/{draft.pk}/consent/", {"agreed": "yes", "shared_items": ["contact"]})
    client.post(f"/referrals/drafts/{draft.pk}/person/", {"person_name": "Ada", "preferred_contact": "email",
                                                         "person_email": "ada@example.org", "age": "3"})
    client.post(f"/referrals/drafts/{draft.pk}/reason/", {"reason": "Help with sleep"})
    client.post(f"/referrals/drafts/{draft.pk}/check/")
    assert client.get(f"/referrals/{draft.pk}/").status_code == 200
    other = factories.UserFactory()
    client.force_login(other)
    assert client.get(f"/referrals/{draft.pk}/").status_code == 404


def test_the_sent_list_shows_what_i_sent_without_personal_details(client, people, referral, service):
    other = sent_referral(service, by=people["member_a"], organisation=service.organisation)
    client.force_login(people["member_b"])
    page = client.get("/referrals/sent/").content.decode()
    assert referral.reference in page and other.reference not in page
    assert "Wearside" not in page and "Little Steps" in page
    assert not Referral.objects.get(pk=referral.pk).events.filter(kind=EventKind.VIEWED).exists()
    client.force_login(people["resident"])
    assert "You have not sent any referrals yet" in client.get("/referrals/sent/").content.decode()


def test_the_admin_lists_referrals_without_personal_details(client, people, referral):
    client.force_login(people["administrator"])
    for url in ("/admin/referrals/referral/", f"/admin/referrals/referral/{referral.pk}/change/",
                "/admin/referrals/referralevent/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Wearside" not in response.content.decode() and "07700" not in response.content.decode()


def test_a_referral_outlives_its_service_and_organisations(client, people, referral, service, org_b):
    service.delete()
    org_b.delete()
    referral.refresh_from_db()
    assert referral.service is None and referral.referring_organisation is None and not referral.self_referral
    client.force_login(people["member_a"])  # still the receiving organisation
    page = client.get(f"/referrals/{referral.pk}/").content.decode()
    assert "A service no longer listed" in page and "An organisation no longer listed" in page


def test_colleagues_follow_each_other_s_referrals_from_the_sent_list(client, people, referral, service, org_b):
    """member_b sent `referral` for Beta: a colleague at Beta finds it in the list; Alpha's members do not."""
    colleague = factories.MembershipFactory(organisation=org_b, role="member").user
    client.force_login(colleague)
    page = client.get("/referrals/sent/").content.decode()
    assert referral.reference in page and "A colleague" in page and "Wearside" not in page
    assert client.get(f"/referrals/{referral.pk}/").status_code == 200
    client.force_login(people["member_b"])
    assert ">You<" in client.get("/referrals/sent/").content.decode()
    client.force_login(people["member_a"])
    assert referral.reference not in client.get("/referrals/sent/").content.decode()


def test_the_inbox_leads_to_the_referrals_sent(client, people, referral):
    client.force_login(people["member_b"])
    assert 'href="/referrals/sent/"' in client.get("/referrals/inbox/").content.decode()


def test_the_sent_list_flags_a_referral_not_opened_in_time(client, people, referral):
    Referral.objects.filter(pk=referral.pk).update(sent_at=timezone.now() - datetime.timedelta(days=30))
    client.force_login(people["member_b"])
    assert "Not opened in time" in client.get("/referrals/sent/").content.decode()
