"""What the viewer of a referral's page may do with the person's data (templates/referrals/includes/privacy_actions.html)."""

from django import template

from ..privacy.access import managed_organisations, managing_organisation

register = template.Library()


@register.simple_tag(takes_context=True)
def privacy_actions(context, referral, consent) -> dict:
    """Only called on the referral's page, which only its organisations' members and the self-referrer see."""
    user = context["request"].user
    erased = referral.anonymised_at is not None
    return {
        "withdraw": consent is not None and not erased,
        "erase": not erased and managing_organisation(user, referral) is not None,
        "subject_access": bool(managed_organisations(user)),
    }
