"""Erasing a person's details from referrals while keeping the anonymous figures (status, dates, needs,
organisations): used by consent withdrawal, by erasure on request and by the retention command.

Values are blanked with an UPDATE, never read: anonymising needs no decryption, so it works even for
a value written under a key since removed.
"""

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.db.models import F, Max
from django.db.models.functions import Coalesce
from django.utils import timezone

from kith.core.audit import record_event
from kith.organisations.models import Organisation

from .. import signals
from ..fields import EncryptedTextField
from ..models import Consent, EventKind, PersonKey, Referral, ReferralEvent, Status


def _encrypted(model) -> list[str]:
    return [f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]


# Every encrypted field, so a personal field added later is erased without anyone remembering to list it.
ERASABLE_REFERRAL_FIELDS = _encrypted(Referral)
ERASABLE_CONSENT_FIELDS = _encrypted(Consent)


def anonymise(ids: Iterable, *, by=None, organisation: Organisation | None = None, kind: str = EventKind.ANONYMISED,
              verb: str = "referral_anonymised", close: bool = False) -> int:
    """Blank the person's details in these referrals (those not yet anonymised), delete their person keys
    and record it on each; with `close`, open ones are closed too. How many were anonymised. Runs in
    the caller's transaction."""
    now = timezone.now()
    rows = list(Referral.objects.select_for_update().filter(pk__in=list(ids), anonymised_at__isnull=True)
                .values_list("pk", "status"))
    if not rows:
        return 0
    pks = [pk for pk, _ in rows]
    changes = {name: "" for name in ERASABLE_REFERRAL_FIELDS}
    Referral.objects.filter(pk__in=pks).update(**changes, anonymised_at=now, updated_at=now, version=F("version") + 1)
    if close:
        Referral.objects.filter(pk__in=pks).exclude(status=Status.CLOSED).update(status=Status.CLOSED, closed_at=now)
        Referral.objects.filter(pk__in=pks, closed_at__isnull=True).update(closed_at=now)
    Consent.objects.filter(referral__in=pks).update(**{name: "" for name in ERASABLE_CONSENT_FIELDS})
    PersonKey.objects.filter(referral__in=pks).delete()
    actor = by if by is not None and by.is_authenticated else None
    blanked = ",".join(ERASABLE_REFERRAL_FIELDS)[:300]
    ReferralEvent.objects.bulk_create([
        ReferralEvent(referral_id=pk, at=now, actor=actor, actor_organisation=organisation, kind=kind, from_status=status,
                      to_status=Status.CLOSED if close else status, fields=blanked)
        for pk, status in rows])
    statuses = dict(rows)
    for referral in Referral.objects.filter(pk__in=pks).only("pk", "reference"):
        before = statuses[referral.pk]
        record_event(actor=by, verb=verb, obj=referral, before={"status": before},
                     after={"status": Status.CLOSED if close else before, "anonymised": True})
    return len(rows)


def _close_and_erase(referral: Referral, *, by, organisation: Organisation | None, kind: str, verb: str) -> bool:
    """Erase one referral and close it, telling listeners (the other side's notice) if that closed it."""
    before = Referral.objects.values_list("status", flat=True).get(pk=referral.pk)
    if not anonymise([referral.pk], by=by, organisation=organisation, kind=kind, verb=verb, close=True):
        return False
    if before != Status.CLOSED:
        current = Referral.objects.get(pk=referral.pk)
        event = current.events.filter(kind=kind).last()
        transaction.on_commit(lambda: signals.referral_status_changed.send(
            sender=Referral, referral=current, by=by, from_status=before, to_status=Status.CLOSED, event=event))
    return True


@transaction.atomic
def consent_withdraw(*, referral: Referral, by, organisation: Organisation | None) -> bool:
    """Record the withdrawal on the current consent (kept, never deleted) and stop processing: the
    referral is closed and the person's details erased at once. False if there was no consent to withdraw."""
    withdrawn = Consent.objects.filter(referral=referral, withdrawn_at__isnull=True).update(withdrawn_at=timezone.now())
    if not withdrawn:
        return False
    if not _close_and_erase(referral, by=by, organisation=organisation, kind=EventKind.CONSENT_WITHDRAWN,
                            verb="referral_consent_withdrawn"):
        # Already erased: the withdrawal is still recorded.
        status = Referral.objects.values_list("status", flat=True).get(pk=referral.pk)
        ReferralEvent.objects.create(referral=referral, actor=by if by is not None and by.is_authenticated else None,
                                     actor_organisation=organisation, kind=EventKind.CONSENT_WITHDRAWN,
                                     from_status=status, to_status=status)
        record_event(actor=by, verb="referral_consent_withdrawn", obj=referral)
    return True


@transaction.atomic
def referral_erase(*, referral: Referral, by, organisation: Organisation | None) -> bool:
    """Erase the person's details on request: the referral is closed (nothing can be done for someone
    no longer described) and kept, anonymous, for the figures. False if already anonymised."""
    return _close_and_erase(referral, by=by, organisation=organisation, kind=EventKind.ANONYMISED,
                            verb="referral_person_erased")


# Where a referral's story has ended, whether or not anyone pressed "close": a referral declined, or whose
# person could not be reached, and never closed must not keep the person's details for ever.
FINISHED = [Status.CLOSED, Status.DECLINED, Status.COULD_NOT_CONTACT, Status.OUTCOME_RECORDED]


def due_for_anonymising(*, days: int | None = None):
    """Finished referrals (FINISHED) not yet anonymised whose closing (or, lacking a date, last event) is older
    than the retention period. Open referrals (sent, opened, accepted, on a waiting list) never are."""
    days = settings.KITH_REFERRAL_RETENTION_DAYS if days is None else days
    cutoff = timezone.now() - datetime.timedelta(days=days)
    return Referral.objects.filter(status__in=FINISHED, anonymised_at__isnull=True) \
        .annotate(closed_on=Coalesce("closed_at", Max("events__at"), "sent_at")).filter(closed_on__lt=cutoff)
