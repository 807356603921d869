"""The answering rules without HTTP: every transition allowed or refused, the checks on an answer,
optimistic locking, and what each change writes."""

import datetime

import pytest
from django.utils import timezone

from kith.core.models import Event
from kith.referrals import signals
from kith.referrals.inbox import answering
from kith.referrals.models import EventKind, Referral, Status

from .helpers import sent_referral

pytestmark = pytest.mark.django_db

EXTRA = {Status.WAITING_LIST: {"expected_date": datetime.date.today() + datetime.timedelta(days=30)},
         Status.DECLINED: {"decline_reason": "no_capacity"}, Status.OUTCOME_RECORDED: {"outcome": "got_help"}}
ANSWERED = [s for s in Status.values if s != Status.DRAFT]


@pytest.fixture
def referral(service, people, org_b):
    return sent_referral(service, by=people["member_b"], organisation=org_b)


def _at(referral: Referral, status: str) -> Referral:
    Referral.objects.filter(pk=referral.pk).update(status=status)
    return Referral.objects.get(pk=referral.pk)


def _answer(referral, people, org_a, to_status, **extra):
    return answering.referral_answer(referral=referral, by=people["member_a"], organisation=org_a, to_status=to_status,
                                     version=referral.version, **(EXTRA.get(to_status, {}) | extra))


def test_the_table_is_the_closed_loop():
    assert answering.TRANSITIONS == {
        "sent": {"opened"}, "opened": {"accepted", "waiting_list", "declined", "could_not_contact"},
        "accepted": {"outcome_recorded"}, "waiting_list": {"accepted", "outcome_recorded", "could_not_contact"},
        "outcome_recorded": {"closed"},
        "declined": {"closed"}, "could_not_contact": {"closed"}}


@pytest.mark.parametrize("from_status", ANSWERED + [Status.DRAFT])
@pytest.mark.parametrize("to_status", ANSWERED)
def test_every_transition_is_allowed_or_refused_by_the_table(referral, people, org_a, from_status, to_status):
    referral = _at(referral, from_status)
    events = Event.objects.count()
    if to_status in answering.TRANSITIONS.get(from_status, ()):
        changed = _answer(referral, people, org_a, to_status)
        assert changed.status == to_status and changed.version == referral.version + 1
        event = changed.events.get(kind=EventKind.STATUS_CHANGED)
        assert (event.from_status, event.to_status, event.actor) == (from_status, to_status, people["member_a"])
        assert Event.objects.count() == events + 1
    else:
        with pytest.raises(answering.Refused):
            _answer(referral, people, org_a, to_status)
        assert Referral.objects.get(pk=referral.pk).status == from_status
        assert Event.objects.count() == events
        assert not referral.events.filter(kind=EventKind.STATUS_CHANGED).exists()


def test_a_stale_version_is_a_conflict_and_writes_nothing(referral, people, org_a):
    referral = _at(referral, Status.OPENED)
    shown = referral.version
    _answer(referral, people, org_a, Status.ACCEPTED)
    with pytest.raises(answering.Conflict) as conflict:
        answering.referral_answer(referral=referral, by=people["manager_a"], organisation=org_a,
                                  to_status=Status.DECLINED, version=shown, decline_reason="no_capacity")
    assert conflict.value.latest.status == Status.ACCEPTED
    assert Referral.objects.get(pk=referral.pk).decline_reason == ""
    assert referral.events.filter(kind=EventKind.STATUS_CHANGED).count() == 1


@pytest.mark.parametrize("to_status, extra, field", [
    (Status.WAITING_LIST, {"expected_date": None}, "expected_date"),
    (Status.WAITING_LIST, {"expected_date": datetime.date.today() - datetime.timedelta(days=1)}, "expected_date"),
    (Status.WAITING_LIST, {"expected_date": datetime.date.today() + datetime.timedelta(days=800)}, "expected_date"),
    (Status.DECLINED, {"decline_reason": ""}, "decline_reason"),
    (Status.DECLINED, {"decline_reason": "bored"}, "decline_reason"),
    (Status.DECLINED, {"decline_reason": "other", "decline_text": "   "}, "decline_text"),
    (Status.DECLINED, {"decline_reason": "other", "decline_text": "x" * 100_000}, "decline_text"),
    (Status.DECLINED, {"decline_reason": "other", "decline_text": "a\x00b"}, "decline_text"),
    (Status.OUTCOME_RECORDED, {"outcome": ""}, "outcome"),
])
def test_an_incomplete_answer_is_refused(to_status, extra, field):
    assert field in answering.check_answer(to_status, **extra)


def test_today_is_a_fine_expected_date():
    assert answering.check_answer(Status.WAITING_LIST, expected_date=timezone.localdate()) == {}


def test_decline_text_is_stored_encrypted(referral, people, org_a):
    from django.db import connection
    referral = _at(referral, Status.OPENED)
    _answer(referral, people, org_a, Status.DECLINED, decline_reason="other", decline_text="Only for over-60s")
    assert Referral.objects.get(pk=referral.pk).decline_text == "Only for over-60s"
    with connection.cursor() as cursor:
        cursor.execute("SELECT decline_text, decline_reason FROM referrals_referral WHERE id = %s", [referral.pk.hex])
        stored = cursor.fetchone()
    assert stored is not None and stored[1] == "other" and "over-60s" not in stored[0]


@pytest.mark.parametrize("freeze", ["withdrawn", "anonymised"])
def test_a_referral_without_consent_or_anonymised_refuses_every_change(referral, people, org_a, freeze):
    referral = _at(referral, Status.OPENED)
    if freeze == "withdrawn":
        referral.consents.update(withdrawn_at=timezone.now())
    else:
        Referral.objects.filter(pk=referral.pk).update(anonymised_at=timezone.now())
        referral.refresh_from_db()
    with pytest.raises(answering.Refused, match="consent has been withdrawn|anonymised"):
        _answer(referral, people, org_a, Status.ACCEPTED)
    sent = _at(referral, Status.SENT)
    assert answering.referral_open(referral=sent, by=people["member_a"], organisation=org_a).status == Status.SENT


def test_the_signal_carries_the_change_after_commit(referral, people, org_a, django_capture_on_commit_callbacks):
    heard = []

    def listener(sender, **kwargs):
        heard.append(kwargs)

    signals.referral_status_changed.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            opened = answering.referral_open(referral=referral, by=people["member_a"], organisation=org_a)
        with django_capture_on_commit_callbacks(execute=True):
            answering.referral_open(referral=opened, by=people["manager_a"], organisation=org_a)  # already open
    finally:
        signals.referral_status_changed.disconnect(listener)
    assert len(heard) == 1
    assert (heard[0]["from_status"], heard[0]["to_status"], heard[0]["by"]) == ("sent", "opened", people["member_a"])
    assert heard[0]["event"].kind == EventKind.STATUS_CHANGED and heard[0]["referral"].pk == referral.pk
    audit = Event.objects.filter(verb="referral_status_changed").get()
    assert "Wearside" not in str(audit.before) + str(audit.after)
