"""Referring someone on: the receiving organisation starts a new referral to another service, linked
to this one so the chain can be followed both ways."""

from django.db import transaction
from django.db.models import Q, QuerySet

from kith.directory.models import ReferralRoute, Service, ServiceStatus
from kith.organisations.models import Organisation

from .. import services
from ..models import Referral, Status
from . import answering

MOST_SERVICES_LISTED = 100


def onward_services(referral: Referral, query: str = "") -> QuerySet:
    """Services of other organisations a professional could refer to now, by name."""
    found = Service.objects.filter(
        status=ServiceStatus.ACTIVE, accepting_referrals=True, organisation__is_active=True,
        referral_route__in=[ReferralRoute.PROFESSIONAL, ReferralRoute.BOTH]).exclude(
        organisation=referral.receiving_organisation_id).select_related("organisation")
    query = query.strip()[:100].replace("\x00", "")
    if query:
        found = found.filter(Q(name__icontains=query) | Q(organisation__name__icontains=query))
    return found.order_by("name", "organisation__name")


def why_not_onward(referral: Referral) -> str | None:
    if referral.status == Status.CLOSED:
        return "This referral is closed, so it cannot be referred on"
    return answering.why_frozen(referral)


@transaction.atomic
def referral_refer_on(*, referral: Referral, service: Service, by, organisation: Organisation) -> Referral:
    """A draft to `service` from the receiving organisation, pointing back at `referral`. When the
    person agreed their details may go to services it refers them on to, the consent and details are
    carried over for checking; otherwise the journey asks for consent afresh and carries nothing."""
    draft = services.referral_start(service=service, by=by, organisation=organisation)
    draft.previous = referral
    consent = referral.current_consent()
    if consent is not None and consent.shared_with_onward and draft.current_consent() is None:
        services.consent_record(referral=draft, by=by, given_by=consent.given_by, given_by_name=consent.given_by_name,
                                shared_items=consent.shared_items, shared_with_onward=True, purpose=consent.purpose,
                                method=consent.method)
        carried = [name for name in services.PERSONAL_FIELDS
                   if name != "reason" and not getattr(draft, name) and getattr(referral, name)]
        for name in carried:
            setattr(draft, name, getattr(referral, name))
        if carried:
            # Carrying details on is a use of them like a view or an export: the original's trail says so.
            services.referral_record_sharing(referral=referral, by=by, organisation=organisation, fields=carried,
                                             onward=draft)
    draft.save()
    return draft
