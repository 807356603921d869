"""Answering a referral: the statuses it may move through, and the one function that moves it.

Every change carries the `version` the person was shown. The update only applies WHERE the row
still has that version, so two people answering at once cannot overwrite each other: the second
gets Conflict with the latest state, and nothing of theirs is written.
"""

import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from kith.core.audit import record_event
from kith.organisations.models import Organisation

from .. import signals
from ..models import DeclineReason, EventKind, Outcome, Referral, ReferralEvent, Status

TRANSITIONS: dict[str, frozenset[str]] = {
    Status.SENT: frozenset({Status.OPENED}),
    Status.OPENED: frozenset({Status.ACCEPTED, Status.WAITING_LIST, Status.DECLINED, Status.COULD_NOT_CONTACT}),
    Status.ACCEPTED: frozenset({Status.OUTCOME_RECORDED}),
    # A place comes up (accepted), or the person cannot be reached when it does.
    Status.WAITING_LIST: frozenset({Status.ACCEPTED, Status.OUTCOME_RECORDED, Status.COULD_NOT_CONTACT}),
    Status.OUTCOME_RECORDED: frozenset({Status.CLOSED}),
    Status.DECLINED: frozenset({Status.CLOSED}),
    Status.COULD_NOT_CONTACT: frozenset({Status.CLOSED}),
}
# Further ahead than this is a typing slip, not a waiting list.
LONGEST_WAIT = datetime.timedelta(days=2 * 366)
LONGEST_TEXT = 2000

CONSENT_WITHDRAWN = "The person’s consent has been withdrawn, so this referral can no longer be changed"
ANONYMISED = "This referral has been anonymised, so it can no longer be changed"
CONFLICT = "Someone else answered this referral while you were looking. Check its status now before answering again"


class Refused(Exception):
    """The change is not allowed now; the message says why, in words a person can act on."""


class Conflict(Exception):
    """The referral changed since the person saw it (their `version` is stale)."""

    def __init__(self, latest: Referral):
        super().__init__(CONFLICT)
        self.latest = latest


def allowed_next(status: str) -> frozenset[str]:
    return TRANSITIONS.get(status, frozenset())


def why_frozen(referral: Referral) -> str | None:
    """Why no change at all may be made to this referral, or None."""
    if referral.anonymised_at is not None:
        return ANONYMISED
    if referral.current_consent() is None:
        return CONSENT_WITHDRAWN
    return None


def check_answer(to_status: str, *, expected_date: datetime.date | None = None, decline_reason: str = "",
                 decline_text: str = "", outcome: str = "", outcome_text: str = "",
                 today: datetime.date | None = None) -> dict[str, str]:
    """The problems with an answer, by field name (empty when it may be saved). Forms show these;
    referral_answer refuses anything with one, so no caller can save a half-answer."""
    today = today or timezone.localdate()
    problems = {}
    if to_status == Status.WAITING_LIST:
        if expected_date is None:
            problems["expected_date"] = "Enter the date you expect to be able to help"
        elif expected_date < today:
            problems["expected_date"] = "The expected date must be today or in the future"
        elif expected_date > today + LONGEST_WAIT:
            problems["expected_date"] = "The expected date must be within the next 2 years"
    if to_status == Status.DECLINED:
        if decline_reason not in DeclineReason.values:
            problems["decline_reason"] = "Select why you are declining the referral"
        elif decline_reason == DeclineReason.OTHER and not decline_text.strip():
            problems["decline_text"] = "Enter why you are declining the referral"
    if to_status == Status.OUTCOME_RECORDED and outcome not in Outcome.values:
        problems["outcome"] = "Select the outcome"
    for name, text in (("decline_text", decline_text), ("outcome_text", outcome_text)):
        if len(text) > LONGEST_TEXT:
            problems[name] = f"Enter {LONGEST_TEXT} characters or fewer"
        elif "\x00" in text:
            problems[name] = "Remove the unusual characters from the text"
    return problems


