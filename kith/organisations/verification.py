"""Verification of records organisations keep (organisations here, services in `directory`).

Each function changes one Verifiable record and writes its audit Event. Callers check permission
first (`roles_for(user).can_verify` for verify and send back; `can_edit` for confirm).
"""

from django.db import transaction
from django.utils import timezone

from kith.core.audit import record_event, snapshot

from .models import Verifiable, Verification

_FIELDS = ["verification_status", "verified_at", "verification_comment", "last_confirmed_at"]


def _change(record: Verifiable, *, by, verb: str, comment: str = "", **values) -> Verifiable:
    before = snapshot(record, _FIELDS)
    for name, value in values.items():
        setattr(record, name, value)
    record.save(update_fields=[*values.keys(), "updated_at"])
    record_event(actor=by, verb=verb, obj=record, before=before, after=snapshot(record, _FIELDS), comment=comment)
    return record


@transaction.atomic
def record_verify(*, record: Verifiable, by) -> Verifiable:
    now = timezone.now()
    return _change(record, by=by, verb="verified", verification_status=Verification.VERIFIED, verified_at=now,
                   verified_by=by, verification_comment="", last_confirmed_at=now)


@transaction.atomic
def record_send_back(*, record: Verifiable, by, comment: str) -> Verifiable:
    if not comment.strip():
        raise ValueError("A comment is required to send a record back")
    return _change(record, by=by, verb="sent_back", comment=comment,
                   verification_status=Verification.SENT_BACK, verification_comment=comment.strip())


@transaction.atomic
def record_confirm(*, record: Verifiable, by) -> Verifiable:
    """The owner says the record is still right: it is no longer possibly out of date."""
    return _change(record, by=by, verb="confirmed", last_confirmed_at=timezone.now())


def mark_changed(record: Verifiable) -> None:
    """An edit by the organisation puts a verified or sent-back record back in the LIO's queue.

    Sets the fields without saving: the caller's save and Event carry the change.
    """
    record.verification_status = Verification.AWAITING
    record.last_confirmed_at = timezone.now()
