"""What a person may do, derived from their memberships. Every view asks here.

- administrator: a superuser; everything, and the Django admin.
- LIO staff: a member of the place's local infrastructure organisation; sees the whole sector,
  verifies records, may edit any organisation's records and invite people to any organisation.
- council officer: a member or manager of a council organisation; reads the whole sector.
- lead member: a councillor, with the lead-member role in the council.
- organisation member or manager: edits their own organisation's records; managers also invite.
- resident: signed in with no memberships, or anonymous: public pages only.
"""

from dataclasses import dataclass, field

from .models import Membership, OrganisationType, Role


@dataclass
class Roles:
    is_authenticated: bool = False
    is_administrator: bool = False
    is_lio_staff: bool = False
    is_council_officer: bool = False
    is_lead_member: bool = False
    roles_by_organisation: dict = field(default_factory=dict)

    @property
    def editable_organisation_ids(self) -> set:
        return {org_id for org_id, role in self.roles_by_organisation.items() if role in (Role.MEMBER, Role.MANAGER)}

    @property
    def is_professional(self) -> bool:
        return bool(self.roles_by_organisation)

    @property
    def sees_whole_sector(self) -> bool:
        return self.is_administrator or self.is_lio_staff or self.is_council_officer

    def can_edit(self, organisation) -> bool:
        return self.is_administrator or self.is_lio_staff or organisation.pk in self.editable_organisation_ids

    def can_manage_members(self, organisation) -> bool:
        return (self.is_administrator or self.is_lio_staff
                or self.roles_by_organisation.get(organisation.pk) == Role.MANAGER)

    def can_see_history(self, organisation) -> bool:
        return self.is_administrator or self.is_lio_staff or organisation.pk in self.roles_by_organisation

    @property
    def can_verify(self) -> bool:
        return self.is_administrator or self.is_lio_staff


def roles_for(user) -> Roles:
    """The user's roles, computed once per request and kept on the user object."""
    if user is None or not user.is_authenticated:
        return Roles()
    cached = getattr(user, "_kith_roles", None)
    if cached is not None:
        return cached
    roles = Roles(is_authenticated=True, is_administrator=user.is_superuser)
    for membership in Membership.objects.filter(user=user).select_related("organisation"):
        org = membership.organisation
        roles.roles_by_organisation[org.pk] = membership.role
        if org.organisation_type == OrganisationType.LIO and membership.role in (Role.MEMBER, Role.MANAGER):
            roles.is_lio_staff = True
        if org.organisation_type == OrganisationType.COUNCIL:
            if membership.role == Role.LEAD_MEMBER:
                roles.is_lead_member = True
            else:
                roles.is_council_officer = True
    user._kith_roles = roles
    return roles
