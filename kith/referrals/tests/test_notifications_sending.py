"""Emails and on-screen notices on a new referral and on each status change: the right people, one email
each, a working link, and nothing about the person referred."""

import logging
import re

import pytest
from django.core.mail.backends.base import BaseEmailBackend

from kith.referrals import signals
from kith.referrals.models import Notification, Referral, Status
from kith.testing import factories

from .helpers import REASON, sent_referral

pytestmark = pytest.mark.django_db

PERSONAL = ["Ada", "Wearside", "07700 900 982", "07700900982", REASON[:20]]


class BrokenBackend(BaseEmailBackend):
    """A mail server that refuses everything, as one down or misconfigured would."""

    def open(self):
        raise ConnectionRefusedError("smtp.example.org refused ops@example.org")

    def send_messages(self, messages):
        raise ConnectionRefusedError("smtp.example.org refused ops@example.org")


def _everything_said(outbox) -> str:
    parts = [n.message for n in Notification.objects.all()]
    for message in outbox:
        parts += [message.subject, message.body] + [content for content, _ in message.alternatives]
    return "\n".join(parts)


def _send(service, people, org_b, capture) -> Referral:
    with capture(execute=True):
        return sent_referral(service, by=people["member_b"], organisation=org_b)


def _change(referral: Referral, to_status: str, by, capture) -> None:
    """What the inbox does after an answer commits (sent here directly, as the inbox would)."""
    before = referral.status
    Referral.objects.filter(pk=referral.pk).update(status=to_status)
    referral.refresh_from_db()
    with capture(execute=True):
        signals.referral_status_changed.send(sender=Referral, referral=referral, by=by, from_status=before,
                                             to_status=to_status, event=None)


def test_a_new_referral_tells_each_member_and_manager_of_the_receiver_once(
        service, people, org_a, org_b, mailoutbox, django_capture_on_commit_callbacks):
    factories.MembershipFactory(organisation=org_a, role="lead_member")
    gone = factories.MembershipFactory(organisation=org_a, role="member").user
    gone.is_active = False
    gone.save()
    referral = _send(service, people, org_b, django_capture_on_commit_callbacks)

    expected = {people["member_a"].email, people["manager_a"].email}
    assert sorted(address for m in mailoutbox for address in m.to) == sorted(expected)
    assert all(len(m.to) == 1 and not m.cc and not m.bcc for m in mailoutbox)
    assert {m.subject for m in mailoutbox} == {f"New referral {referral.reference}"}
    notices = Notification.objects.filter(referral=referral)
    assert {n.user for n in notices} == {people["member_a"], people["manager_a"]}
    assert {n.kind for n in notices} == {Notification.Kind.RECEIVED}
    assert not Notification.objects.filter(user=people["member_b"]).exists()


def test_the_email_carries_reference_status_and_a_working_link_in_text_and_html(
        service, people, org_b, client, mailoutbox, django_capture_on_commit_callbacks, settings):
    settings.SITE_URL = "https://kith.example.org"
    referral = _send(service, people, org_b, django_capture_on_commit_callbacks)
    message = next(m for m in mailoutbox if m.to == [people["member_a"].email])
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    url = f"https://kith.example.org/referrals/{referral.pk}/"
    for body in (message.body, html):
        assert referral.reference in body and "Sent" in body and url in body
    link = re.search(r"https://kith\.example\.org(/referrals/[^\s\"<]+)", message.body).group(1)
    client.force_login(people["member_a"])
    page = client.get(link)
    assert page.status_code == 200 and referral.reference in page.content.decode()


