"""Permission matrix rows for the referral privacy pages. Withdrawing consent is for anyone who may see
the referral (its organisations' members); erasure and subject access for managers of the organisations
holding the data. LIO staff, council officers and administrators get nothing: the operator answers
requests about several organisations with the management commands."""

from .matrix import SIGNED_IN, Row
from .matrix_referrals import REFERRER_AND_RECEIVER

MANAGER_OF_RECEIVER = frozenset({"manager_a"})

ROWS: dict = {
    "referrals:withdraw_consent": Row(lambda r: f"/referrals/{r['referral_sent'].pk}/withdraw-consent/",
                                      read=REFERRER_AND_RECEIVER, change=REFERRER_AND_RECEIVER,
                                      hidden=SIGNED_IN - REFERRER_AND_RECEIVER),
    "referrals:erase": Row(lambda r: f"/referrals/{r['referral_sent'].pk}/erase/", read=MANAGER_OF_RECEIVER,
                           change=MANAGER_OF_RECEIVER, hidden=SIGNED_IN - REFERRER_AND_RECEIVER),
    "referrals:subject_access": Row(lambda r: "/referrals/subject-access/", read=MANAGER_OF_RECEIVER,
                                    change=MANAGER_OF_RECEIVER),
}
