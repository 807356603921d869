"""Permission matrix rows for the referral notifications pages. Everyone signed in has their own list;
one person's notification is nobody else's to mark, and others are told it does not exist (404)."""

from kith.referrals.models import Notification

from .matrix import SIGNED_IN, Row

OWNER = frozenset({"member_a"})


def records(records, people) -> dict:
    """A notice to member_a (receiving organisation Alpha) about the referral matrix_referrals sent."""
    referral = records["referral_sent"]
    notice = Notification.objects.create(user=people["member_a"], referral=referral, kind=Notification.Kind.RECEIVED,
                                         message=f"New referral {referral.reference} for {referral.service_name}")
    return {"notification": notice}


ROWS: dict = {
    "referrals:notifications": Row(lambda r: "/referrals/notifications/", read=SIGNED_IN),
    "referrals:notifications_read": Row(lambda r: "/referrals/notifications/read/", change=SIGNED_IN, post_only=True),
    "referrals:notification_read": Row(lambda r: f"/referrals/notifications/{r['notification'].pk}/read/",
                                       change=OWNER, post_only=True, hidden=SIGNED_IN - OWNER),
}
