"""Declines for lack of capacity or eligibility become anonymised unmet need on the needs map: one
DeclinedReferral per need on the referral, with the small area (LSOA) the person lives in and the month.

Nothing leads back to the person or the referral: no reference, no id, no date finer than the month.
The postcode is decrypted in memory only to find its LSOA, then dropped; a postcode the directory does
not hold exactly, or one outside the place, gives no area rather than a guess.
"""

import datetime
import logging

from django.conf import settings
from django.db import DatabaseError, transaction
from django.utils import timezone

from kith.areas.models import Area
from kith.needs.intelligence.places import lsoas_of
from kith.needs.models import DeclinedReferral
from kith.postcodes.lookup import PostcodeError, find

from ..models import Referral, Status

logger = logging.getLogger(__name__)


def lsoa_for_postcode(postcode: str) -> Area | None:
    """The Area (LSOA) of the place holding this postcode, or None."""
    if not postcode:
        return None
    try:
        match = find(postcode)
    except PostcodeError:
        return None
    if not match.exact:
        return None
    code = lsoas_of(settings.KITH_PLACE_CODE).containing(match.latitude, match.longitude)
    return None if code is None else Area.objects.filter(code=code).first()


def record_unmet_need(sender, *, referral: Referral, to_status: str, event=None, **kwargs) -> None:
    """Listener for referral_status_changed."""
    if to_status != Status.DECLINED or referral.decline_reason not in DeclinedReferral.Reason.values:
        return
    terms = list(referral.needs.values_list("pk", flat=True))
    if not terms:
        return
    at = getattr(event, "at", None) or timezone.now()
    month = timezone.localtime(at).date().replace(day=1) if isinstance(at, datetime.datetime) else at.replace(day=1)
    # The answer has committed by now: a failure here must not turn the receiver's answer into an error page.
    try:
        with transaction.atomic():
            area = lsoa_for_postcode(referral.postcode)
            DeclinedReferral.objects.bulk_create([
                DeclinedReferral(theme_id=term, area=area, reason=referral.decline_reason, month=month)
                for term in terms])
    except DatabaseError as error:
        logger.error("Unmet need from a declined referral was not recorded: %s", type(error).__name__)
