"""The receiving organisation's inbox: what it lists (never the person), filters and counts, the
choice of organisation, a constant number of queries; and referring someone on to another service."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kith.referrals import services
from kith.referrals.inbox import answering
from kith.core.models import Event
from kith.referrals.models import EventKind, Referral, Status
from kith.testing import factories

from .helpers import sent_referral

pytestmark = pytest.mark.django_db


def _inbox(client, query=""):
    response = client.get(f"/referrals/inbox/{query}")
    assert response.status_code == 200
    return response.content.decode()


def test_the_inbox_lists_what_was_received_without_the_person(client, people, service, org_b):
    received = sent_referral(service, by=people["member_b"], organisation=org_b)
    Referral.objects.filter(pk=received.pk).update(sent_at=timezone.now() - datetime.timedelta(days=9))
    sent_elsewhere = sent_referral(factories.ServiceFactory(organisation=org_b), by=people["member_a"],
                                   organisation=service.organisation)
    client.force_login(people["member_a"])
    page = _inbox(client)
    assert received.reference in page and "Little Steps" in page and "Beta Community Trust" in page
    assert "9 days ago" in page and "Not opened" in page
    assert sent_elsewhere.reference not in page
    for personal in ("Wearside", "07700", "sleep"):
        assert personal not in page
    assert not received.events.filter(kind="viewed").exists()  # the list is not a view of the person


def test_status_filter_and_counts(client, people, service, org_b):
    referrals = [sent_referral(service, by=people["member_b"], organisation=org_b) for _ in range(3)]
    answering.referral_open(referral=referrals[0], by=people["member_a"], organisation=service.organisation)
    client.force_login(people["member_a"])
    page = _inbox(client)
    assert "All (3)" in page and "Sent (2)" in page and "Opened (1)" in page
    page = _inbox(client, "?status=opened")
    assert referrals[0].reference in page and referrals[1].reference not in page
    page = _inbox(client, "?status=<script>&page=-4")
    assert all(r.reference in page for r in referrals) and "<script>" not in page


def test_someone_in_two_organisations_chooses_which(client, people, service, org_b):
    factories.MembershipFactory(user=people["member_b"], organisation=service.organisation)
    to_alpha = sent_referral(service, by=people["member_b"], organisation=org_b)
    to_beta = sent_referral(factories.ServiceFactory(organisation=org_b), by=people["member_a"],
                            organisation=service.organisation)
    client.force_login(people["member_b"])
    first = _inbox(client)
    assert "Organisation" in first and (to_alpha.reference in first) != (to_beta.reference in first)
    page = _inbox(client, f"?organisation={org_b.pk}")
    assert to_beta.reference in page and to_alpha.reference not in page
    other = factories.OrganisationFactory(name="Not Mine")
    assert "Not Mine" not in _inbox(client, f"?organisation={other.pk}")


def test_residents_and_administrators_without_an_organisation_have_no_inbox(client, people):
    for role in ("resident", "administrator"):
        client.force_login(people[role])
        assert client.get("/referrals/inbox/").status_code == 403


def test_the_inbox_takes_the_same_number_of_queries_however_many(client, people, service, org_b):
    sent_referral(service, by=people["member_b"], organisation=org_b)
    client.force_login(people["member_a"])
    _inbox(client)
    with CaptureQueriesContext(connection) as few:
        _inbox(client)
    others = [factories.ServiceFactory(organisation=service.organisation) for _ in range(3)]
    for index in range(12):
        sender = factories.OrganisationFactory(name=f"Sender {index}")
        sent_referral(others[index % 3], by=factories.MembershipFactory(organisation=sender).user, organisation=sender)
    with CaptureQueriesContext(connection) as many:
        page = _inbox(client)
    assert "Sender 11" in page
    assert len(many) == len(few)


def test_pages_of_twenty_five(client, people, service, org_b):
    for _ in range(27):
        sent_referral(service, by=people["member_b"], organisation=org_b)
    client.force_login(people["member_a"])
    assert _inbox(client).count("/referrals/") >= 25 and "Older" in _inbox(client)
    assert "Newer" in _inbox(client, "?page=2")


@pytest.fixture
def elsewhere(db):
    other = factories.OrganisationFactory(name="Gamma Advice")
    return factories.ServiceFactory(organisation=other, name="Debt Advice Drop-in", referral_route="professional")


@pytest.mark.parametrize("onward_agreed", [True, False])
def test_referring_on_starts_a_linked_referral(client, people, service, org_b, elsewhere, onward_agreed):
    referral = sent_referral(service, by=people["member_b"], organisation=org_b)
    referral.consents.update(shared_with_onward=onward_agreed)
    client.force_login(people["member_a"])
    page = client.get(f"/referrals/{referral.pk}/").content.decode()
    assert "Refer on to another service" in page
    page = client.get(f"/referrals/{referral.pk}/onward/?q=debt").content.decode()
    assert "Debt Advice Drop-in" in page and "Little Steps" not in page  # not the organisation's own
    response = client.post(f"/referrals/{referral.pk}/onward/", {"service": str(elsewhere.pk)})
    draft = Referral.objects.get(previous=referral)
    assert response.status_code == 302 and response.url == f"/referrals/drafts/{draft.pk}/consent/"
    assert draft.service == elsewhere and draft.referring_organisation == service.organisation and draft.is_draft
    shared = referral.events.filter(kind=EventKind.SHARED_ONWARD)
    audit = Event.objects.filter(verb="referral_shared_onward", object_id=str(referral.pk))
    if onward_agreed:
        assert draft.current_consent().shared_with_onward and draft.person_name == "Ada Wearside" and not draft.reason
        assert 'value="person"' in client.get(response.url).content.decode().replace(" checked", "")
        # The original's trail says which details went on, by whom and for which organisation, never their values.
        entry = shared.get()
        assert entry.actor == people["member_a"] and entry.actor_organisation == service.organisation
        assert "person_name" in entry.fields.split(",") and "reason" not in entry.fields
        assert "Wearside" not in entry.fields
        assert audit.get().after["onward_referral"] == str(draft.pk)
        assert "Details carried to an onward referral" in client.get(f"/referrals/{referral.pk}/").content.decode()
    else:
        assert draft.current_consent() is None and draft.person_name == ""
        assert not shared.exists() and not audit.exists()


def test_the_chain_shows_both_ways_to_those_who_may_see_each(client, people, service, org_b, elsewhere):
    first = sent_referral(service, by=people["member_b"], organisation=org_b)
    first.consents.update(shared_with_onward=True)
    client.force_login(people["member_a"])
    client.post(f"/referrals/{first.pk}/onward/", {"service": str(elsewhere.pk)})
    draft = Referral.objects.get(previous=first)
    draft.reason = "Debts piling up"
    draft.save()
    second = services.referral_send(referral=draft, by=people["member_a"])
    Referral.objects.filter(pk=first.pk).update(status=Status.ACCEPTED)
    page = client.get(f"/referrals/{first.pk}/").content.decode()
    assert "Referred on to" in page and second.reference in page
    assert 'value="referred_on" checked' in page  # the outcome offered is "referred on"
    assert "Referred on from" in client.get(f"/referrals/{second.pk}/").content.decode()
    client.force_login(people["member_b"])  # the first referrer may not see the second referral
    page = client.get(f"/referrals/{first.pk}/").content.decode()
    assert second.reference not in page


@pytest.mark.parametrize("data", [{}, {"service": "not-a-uuid"}, {"service": "00000000-0000-0000-0000-000000000000"},
                                  {"service": "<script>"}])
def test_a_bad_choice_of_service_gets_a_message(client, people, service, org_b, elsewhere, data):
    referral = sent_referral(service, by=people["member_b"], organisation=org_b)
    client.force_login(people["member_a"])
    response = client.post(f"/referrals/{referral.pk}/onward/", data)
    assert response.status_code == 200 and "govuk-error-summary" in response.content.decode()
    assert not Referral.objects.filter(previous=referral).exists()


def test_a_closed_referral_cannot_be_referred_on(client, people, service, org_b, elsewhere):
    referral = sent_referral(service, by=people["member_b"], organisation=org_b)
    Referral.objects.filter(pk=referral.pk).update(status=Status.CLOSED)
    client.force_login(people["member_a"])
    response = client.post(f"/referrals/{referral.pk}/onward/", {"service": str(elsewhere.pk)})
    assert "This referral is closed" in response.content.decode()
    assert not Referral.objects.filter(previous=referral).exists()


@pytest.mark.parametrize("query", ["<script>alert(1)</script>", "a\x00b", "x" * 100_000, "%_%"])
def test_hostile_searches_for_a_service_are_inert(client, people, service, org_b, elsewhere, query):
    referral = sent_referral(service, by=people["member_b"], organisation=org_b)
    client.force_login(people["member_a"])
    response = client.get(f"/referrals/{referral.pk}/onward/", {"q": query})
    assert response.status_code == 200 and "<script>alert" not in response.content.decode()
    response = client.get("/referrals/inbox/", {"q": query, "organisation": query, "status": query, "page": query})
    assert response.status_code == 200
