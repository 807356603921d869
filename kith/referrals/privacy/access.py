"""Who answers for the person's data: managers of the organisations that sent or received the referral."""

from kith.organisations.models import Organisation, Role
from kith.organisations.roles import roles_for


def managed_organisations(user) -> list[Organisation]:
    ids = [pk for pk, role in roles_for(user).roles_by_organisation.items() if role == Role.MANAGER]
    return list(Organisation.objects.filter(pk__in=ids).order_by("name"))


def managing_organisation(user, referral) -> Organisation | None:
    """The referring or receiving organisation the user manages, if any."""
    managed = {org.pk for org in managed_organisations(user)}
    for organisation in (referral.receiving_organisation, referral.referring_organisation):
        if organisation is not None and organisation.pk in managed:
            return organisation
    return None
