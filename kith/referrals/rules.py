"""Who may refer whom to which service: pure rules on a service and a person's roles."""

from kith.directory.models import ReferralRoute, Service, ServiceStatus

SIGNPOSTING = "signposting"
NOT_ACCEPTING = "not_accepting"
PROFESSIONALS_ONLY = "professionals_only"
SELF_ONLY = "self_only"


def refusal(service: Service, roles) -> str | None:
    """Why this person cannot refer to this service (a code), or None when they can.

    Members of any organisation refer as professionals; anyone else signed in refers themselves.
    """
    if not service.can_be_referred_to:
        return SIGNPOSTING
    if not service.accepting_referrals or service.status != ServiceStatus.ACTIVE or not service.organisation.is_active:
        return NOT_ACCEPTING
    if roles.is_professional:
        return None if service.referral_route in (ReferralRoute.PROFESSIONAL, ReferralRoute.BOTH) else SELF_ONLY
    return None if service.referral_route in (ReferralRoute.SELF, ReferralRoute.BOTH) else PROFESSIONALS_ONLY


def takes_referrals_from(service: Service, roles) -> bool:
    """Whether to offer "Make a referral" at all (a service not accepting now still says so itself)."""
    return refusal(service, roles) in (None, NOT_ACCEPTING)
