"""Listeners to the referral signals (sent after the change has committed). A failure here is logged and
swallowed: whoever sent or answered the referral has finished, and their change stands."""

import logging

from .. import signals
from . import sending

logger = logging.getLogger(__name__)


def on_referral_sent(sender, *, referral, by=None, **kwargs) -> None:
    try:
        sending.referral_received(referral)
    except Exception as error:  # noqa: BLE001
        logger.error("Could not notify the receiver of referral %s (%s)", referral.reference, type(error).__name__)


def on_referral_status_changed(sender, *, referral, to_status, by=None, **kwargs) -> None:
    try:
        sending.referral_status_changed(referral, to_status=to_status, by=by)
    except Exception as error:  # noqa: BLE001
        logger.error("Could not notify the referrer of referral %s (%s)", referral.reference, type(error).__name__)


def connect() -> None:
    signals.referral_sent.connect(on_referral_sent, dispatch_uid="referral_notifications_sent")
    signals.referral_status_changed.connect(on_referral_status_changed, dispatch_uid="referral_notifications_changed")
