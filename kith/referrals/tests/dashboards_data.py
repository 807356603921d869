"""Hand-built referrals for the dashboards tests: sent through the services, then moved on directly
(status, times and the answer event), as the answering pages would leave them."""

import datetime
from zoneinfo import ZoneInfo

from kith.referrals.models import EventKind, Referral, ReferralEvent, Status
from kith.testing import factories

from .helpers import sent_referral

LONDON = ZoneInfo("Europe/London")
POSTCODE = "SR1 1AA"


def at(text: str) -> datetime.datetime:
    """'2026-11-02 09:00' in local time."""
    return datetime.datetime.fromisoformat(text).replace(tzinfo=LONDON)


def referral(service, *, by, organisation, sent: datetime.datetime, status: str = Status.SENT,
             opened: datetime.datetime | None = None, answer: str = "", answered: datetime.datetime | None = None,
             decline_reason: str = "", outcome: str = "", needs=()) -> Referral:
    made = sent_referral(service, by=by, organisation=organisation)
    made.postcode = POSTCODE
    made.save(update_fields=["postcode"])
    Referral.objects.filter(pk=made.pk).update(sent_at=sent, opened_at=opened, status=status,
                                               decline_reason=decline_reason, outcome=outcome)
    if answer:
        ReferralEvent.objects.create(referral=made, kind=EventKind.STATUS_CHANGED, from_status=Status.OPENED,
                                     to_status=answer, at=answered)
    made.needs.set(needs)
    made.refresh_from_db()
    return made


def professional(organisation):
    return factories.MembershipFactory(organisation=organisation, role="member").user


def organisation_with_service(name: str, organisation_type: str):
    organisation = factories.OrganisationFactory(name=name, organisation_type=organisation_type)
    return organisation, factories.ServiceFactory(organisation=organisation, name=f"{name} service",
                                                  referral_route="both")
