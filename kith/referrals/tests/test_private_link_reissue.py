"""A receiving organisation sends a self-referrer a new private link when the old one is lost: the old link
stops working, the new one is emailed to the address the person gave (link and reference only) or shown
once to read out, and it is audited. Only for self-referrals still holding the person's details."""

import re

import pytest
from django.core import mail

from kith.core.models import Event
from kith.referrals import services
from kith.referrals.models import EventKind, Referral, ReferralEvent
from kith.referrals.private.links import token_hash
from kith.referrals.privacy import erasure

from .helpers import REASON, sent_referral

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://[^\s\"<]*/referrals/private/([A-Za-z0-9_-]{43})/")


def _self_referral(resident, service, *, email: str = "") -> Referral:
    draft = services.referral_start(service=service, by=resident, organisation=None)
    services.consent_record(referral=draft, by=resident, given_by="person", method="online",
                            shared_items=["contact", "reason"], shared_with_onward=False)
    draft.person_name, draft.person_phone, draft.person_email = "Ada Wearside", "07700 900 982", email
    draft.preferred_contact, draft.reason = "phone", REASON
    draft.save()
    return services.referral_send(referral=draft, by=resident)


@pytest.fixture
def resident(people):
    return people["resident"]


def _reissue(client, referral, capture):
    """Send a new link and return the page that follows (or the refusal)."""
    with capture(execute=True):
        response = client.post(f"/referrals/{referral.pk}/private-link/")
    if response.status_code != 302:
        return response
    assert response.url == f"/referrals/{referral.pk}/private-link/"
    return client.get(response.url)


def test_the_receiver_sees_the_action_on_a_self_referral_only(client, people, service, resident, org_b):
    own = _self_referral(resident, service, email="ada.wearside@example.org")
    professional = sent_referral(service, by=people["member_b"], organisation=org_b)
    client.force_login(people["member_a"])
    assert "Send a new private link" in client.get(f"/referrals/{own.pk}/").content.decode()
    assert "Send a new private link" not in client.get(f"/referrals/{professional.pk}/").content.decode()
    # The self-referrer sees their referral, but sending links is the organisation's.
    client.force_login(resident)
    assert "Send a new private link" not in client.get(f"/referrals/{own.pk}/").content.decode()
    assert client.get(f"/referrals/{own.pk}/private-link/").status_code == 404


def test_a_new_link_is_emailed_to_the_person_and_the_old_one_stops_working(
        client, people, service, resident, django_capture_on_commit_callbacks):
    referral = _self_referral(resident, service, email="ada.wearside@example.org")
    old = referral.private_link_token
    mail.outbox.clear()
    client.force_login(people["member_a"])
    asking = client.get(f"/referrals/{referral.pk}/private-link/").content.decode()
    assert "email the new link to the email address they gave" in asking
    response = _reissue(client, referral, django_capture_on_commit_callbacks)
    page = response.content.decode()
    assert response.status_code == 200 and "We have emailed the new link" in page
    assert not LINK.search(page) and response["Cache-Control"] == "no-store"
    [email] = mail.outbox
    assert email.to == ["ada.wearside@example.org"] and referral.reference in email.subject
    body = email.body + email.alternatives[0][0]
    new = LINK.search(email.body).group(1)
    for personal in ("Wearside", "07700", "sleep", service.name):
        assert personal not in body and personal not in email.subject
    client.logout()
    assert client.get(f"/referrals/private/{old}/").status_code == 404
    assert client.get(f"/referrals/private/{new}/").status_code == 200
    event = ReferralEvent.objects.get(referral=referral, kind=EventKind.LINK_REISSUED)
    assert event.actor == people["member_a"] and event.actor_organisation == service.organisation
    assert event.fields == "person_email"
    audit = Event.objects.get(verb="referral_private_link_reissued", object_id=str(referral.pk))
    assert audit.actor == people["member_a"] and audit.after == {"emailed": True}


def test_without_an_email_the_link_is_shown_once_to_read_out(client, people, service, resident,
                                                             django_capture_on_commit_callbacks):
    referral = _self_referral(resident, service)
    old = referral.private_link_token
    mail.outbox.clear()
    client.force_login(people["manager_a"])
    assert "shown to you once" in client.get(f"/referrals/{referral.pk}/private-link/").content.decode()
    response = _reissue(client, referral, django_capture_on_commit_callbacks)
    page = response.content.decode()
    new = LINK.search(page).group(1)
    assert mail.outbox == [] and response["Cache-Control"] == "no-store"
    assert response["Referrer-Policy"] == "no-referrer"
    assert Referral.objects.get(pk=referral.pk).private_link_hash == token_hash(new) != token_hash(old)
    # Once: neither the referral's page nor the page after sending, reloaded, shows it again.
    assert new not in client.get(f"/referrals/{referral.pk}/").content.decode()
    again = client.get(f"/referrals/{referral.pk}/private-link/").content.decode()
    assert new not in again and "Send a new private link" in again
    assert Referral.objects.get(pk=referral.pk).private_link_hash == token_hash(new)  # reloading sent no other
    assert Event.objects.get(verb="referral_private_link_reissued").after == {"emailed": False}
    assert ReferralEvent.objects.get(referral=referral, kind=EventKind.LINK_REISSUED).fields == ""
    client.logout()
    assert client.get(f"/referrals/private/{new}/").status_code == 200


@pytest.mark.parametrize("ending", ["withdrawn", "erased"])
def test_no_new_link_once_consent_is_withdrawn_or_details_erased(client, people, service, resident, ending,
                                                                 django_capture_on_commit_callbacks):
    referral = _self_referral(resident, service, email="ada.wearside@example.org")
    if ending == "withdrawn":
        erasure.consent_withdraw(referral=referral, by=people["member_a"], organisation=service.organisation)
    else:
        erasure.referral_erase(referral=referral, by=people["manager_a"], organisation=service.organisation)
    before = Referral.objects.get(pk=referral.pk).private_link_hash
    mail.outbox.clear()
    client.force_login(people["member_a"])
    assert "Send a new private link" not in client.get(f"/referrals/{referral.pk}/").content.decode()
    assert "You cannot send a new private link" in client.get(f"/referrals/{referral.pk}/private-link/").content.decode()
    response = _reissue(client, referral, django_capture_on_commit_callbacks)
    assert response.status_code == 409 and "You cannot send a new private link" in response.content.decode()
    assert Referral.objects.get(pk=referral.pk).private_link_hash == before
    assert mail.outbox == [] and not ReferralEvent.objects.filter(kind=EventKind.LINK_REISSUED).exists()


def test_a_professional_referral_has_no_link_to_replace(client, people, service, org_b,
                                                        django_capture_on_commit_callbacks):
    referral = sent_referral(service, by=people["member_b"], organisation=org_b)
    client.force_login(people["member_a"])
    response = _reissue(client, referral, django_capture_on_commit_callbacks)
    assert response.status_code == 409
    assert Referral.objects.get(pk=referral.pk).private_link_hash == ""


def test_the_person_sees_a_new_link_was_sent_in_their_history(client, people, service, resident,
                                                             django_capture_on_commit_callbacks):
    referral = _self_referral(resident, service)
    client.force_login(people["member_a"])
    new = LINK.search(_reissue(client, referral, django_capture_on_commit_callbacks).content.decode()).group(1)
    client.logout()
    assert "New private link sent" in client.get(f"/referrals/private/{new}/").content.decode()
