"""Withdrawing consent: recorded on the consent (never deleted), the referral closed and the person's
details erased at once, with the audit; only for those who may see the referral."""

import pytest

from kith.core.models import Event
from kith.referrals import signals
from kith.referrals.inbox import answering
from kith.referrals.models import Consent, EventKind, PersonKey, Referral, Status
from kith.referrals.privacy import erasure
from kith.testing import factories

from .privacy_support import raw_personal_values, sent_about

pytestmark = pytest.mark.django_db


@pytest.fixture
def referral(service, people, org_b, django_capture_on_commit_callbacks):
    return sent_about(django_capture_on_commit_callbacks, service, by=people["member_b"], organisation=org_b,
                      person_email="ada@example.org")


@pytest.mark.parametrize("role", ["member_a", "manager_a", "member_b"])
def test_withdrawing_consent_closes_the_referral_and_erases_the_person(client, people, referral, role):
    assert PersonKey.objects.filter(referral=referral).count() == 2
    client.force_login(people[role])
    page = client.get(f"/referrals/{referral.pk}/withdraw-consent/")
    assert page.status_code == 200 and "This cannot be undone" in page.content.decode()
    response = client.post(f"/referrals/{referral.pk}/withdraw-consent/")
    assert response.status_code == 302 and response.url == f"/referrals/{referral.pk}/"

    referral = Referral.objects.get(pk=referral.pk)
    assert referral.status == Status.CLOSED and referral.closed_at and referral.anonymised_at
    assert all(getattr(referral, name) == "" for name in erasure.ERASABLE_REFERRAL_FIELDS)
    assert all(value == "" for value in raw_personal_values(referral))
    assert not PersonKey.objects.filter(referral=referral).exists()
    consent = Consent.objects.get(referral=referral)  # kept, marked withdrawn
    assert consent.withdrawn_at is not None and consent.method == "verbal"
    assert referral.current_consent() is None
    event = referral.events.get(kind=EventKind.CONSENT_WITHDRAWN)
    assert event.actor == people[role] and (event.from_status, event.to_status) == (Status.SENT, Status.CLOSED)
    audit = Event.objects.get(verb="referral_consent_withdrawn")
    assert audit.actor == people[role] and audit.object_id == str(referral.pk)
    assert "Wearside" not in str(audit.before) + str(audit.after) + audit.object_repr


def test_the_page_after_withdrawal_shows_no_details_and_no_more_actions(client, people, referral):
    client.force_login(people["member_b"])
    client.post(f"/referrals/{referral.pk}/withdraw-consent/")
    page = client.get(f"/referrals/{referral.pk}/").content.decode()
    assert "Ada Wearside" not in page and "07700" not in page
    assert "Consent withdrawn" in page and "withdraw-consent/" not in page
    again = client.get(f"/referrals/{referral.pk}/withdraw-consent/").content.decode()
    assert "Consent has already been withdrawn" in again
    client.post(f"/referrals/{referral.pk}/withdraw-consent/")
    assert referral.events.filter(kind=EventKind.CONSENT_WITHDRAWN).count() == 1


def test_a_self_referrer_may_withdraw_their_own_consent(client, service, people, django_capture_on_commit_callbacks):
    resident = people["resident"]
    referral = sent_about(django_capture_on_commit_callbacks, service, by=resident, organisation=None)
    assert referral.self_referral
    client.force_login(resident)
    assert client.post(f"/referrals/{referral.pk}/withdraw-consent/").status_code == 302
    assert Referral.objects.get(pk=referral.pk).anonymised_at is not None


@pytest.mark.parametrize("role", ["resident", "lio_staff", "council_officer", "administrator", "other_org"])
def test_anyone_else_gets_not_found_and_nothing_changes(client, people, referral, role):
    user = factories.MembershipFactory(organisation=factories.OrganisationFactory(name="Gamma Trust"), role="manager").user \
        if role == "other_org" else people[role]
    client.force_login(user)
    for method in (client.get, client.post):
        response = method(f"/referrals/{referral.pk}/withdraw-consent/")
        assert response.status_code == 404
        assert referral.reference not in response.content.decode()
    referral = Referral.objects.get(pk=referral.pk)
    assert referral.status == Status.SENT and referral.person_name == "Ada Wearside"
    assert referral.current_consent() is not None


def test_withdrawal_tells_the_other_side_the_referral_closed(client, people, referral, django_capture_on_commit_callbacks):
    heard = []

    def listener(sender, **kwargs):
        heard.append((kwargs["from_status"], kwargs["to_status"]))

    signals.referral_status_changed.connect(listener)
    try:
        client.force_login(people["member_a"])
        with django_capture_on_commit_callbacks(execute=True):
            client.post(f"/referrals/{referral.pk}/withdraw-consent/")
    finally:
        signals.referral_status_changed.disconnect(listener)
    assert heard == [(Status.SENT, Status.CLOSED)]


def test_after_withdrawal_the_receiver_can_change_nothing(client, people, referral, org_a):
    client.force_login(people["member_b"])
    client.post(f"/referrals/{referral.pk}/withdraw-consent/")
    referral = Referral.objects.get(pk=referral.pk)
    assert answering.why_frozen(referral)
    with pytest.raises(answering.Refused):
        answering.referral_answer(referral=referral, by=people["member_a"], organisation=org_a, to_status=Status.ACCEPTED,
                                  version=referral.version)
    assert Referral.objects.get(pk=referral.pk).status == Status.CLOSED
