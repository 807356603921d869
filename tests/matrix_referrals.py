"""Permission matrix rows for referrals. A draft is its maker's alone; a sent referral belongs to the
referring and receiving organisations (and a self-referrer). Anyone else signed in, whatever their
role, gets 404: not even the referral's existence is theirs to learn."""

from django.core.cache import cache

from kith.referrals import services
from kith.referrals.models import Status
from kith.testing import factories

from .matrix import SIGNED_IN, Row

OWNER = frozenset({"member_b"})
REFERRER_AND_RECEIVER = frozenset({"member_a", "manager_a", "member_b"})


def records(records, people) -> dict:
    """member_b (Beta) refers to Alpha's service: one draft ready to check, one sent referral."""
    cache.clear()  # self-referral rate limits start afresh for every test
    member_b = people["member_b"]
    organisation = member_b.memberships.get().organisation
    referrals = []
    for service in (records["service"], factories.ServiceFactory(organisation=records["org"])):
        draft = services.referral_start(service=service, by=member_b, organisation=organisation)
        services.consent_record(referral=draft, by=member_b, given_by="person", method="verbal",
                                shared_items=["contact", "reason"], shared_with_onward=False)
        draft.person_name, draft.preferred_contact, draft.person_phone = "Ada Wearside", "phone", "07700 900 982"
        draft.reason = "Needs support with sleep."
        draft.save()
        referrals.append(draft)
    sent = services.referral_send(referral=referrals[1], by=member_b)
    assert referrals[0].status == Status.DRAFT
    return {"referral_draft": referrals[0], "referral_sent": sent}


def _draft(step: str):
    return Row(lambda r: f"/referrals/drafts/{r['referral_draft'].pk}/{step}/", read=OWNER, change=OWNER,
               hidden=SIGNED_IN - OWNER)


ROWS: dict = {
    "referrals:sent_list": Row(lambda r: "/referrals/sent/", read=SIGNED_IN),
    # The service takes both kinds of referral: professionals refer, anyone else signed in refers themselves.
    "referrals:start": Row(lambda r: f"/referrals/services/{r['service'].pk}/", read=SIGNED_IN, change=SIGNED_IN),
    "referrals:no_consent": Row(lambda r: f"/referrals/services/{r['service'].pk}/no-consent/", read=SIGNED_IN),
    "referrals:consent": _draft("consent"),
    "referrals:person": _draft("person"),
    "referrals:reason": _draft("reason"),
    "referrals:check": _draft("check"),
    "referrals:discard": Row(lambda r: f"/referrals/drafts/{r['referral_draft'].pk}/discard/", change=OWNER,
                             post_only=True, hidden=SIGNED_IN - OWNER),
    "referrals:confirmation": Row(lambda r: f"/referrals/{r['referral_sent'].pk}/sent/", read=OWNER,
                                  hidden=SIGNED_IN - OWNER),
    "referrals:detail": Row(lambda r: f"/referrals/{r['referral_sent'].pk}/", read=REFERRER_AND_RECEIVER,
                            hidden=SIGNED_IN - REFERRER_AND_RECEIVER),
}
