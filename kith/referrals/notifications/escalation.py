"""Escalating referrals nobody has opened within KITH_REFERRAL_ESCALATE_AFTER_WORKING_DAYS working days:
once each, recorded on the referral (escalated_at) and in its audit trail."""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from kith.core.audit import record_event

from ..models import EventKind, Referral, ReferralEvent, Status
from . import sending
from .workdays import overdue_before


def is_overdue(referral: Referral) -> bool:
    """Sent, still not opened, and older than the allowed working days (whether or not escalated yet)."""
    return referral.is_overdue


def overdue_referrals(today: datetime.date | None = None):
    """Referrals due for escalation and not yet escalated."""
    cutoff = overdue_before(today or timezone.localdate(), settings.KITH_REFERRAL_ESCALATE_AFTER_WORKING_DAYS)
    starts = datetime.datetime.combine(cutoff, datetime.time.min, tzinfo=timezone.get_current_timezone())
    return Referral.objects.filter(status=Status.SENT, escalated_at__isnull=True, sent_at__lt=starts) \
        .select_related("service", "receiving_organisation", "referred_by").order_by("sent_at")


@transaction.atomic
def referral_escalate(*, referral: Referral) -> bool:
    """Escalate one referral unless it has been opened or escalated meanwhile (by another run): the
    conditional update claims it, so two runs at once cannot both tell the managers. True if this run did."""
    now = timezone.now()
    claimed = Referral.objects.filter(pk=referral.pk, status=Status.SENT, escalated_at__isnull=True) \
        .update(escalated_at=now)
    if not claimed:
        return False
    referral.escalated_at = now
    days = settings.KITH_REFERRAL_ESCALATE_AFTER_WORKING_DAYS
    ReferralEvent.objects.create(referral=referral, kind=EventKind.ESCALATED, from_status=Status.SENT,
                                 to_status=Status.SENT)
    record_event(actor=None, verb="referral_escalated", obj=referral, after={"working_days": days})
    sending.referral_not_opened(referral, working_days=days)
    return True
