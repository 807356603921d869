"""A new private link for a self-referrer who has lost theirs, sent by the receiving organisation.

The old link stops working the moment the new one is issued (only one hash is kept). The new link goes to
the email address the person gave, carrying the reference and the link only; without an address it is
shown once to the member who asked, to read out to the person. Either way it is audited: who, when, and
whether it was emailed (never the address or the link).
"""

from django.db import transaction

from kith.core.audit import record_event
from kith.organisations.models import Organisation

from ..models import EventKind, Referral, ReferralEvent
from ..notifications import sending
from .links import private_link_issue, private_url

NOT_SELF_REFERRAL = "Only a referral the person made themselves has a private link"
ERASED = "The person’s details have been erased, so there is no private link to replace"
WITHDRAWN = "The person’s consent has been withdrawn, so there is no private link to replace"


def why_no_new_link(referral: Referral) -> str | None:
    """Why this referral's private link cannot be replaced, or None when it can."""
    if not referral.self_referral or referral.is_draft:
        return NOT_SELF_REFERRAL
    if referral.anonymised_at is not None:
        return ERASED
    if referral.current_consent() is None:
        return WITHDRAWN
    return None


class Refused(Exception):
    """No new link may be issued; the message says why."""


@transaction.atomic
def private_link_reissue(*, referral: Referral, by, organisation: Organisation) -> str:
    """Replace the self-referral's private link on behalf of the receiving organisation: the new link, to show
    once, or "" when it went by email. Locks the row, so a withdrawal or erasure at the same moment either
    comes first (and this is refused) or after."""
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    if (why := why_no_new_link(referral)) is not None:
        raise Refused(why)
    url = private_url(private_link_issue(referral), absolute=True)
    address = referral.person_email
    ReferralEvent.objects.create(referral=referral, actor=by, actor_organisation=organisation,
                                 kind=EventKind.LINK_REISSUED, from_status=referral.status, to_status=referral.status,
                                 fields="person_email" if address else "")
    record_event(actor=by, verb="referral_private_link_reissued", obj=referral, after={"emailed": bool(address)})
    if address:
        transaction.on_commit(lambda: sending.private_link_reissued(referral, private_link=url, address=address))
        return ""
    return url
