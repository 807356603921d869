"""The retention command: finished referrals older than the retention period lose the person's details,
keep their figures, and are recorded; open and recent ones are untouched; running again changes nothing."""

import datetime

import pytest
from cryptography.fernet import Fernet
from django.core.management import CommandError, call_command
from django.utils import timezone

from kith.core.models import Event
from kith.referrals import services
from kith.referrals.models import EventKind, PersonKey, Referral, Status
from kith.referrals.privacy import erasure

from .privacy_support import raw_personal_values, sent_about

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def _run(capsys, *args) -> str:
    call_command("anonymise_referrals", *args, verbosity=0)
    return capsys.readouterr().out


@pytest.fixture
def referrals(service, people, org_b, needs, django_capture_on_commit_callbacks):
    """An old closed one, an old closed one with only its events dated, a recent closed one, and an old open one."""
    made = {}
    for name in ("old", "old_undated", "recent", "open"):
        referral = sent_about(django_capture_on_commit_callbacks, service, by=people["member_b"], organisation=org_b,
                              person_email=f"{name}@example.org", decline_text="No places until spring",
                              outcome_text="Joined the group")
        referral.needs.set(needs)
        referral.consents.update(given_by="parent_or_carer")
        consent = referral.consents.get()
        consent.given_by_name = "Grace Roker"
        consent.save()
        made[name] = referral
    now = timezone.now()
    Referral.objects.filter(pk__in=[made["old"].pk, made["recent"].pk]).update(status=Status.CLOSED)
    Referral.objects.filter(pk=made["old"].pk).update(closed_at=now - 400 * DAY)
    Referral.objects.filter(pk=made["recent"].pk).update(closed_at=now - 10 * DAY)
    Referral.objects.filter(pk=made["old_undated"].pk).update(status=Status.CLOSED, closed_at=None)
    made["old_undated"].events.update(at=now - 500 * DAY)
    Referral.objects.filter(pk=made["open"].pk).update(status=Status.ACCEPTED, sent_at=now - 900 * DAY)
    made["open"].events.update(at=now - 900 * DAY)
    return made


def test_only_closed_referrals_past_retention_are_anonymised(capsys, referrals, needs):
    output = _run(capsys)
    assert output.strip() == "Anonymised 2 finished referrals older than 365 days; deleted 0 stale drafts."
    for name in ("old", "old_undated"):
        referral = Referral.objects.get(pk=referrals[name].pk)
        assert referral.anonymised_at is not None and referral.status == Status.CLOSED
        assert all(value == "" for value in raw_personal_values(referral)), name
        assert not PersonKey.objects.filter(referral=referral).exists()
        assert list(referral.needs.all()) == list(referrals[name].needs.all())  # figures kept
        assert referral.receiving_organisation_id and referral.referring_organisation_id and referral.sent_at
        event = referral.events.get(kind=EventKind.ANONYMISED)
        assert event.actor is None and event.to_status == Status.CLOSED
        assert Event.objects.filter(verb="referral_anonymised", object_id=str(referral.pk)).count() == 1
    for name in ("recent", "open"):
        referral = Referral.objects.get(pk=referrals[name].pk)
        assert referral.anonymised_at is None and referral.person_name == "Ada Wearside"
        assert referral.consents.get().given_by_name == "Grace Roker" and referral.outcome_text == "Joined the group"
        assert PersonKey.objects.filter(referral=referral).count() == 2
        assert all(value.startswith("gAAAA") for value in raw_personal_values(referral) if value)
    assert Referral.objects.get(pk=referrals["open"].pk).status == Status.ACCEPTED


def test_running_again_changes_nothing(capsys, referrals):
    _run(capsys)
    events = Event.objects.count()
    assert _run(capsys).strip() == "Anonymised 0 finished referrals older than 365 days; deleted 0 stale drafts."
    assert Event.objects.count() == events
    assert not Referral.objects.filter(events__kind=EventKind.ANONYMISED).exclude(anonymised_at__isnull=False).exists()


def test_the_retention_period_comes_from_settings_and_batches_split_the_work(capsys, settings, referrals):
    settings.KITH_REFERRAL_RETENTION_DAYS = 5
    assert "Anonymised 3 finished referrals older than 5 days" in _run(capsys, "--batch-size", "1")
    assert Referral.objects.get(pk=referrals["open"].pk).anonymised_at is None


def test_stale_drafts_are_deleted_too(capsys, service, people, org_b):
    draft = services.referral_start(service=service, by=people["member_b"], organisation=org_b)
    Referral.objects.filter(pk=draft.pk).update(updated_at=timezone.now() - 2 * DAY)
    assert "deleted 1 stale draft." in _run(capsys)
    assert not Referral.objects.filter(pk=draft.pk).exists()


@pytest.mark.parametrize("args, message", [(["--batch-size", "0"], "--batch-size"), (["--days", "-1"], "--days")])
def test_bad_options_are_refused_with_a_message(args, message):
    with pytest.raises(CommandError, match=message):
        call_command("anonymise_referrals", *args, verbosity=0)


def test_anonymising_needs_no_key(capsys, settings, referrals):
    """A referral written under a key since removed can still be anonymised: values are blanked unread."""
    settings.KITH_REFERRAL_KEYS = [Fernet.generate_key().decode()]
    assert "Anonymised 2" in _run(capsys)
    assert erasure.due_for_anonymising().count() == 0


def test_a_referral_declined_long_ago_and_never_closed_is_anonymised_too(capsys, referrals):
    old = referrals["open"]
    Referral.objects.filter(pk=old.pk).update(status=Status.DECLINED, decline_reason="no_capacity")

    assert "Anonymised 3 finished referrals" in _run(capsys)

    declined = Referral.objects.get(pk=old.pk)
    assert declined.anonymised_at is not None and declined.status == Status.DECLINED
    assert all(value == "" for value in raw_personal_values(declined))
