"""Escalating referrals not opened within the allowed working days: managers told by email and on
screen, the referrer on screen and on the referral's page, each referral once only."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.template.loader import render_to_string
from django.utils import timezone

from kith.core.models import Event
from kith.referrals.models import EventKind, Notification, Referral, Status
from kith.referrals.notifications import escalation
from kith.testing import factories

from .helpers import REASON, sent_referral

pytestmark = pytest.mark.django_db


def _sent_on(referral: Referral, day: datetime.date) -> Referral:
    at = datetime.datetime.combine(day, datetime.time(16, 30), tzinfo=timezone.get_current_timezone())
    Referral.objects.filter(pk=referral.pk).update(sent_at=at)
    referral.refresh_from_db()
    return referral


@pytest.fixture
def referral(service, people, org_b):
    return sent_referral(service, by=people["member_b"], organisation=org_b)


def _freeze(monkeypatch, day: datetime.date) -> datetime.date:
    """Make `day` today for the escalation rules (dates of other moments are converted as usual)."""
    real = timezone.localdate
    monkeypatch.setattr(timezone, "localdate", lambda value=None, **kwargs: day if value is None else real(value, **kwargs))
    return day


@pytest.fixture
def today(monkeypatch):
    """Thursday 9 April 2026, three working days after the Thursday before Easter (Good Friday and Easter
    Monday being bank holidays)."""
    return _freeze(monkeypatch, datetime.date(2026, 4, 9))


def _run(capture) -> str:
    out = io.StringIO()
    with capture(execute=True):
        call_command("escalate_unopened_referrals", stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_a_referral_is_overdue_only_after_the_allowed_working_days(referral, today, monkeypatch):
    _sent_on(referral, datetime.date(2026, 4, 2))
    assert not escalation.is_overdue(referral)  # 7, 8 and 9 April are its three working days
    _freeze(monkeypatch, datetime.date(2026, 4, 10))
    assert escalation.is_overdue(referral) and referral.is_overdue
    assert list(escalation.overdue_referrals()) == [referral]


def test_escalation_tells_managers_by_email_and_the_referrer_on_screen_once_only(
        referral, today, people, mailoutbox, django_capture_on_commit_callbacks):
    _sent_on(referral, datetime.date(2026, 4, 1))  # allowed 2, 7 and 8 April: overdue on the 9th
    mailoutbox.clear()
    out = _run(django_capture_on_commit_callbacks)
    assert "Escalated 1 referral not opened within 3 working days" in out
    assert [m.to for m in mailoutbox] == [[people["manager_a"].email]]
    assert mailoutbox[0].subject == f"Referral {referral.reference} not opened in 3 working days"
    notices = Notification.objects.filter(kind=Notification.Kind.NOT_OPENED)
    assert {n.user for n in notices} == {people["manager_a"], people["member_b"]}
    referral.refresh_from_db()
    assert referral.escalated_at is not None
    assert referral.events.filter(kind=EventKind.ESCALATED).count() == 1
    assert Event.objects.filter(verb="referral_escalated", object_id=str(referral.pk)).count() == 1
    said = "\n".join([n.message for n in notices] + [mailoutbox[0].body, mailoutbox[0].alternatives[0][0]])
    assert "Wearside" not in said and REASON[:20] not in said

    assert "Escalated 0 referrals" in _run(django_capture_on_commit_callbacks)
    assert len(mailoutbox) == 1 and Notification.objects.filter(kind="not_opened").count() == 2


def test_opened_referrals_and_recent_ones_are_not_escalated(
        service, referral, today, people, org_b, mailoutbox, django_capture_on_commit_callbacks):
    _sent_on(referral, datetime.date(2026, 3, 20))
    Referral.objects.filter(pk=referral.pk).update(status=Status.OPENED, opened_at=timezone.now())
    recent = _sent_on(sent_referral(service, by=people["member_b"], organisation=org_b), datetime.date(2026, 4, 2))
    mailoutbox.clear()
    assert "Escalated 0 referrals" in _run(django_capture_on_commit_callbacks)
    assert mailoutbox == [] and not Notification.objects.filter(kind="not_opened").exists()
    assert not Referral.objects.filter(escalated_at__isnull=False).exists()
    assert not recent.is_overdue


def test_a_second_claim_on_the_same_referral_does_nothing(referral, today, django_capture_on_commit_callbacks):
    _sent_on(referral, datetime.date(2026, 3, 2))
    stale_copy = Referral.objects.get(pk=referral.pk)
    with django_capture_on_commit_callbacks(execute=True):
        assert escalation.referral_escalate(referral=referral) is True
        assert escalation.referral_escalate(referral=stale_copy) is False
    assert Notification.objects.filter(kind="not_opened").count() == 2


def test_without_managers_every_member_of_the_receiver_is_told(
        people, org_b, today, mailoutbox, django_capture_on_commit_callbacks):
    gamma = factories.OrganisationFactory(name="Gamma")
    member = factories.MembershipFactory(organisation=gamma, role="member").user
    service = factories.ServiceFactory(organisation=gamma, name="Quiet Place", referral_route="both")
    late = _sent_on(sent_referral(service, by=people["member_b"], organisation=org_b), datetime.date(2026, 3, 2))
    mailoutbox.clear()
    _run(django_capture_on_commit_callbacks)
    assert [m.to for m in mailoutbox] == [[member.email]]
    assert Referral.objects.get(pk=late.pk).escalated_at is not None


def test_the_overdue_flag_tells_the_referrer_on_the_referral_page(referral, today, settings):
    _sent_on(referral, datetime.date(2026, 3, 2))
    context = {"referral": referral, "referral_escalate_after_working_days": 3}
    html = render_to_string("referrals/notifications/includes/overdue_flag.html", context)
    assert "Not opened in time" in html and "3 working days" in html and "managers were told" not in html
    referral.escalated_at = timezone.make_aware(datetime.datetime(2026, 3, 6, 9))
    html = render_to_string("referrals/notifications/includes/overdue_flag.html", context)
    assert "managers were told on 6 March 2026" in html
    referral.status = Status.OPENED
    assert render_to_string("referrals/notifications/includes/overdue_flag.html", context).strip() == ""


def test_the_setting_changes_the_allowance(referral, today, settings, django_capture_on_commit_callbacks):
    _sent_on(referral, datetime.date(2026, 4, 1))
    settings.KITH_REFERRAL_ESCALATE_AFTER_WORKING_DAYS = 4
    assert not referral.is_overdue
    assert "Escalated 0 referrals" in _run(django_capture_on_commit_callbacks)


def test_many_overdue_referrals_are_each_escalated_once(
        service, people, org_b, today, mailoutbox, django_capture_on_commit_callbacks):
    made = [_sent_on(sent_referral(service, by=people["member_b"], organisation=org_b), datetime.date(2026, 3, 2))
            for _ in range(25)]
    mailoutbox.clear()
    err = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("escalate_unopened_referrals", stdout=io.StringIO(), stderr=err)
    assert "25/25" in err.getvalue()  # the progress bar, shown when there are many
    assert len(mailoutbox) == 25
    assert Referral.objects.filter(pk__in=[r.pk for r in made], escalated_at__isnull=False).count() == 25