def _changes(to_status: str, now, *, expected_date, decline_reason, decline_text, outcome, outcome_text) -> dict:
    changes = {"status": to_status}
    if to_status == Status.OPENED:
        changes["opened_at"] = now
    elif to_status == Status.WAITING_LIST:
        changes["expected_date"] = expected_date
    elif to_status == Status.DECLINED:
        changes |= {"decline_reason": decline_reason, "decline_text": decline_text.strip()}
    elif to_status == Status.OUTCOME_RECORDED:
        changes |= {"outcome": outcome, "outcome_text": outcome_text.strip()}
    elif to_status == Status.CLOSED:
        changes["closed_at"] = now
    return changes


@transaction.atomic
def referral_answer(*, referral: Referral, by, organisation: Organisation | None, to_status: str, version: int,
                    expected_date: datetime.date | None = None, decline_reason: str = "", decline_text: str = "",
                    outcome: str = "", outcome_text: str = "") -> Referral:
    """Move the referral to `to_status` on behalf of the receiving organisation, if it is still at
    `version`. Raises Refused (not allowed, or a field missing) or Conflict (someone was quicker)."""
    current = Referral.objects.get(pk=referral.pk)
    if current.version != version:
        raise Conflict(current)
    if (frozen := why_frozen(current)) is not None:
        raise Refused(frozen)
    if to_status not in allowed_next(current.status):
        raise Refused(f"A referral that is “{current.get_status_display().lower()}” cannot become "
                      f"“{Status(to_status).label.lower()}”" if to_status in Status.values else "Select a valid answer")
    answer = dict(expected_date=expected_date, decline_reason=decline_reason, decline_text=decline_text,
                  outcome=outcome, outcome_text=outcome_text)
    if problems := check_answer(to_status, **answer):
        raise Refused(next(iter(problems.values())))
    now = timezone.now()
    changes = _changes(to_status, now, **answer)
    # The conditional UPDATE is the lock: of two requests shown the same version, one matches no row.
    updated = Referral.objects.filter(pk=current.pk, version=version, status=current.status).update(
        **changes, version=F("version") + 1, updated_at=now)
    if not updated:
        raise Conflict(Referral.objects.get(pk=current.pk))
    return _record(Referral.objects.get(pk=current.pk), by=by, organisation=organisation,
                   from_status=current.status, at=now)


def _record(referral: Referral, *, by, organisation, from_status: str, at) -> Referral:
    """The audit of a change (codes only, no personal data) and the signal once it has committed."""
    actor = by if by is not None and by.is_authenticated else None
    event = ReferralEvent.objects.create(referral=referral, at=at, actor=actor, actor_organisation=organisation,
                                         kind=EventKind.STATUS_CHANGED, from_status=from_status, to_status=referral.status)
    after = {"status": referral.status}
    if referral.decline_reason:
        after["decline_reason"] = referral.decline_reason
    if referral.outcome:
        after["outcome"] = referral.outcome
    record_event(actor=by, verb="referral_status_changed", obj=referral, before={"status": from_status}, after=after)
    transaction.on_commit(lambda: signals.referral_status_changed.send(
        sender=Referral, referral=referral, by=actor, from_status=from_status, to_status=referral.status, event=event))
    return referral


@transaction.atomic
def referral_open(*, referral: Referral, by, organisation: Organisation | None) -> Referral:
    """The receiving organisation's first look: sent → opened, once, whoever looks first. A referral
    that may no longer change (consent withdrawn, anonymised) stays as it is."""
    if referral.status != Status.SENT or why_frozen(referral) is not None:
        return referral
    now = timezone.now()
    updated = Referral.objects.filter(pk=referral.pk, status=Status.SENT).update(
        status=Status.OPENED, opened_at=now, version=F("version") + 1, updated_at=now)
    latest = Referral.objects.select_related("service", "receiving_organisation", "referring_organisation") \
        .get(pk=referral.pk)
    if not updated:  # a colleague opened it a moment ago
        return latest
    return _record(latest, by=by, organisation=organisation, from_status=Status.SENT, at=now)
