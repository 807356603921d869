"""Which sector an organisation belongs to, for the network's flows: the sectors the Family Hubs
networks speak of (council, NHS, schools, the voluntary sector), from Organisation.organisation_type."""

from django.db import models

from kith.organisations.models import OrganisationType


class Sector(models.TextChoices):
    COUNCIL = "council", "Council"
    NHS = "nhs", "NHS"
    SCHOOL = "school", "Schools"
    OTHER_STATUTORY = "other_statutory", "Other statutory (police)"
    VCFSE = "vcfse", "Voluntary and community sector (VCFSE)"
    LIO = "lio", "Local infrastructure organisation"
    SELF = "self", "Self-referral"
    # An organisation removed from the directory leaves its referrals unlinked: counted, not guessed at.
    UNLISTED = "unlisted", "Organisation no longer listed"


_BY_TYPE = {
    OrganisationType.COUNCIL: Sector.COUNCIL,
    OrganisationType.NHS: Sector.NHS,
    OrganisationType.SCHOOL: Sector.SCHOOL,
    OrganisationType.POLICE: Sector.OTHER_STATUTORY,
    OrganisationType.LIO: Sector.LIO,
    **{kind: Sector.VCFSE for kind in (
        OrganisationType.CHARITY, OrganisationType.CIO, OrganisationType.CHARITABLE_COMPANY,
        OrganisationType.COMMUNITY_GROUP, OrganisationType.FAITH_GROUP, OrganisationType.SOCIAL_ENTERPRISE,
        OrganisationType.CIC, OrganisationType.MUTUAL)},
}


def sector_of(organisation_type: str | None, *, self_referral: bool = False) -> Sector:
    """The sector of a referral's end: a self-referral's source is the person, not an organisation."""
    if self_referral:
        return Sector.SELF
    # A type added later and not yet placed counts as other statutory rather than vanishing.
    return _BY_TYPE.get(organisation_type, Sector.OTHER_STATUTORY) if organisation_type else Sector.UNLISTED
