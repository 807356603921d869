"""Permission matrix rows for a self-referrer's private link. The token is the credential: everyone holding
it, signed in or not, whatever their role, reads the progress and may withdraw consent. Without it (a wrong
token) everyone gets 404, tested in kith/referrals/tests/test_private_link.py. Sending a new link is the
receiving organisation's alone: anyone else signed in, the self-referrer too, gets 404."""

from kith.referrals import services

from .matrix import EVERYONE, SIGNED_IN, Row
from .matrix_referrals_inbox import RECEIVER


def records(records, people) -> dict:
    """The resident refers themselves to Alpha's service: a sent self-referral and its private link."""
    resident = people["resident"]
    draft = services.referral_start(service=records["service"], by=resident, organisation=None)
    services.consent_record(referral=draft, by=resident, given_by="person", method="online",
                            shared_items=["contact", "reason"], shared_with_onward=False)
    draft.person_name, draft.preferred_contact, draft.person_email = "Ada Wearside", "email", "ada@example.org"
    draft.reason = "Needs support with sleep."
    draft.save()
    sent = services.referral_send(referral=draft, by=resident)
    return {"private_token": sent.private_link_token, "self_referral": sent}


ROWS: dict = {
    "referrals:private": Row(lambda r: f"/referrals/private/{r['private_token']}/", read=EVERYONE),
    "referrals:private_withdraw": Row(lambda r: f"/referrals/private/{r['private_token']}/withdraw-consent/",
                                      read=EVERYONE, change=EVERYONE),
    "referrals:private_link_reissue": Row(lambda r: f"/referrals/{r['self_referral'].pk}/private-link/", read=RECEIVER,
                                          change=RECEIVER, hidden=SIGNED_IN - RECEIVER),
}
