"""Permission matrix rows for the referral inbox pages. The inbox is every organisation member's or
manager's (it names no one); answering and referring on are the receiving organisation's alone, and
everyone else signed in, the referrer included, gets 404 so that nothing is learnt by trying."""

from .matrix import SIGNED_IN, Row

RECEIVER = frozenset({"member_a", "manager_a"})
MEMBERS = frozenset({"member_a", "manager_a", "member_b", "lio_staff", "council_officer"})

ROWS: dict = {
    "referrals:inbox": Row(lambda r: "/referrals/inbox/", read=MEMBERS),
    "referrals:answer": Row(lambda r: f"/referrals/{r['referral_sent'].pk}/answer/", change=RECEIVER, post_only=True,
                            hidden=SIGNED_IN - RECEIVER),
    "referrals:onward": Row(lambda r: f"/referrals/{r['referral_sent'].pk}/onward/", read=RECEIVER, change=RECEIVER,
                            hidden=SIGNED_IN - RECEIVER),
}