def test_every_status_change_tells_the_referrer_only(
        service, people, org_b, mailoutbox, django_capture_on_commit_callbacks):
    referral = _send(service, people, org_b, django_capture_on_commit_callbacks)
    mailoutbox.clear()
    for status in (Status.OPENED, Status.ACCEPTED, Status.OUTCOME_RECORDED):
        _change(referral, status, people["member_a"], django_capture_on_commit_callbacks)
    assert [m.to for m in mailoutbox] == [[people["member_b"].email]] * 3
    assert [m.subject for m in mailoutbox] == [
        f"Referral {referral.reference}: {words}" for words in ("Opened", "Accepted", "Outcome recorded")]
    notices = Notification.objects.filter(user=people["member_b"], kind=Notification.Kind.STATUS_CHANGED)
    assert notices.count() == 3
    assert notices.first().message == f"Referral {referral.reference} for Little Steps is now: Outcome recorded"


def test_a_self_referrer_with_an_account_is_told_of_changes(
        service, people, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        referral = sent_referral(service, by=people["resident"], organisation=None)
    assert referral.self_referral
    _change(referral, Status.DECLINED, people["manager_a"], django_capture_on_commit_callbacks)
    assert [m.to for m in mailoutbox if "Declined" in m.subject] == [[people["resident"].email]]
    assert Notification.objects.filter(user=people["resident"], kind="status_changed").count() == 1


def test_the_referrer_is_not_told_of_a_change_they_made_themselves(
        service, people, org_b, mailoutbox, django_capture_on_commit_callbacks):
    referral = _send(service, people, org_b, django_capture_on_commit_callbacks)
    mailoutbox.clear()
    _change(referral, Status.CLOSED, people["member_b"], django_capture_on_commit_callbacks)
    assert not Notification.objects.filter(user=people["member_b"]).exists()
    assert people["member_b"].email not in [address for m in mailoutbox for address in m.to]


def test_the_receiver_is_told_when_the_person_withdraws_through_their_private_link(
        client, service, people, mailoutbox, django_capture_on_commit_callbacks):
    """The receiver may be about to call them: a withdrawal it did not make must reach it, on screen and by email."""
    with django_capture_on_commit_callbacks(execute=True):
        referral = sent_referral(service, by=people["resident"], organisation=None)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/referrals/private/{referral.private_link_token}/withdraw-consent/", {"confirm": "yes"})
    receivers = {people["member_a"].email, people["manager_a"].email}
    closed = [m for m in mailoutbox if m.subject == f"Referral {referral.reference}: Closed"]
    assert {m.to[0] for m in closed} == receivers | {people["resident"].email}
    for role in ("member_a", "manager_a"):
        assert Notification.objects.filter(user=people[role], referral=referral, kind="status_changed").count() == 1
    assert "Wearside" not in _everything_said(mailoutbox)


def test_the_receiver_is_told_when_the_referrer_withdraws_consent(
        client, service, people, org_b, mailoutbox, django_capture_on_commit_callbacks):
    referral = _send(service, people, org_b, django_capture_on_commit_callbacks)
    mailoutbox.clear()
    client.force_login(people["member_b"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/referrals/{referral.pk}/withdraw-consent/")
    assert sorted(m.to[0] for m in mailoutbox) == sorted([people["member_a"].email, people["manager_a"].email])


def test_the_receiver_is_not_told_of_its_own_answers(
        service, people, org_b, mailoutbox, django_capture_on_commit_callbacks):
    referral = _send(service, people, org_b, django_capture_on_commit_callbacks)
    mailoutbox.clear()
    _change(referral, Status.OPENED, people["member_a"], django_capture_on_commit_callbacks)
    assert not Notification.objects.filter(user__in=[people["member_a"], people["manager_a"]],
                                            kind="status_changed").exists()


def test_no_personal_value_appears_in_any_email_or_notification(
        service, people, org_b, mailoutbox, django_capture_on_commit_callbacks):
    referral = _send(service, people, org_b, django_capture_on_commit_callbacks)
    for status in (Status.OPENED, Status.DECLINED):
        _change(referral, status, people["member_a"], django_capture_on_commit_callbacks)
    said = _everything_said(mailoutbox)
    assert referral.reference in said and len(mailoutbox) == 4
    for value in PERSONAL:
        assert value not in said, value


def test_a_broken_mail_server_does_not_undo_or_break_sending_a_referral(
        client, service, people, org_b, settings, caplog, django_capture_on_commit_callbacks):
    from .helpers import walk_to_check

    settings.EMAIL_BACKEND = "kith.referrals.tests.test_notifications_sending.BrokenBackend"
    client.force_login(people["member_b"])
    draft = walk_to_check(client, service)
    with caplog.at_level(logging.WARNING), django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/referrals/drafts/{draft.pk}/check/")
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Status.SENT
    # The on-screen notices still arrive; the failure is logged by reference, without addresses or the person.
    assert Notification.objects.filter(referral=draft).count() == 2
    assert f"referral {draft.reference} (ConnectionRefusedError)" in caplog.text
    for value in PERSONAL + ["ops@example.org", people["member_a"].email]:
        assert value not in caplog.text, value


def test_a_broken_mail_server_does_not_break_a_status_change(
        service, people, org_b, settings, caplog, django_capture_on_commit_callbacks):
    referral = _send(service, people, org_b, django_capture_on_commit_callbacks)
    settings.EMAIL_BACKEND = "kith.referrals.tests.test_notifications_sending.BrokenBackend"
    with caplog.at_level(logging.WARNING):
        _change(referral, Status.ACCEPTED, people["member_a"], django_capture_on_commit_callbacks)
    assert Notification.objects.filter(user=people["member_b"], kind="status_changed").count() == 1
    assert "ConnectionRefusedError" in caplog.text


def test_a_receiver_without_members_gets_no_email_and_nothing_breaks(
        people, org_b, mailoutbox, django_capture_on_commit_callbacks):
    lonely = factories.ServiceFactory(organisation=factories.OrganisationFactory(name="Gamma"), name="Quiet Place",
                                      referral_route="both")
    referral = _send(lonely, people, org_b, django_capture_on_commit_callbacks)
    assert referral.status == Status.SENT and mailoutbox == []
    assert not Notification.objects.filter(referral=referral).exists()


def test_opening_and_answering_in_the_inbox_tells_the_referrer(
        client, service, people, org_a, org_b, mailoutbox, django_capture_on_commit_callbacks):
    """The inbox's own changes, end to end: opening on first view, then a decline with its reason."""
    from kith.referrals.inbox import answering

    referral = _send(service, people, org_b, django_capture_on_commit_callbacks)
    mailoutbox.clear()
    client.force_login(people["member_a"])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.get(f"/referrals/{referral.pk}/").status_code == 200
    referral.refresh_from_db()
    assert referral.status == Status.OPENED
    with django_capture_on_commit_callbacks(execute=True):
        answering.referral_answer(referral=referral, by=people["member_a"], organisation=org_a,
                                  to_status=Status.DECLINED, version=referral.version, decline_reason="other",
                                  decline_text="Ada Wearside lives outside our area")
    assert [m.subject.rsplit(": ", 1)[1] for m in mailoutbox] == ["Opened", "Declined"]
    assert all(m.to == [people["member_b"].email] for m in mailoutbox)
    said = _everything_said(mailoutbox)
    assert "outside our area" not in said and "Wearside" not in said


def test_emails_do_not_name_the_service_since_it_can_say_too_much_about_the_person(
        service, people, org_b, mailoutbox, django_capture_on_commit_callbacks):
    referral = _send(service, people, org_b, django_capture_on_commit_callbacks)
    _change(referral, "opened", people["member_a"], django_capture_on_commit_callbacks)

    assert mailoutbox
    for message in mailoutbox:
        assert service.name not in message.subject + message.body + "".join(c for c, _ in message.alternatives)
    # On screen, behind sign-in, the notice names the service.
    assert all(service.name in n.message for n in Notification.objects.filter(referral=referral))
