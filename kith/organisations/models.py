import datetime
import hashlib
import re
import secrets
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, RegexValidator
from django.db import models
from django.utils import timezone

from .identifiers import validate_org_id

gss_code_validator = RegexValidator(
    r"^[EWSNK]\d{8}$", "Enter a GSS area code: a letter and 8 digits, like E08000024"
)


def validate_gss_codes(value):
    if not isinstance(value, list):
        raise ValidationError("Areas served must be a list of GSS codes")
    for code in value:
        gss_code_validator(code)


class Verification(models.TextChoices):
    AWAITING = "awaiting", "Awaiting verification"
    VERIFIED = "verified", "Verified"
    SENT_BACK = "sent_back", "Sent back for changes"


class VerifiableQuerySet(models.QuerySet):
    def awaiting_verification(self):
        return self.filter(verification_status=Verification.AWAITING)

    def possibly_out_of_date(self):
        cutoff = timezone.now() - datetime.timedelta(days=settings.KITH_STALE_AFTER_DAYS)
        return self.filter(models.Q(last_confirmed_at__isnull=True) | models.Q(last_confirmed_at__lt=cutoff))


class Verifiable(models.Model):
    """A record its organisation keeps and the LIO verifies.

    `last_confirmed_at` moves when the owner confirms the record is still right or the LIO verifies
    it; a record not confirmed for KITH_STALE_AFTER_DAYS is shown as possibly out of date.
    """

    verification_status = models.CharField(
        max_length=16, choices=Verification.choices, default=Verification.AWAITING, db_index=True
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verification_comment = models.TextField(blank=True)
    last_confirmed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    @property
    def is_verified(self) -> bool:
        return self.verification_status == Verification.VERIFIED

    @property
    def is_possibly_out_of_date(self) -> bool:
        if self.last_confirmed_at is None:
            return True
        return timezone.now() - self.last_confirmed_at > datetime.timedelta(days=settings.KITH_STALE_AFTER_DAYS)


class OrganisationType(models.TextChoices):
    CHARITY = "charity", "Registered charity (unincorporated)"
    CIO = "cio", "Charitable incorporated organisation (CIO)"
    CHARITABLE_COMPANY = "charitable_company", "Charitable company"
    COMMUNITY_GROUP = "community_group", "Community group"
    FAITH_GROUP = "faith_group", "Faith group"
    SOCIAL_ENTERPRISE = "social_enterprise", "Social enterprise"
    CIC = "cic", "Community interest company (CIC)"
    MUTUAL = "mutual", "Mutual or co-operative"
    COUNCIL = "council", "Statutory: council"
    NHS = "nhs", "Statutory: NHS"
    SCHOOL = "school", "Statutory: school"
    POLICE = "police", "Statutory: police"
    LIO = "lio", "Local infrastructure organisation (CVS)"

    @classmethod
    def statutory(cls) -> set[str]:
        return {cls.COUNCIL, cls.NHS, cls.SCHOOL, cls.POLICE}


class IncomeBand(models.TextChoices):
    MICRO = "micro", "Micro: under £10,000"
    SMALL = "small", "Small: £10,000 to £100,000"
    MEDIUM = "medium", "Medium: £100,000 to £1 million"
    LARGE = "large", "Large: £1 million to £10 million"
    MAJOR = "major", "Major: over £10 million"


class OrganisationQuerySet(VerifiableQuerySet):
    def active(self):
        return self.filter(is_active=True)

    def editable_by(self, user):
        from .roles import roles_for

        roles = roles_for(user)
        if roles.is_administrator or roles.is_lio_staff:
            return self
        return self.filter(pk__in=roles.editable_organisation_ids)


class Organisation(Verifiable):
    """An organisation (HSDS `organization`) with the UK extras a place needs."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=200)
    alternate_name = models.CharField("other name", max_length=200, blank=True)
    description = models.TextField(max_length=5000, help_text="What the organisation does, in plain words.")
    email = models.EmailField(blank=True)
    website = models.URLField(max_length=500, blank=True)
    organisation_type = models.CharField(max_length=32, choices=OrganisationType.choices)
    charity_number = models.CharField(
        max_length=16, blank=True,
        validators=[RegexValidator(r"^(\d{6,8}(-\d{1,3})?|SC\d{6})$", "Enter a charity number of 6 to 8 digits, like 1090095, or a Scottish one like SC012345")],
    )
    company_number = models.CharField(
        max_length=8, blank=True,
        validators=[RegexValidator(r"^([0-9]{8}|[A-Z]{2}[0-9]{6})$", "Enter a company number of 8 characters, like 01234567 or SC123456")],
    )
    org_id = models.CharField(
        "org-id identifier", max_length=60, blank=True, db_index=True, validators=[validate_org_id],
        help_text="The organisation's identifier from org-id.guide, like GB-CHC-1090095.",
    )
    income_band = models.CharField("size by annual income", max_length=16, choices=IncomeBand.choices, blank=True)
    volunteers = models.PositiveIntegerField("number of volunteers", null=True, blank=True, validators=[MaxValueValidator(1_000_000)])
    staff = models.PositiveIntegerField("number of paid staff", null=True, blank=True, validators=[MaxValueValidator(1_000_000)])
    areas_served = models.JSONField(default=list, blank=True, validators=[validate_gss_codes],
                                    help_text="GSS codes of the areas served, like E08000024.")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children")
    is_active = models.BooleanField(default=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["organisation_type"])]

    def __str__(self) -> str:
        return self.name

    @property
    def is_statutory(self) -> bool:
        return self.organisation_type in OrganisationType.statutory()

    @property
    def is_lio(self) -> bool:
        return self.organisation_type == OrganisationType.LIO

    @property
    def is_council(self) -> bool:
        return self.organisation_type == OrganisationType.COUNCIL


class Role(models.TextChoices):
    MEMBER = "member", "Member"
    MANAGER = "manager", "Manager"
    LEAD_MEMBER = "lead_member", "Lead member (councillor)"


class Membership(models.Model):
    """A person's place in one organisation. A person may belong to several, with a role in each."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["organisation__name"]
        constraints = [models.UniqueConstraint(fields=["user", "organisation"], name="one_membership_per_organisation")]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} of {self.organisation}"


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now())

    def by_token(self, token: str):
        if not token or len(token) > 100 or not re.fullmatch(r"[A-Za-z0-9_\-]+", token):
            return self.none()
        return self.filter(token_hash=_token_hash(token))


class Invitation(models.Model):
    """An invitation to join an organisation with a role. Only a hash of its token is stored."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.MEMBER)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Invitation for {self.email} to {self.organisation}"

    @staticmethod
    def new_token() -> tuple[str, str]:
        token = secrets.token_urlsafe(32)
        return token, _token_hash(token)

    @property
    def is_pending(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > timezone.now()

    @property
    def state(self) -> str:
        """pending, accepted, revoked or expired: what the person holding the link is told."""
        if self.accepted_at is not None:
            return "accepted"
        if self.revoked_at is not None:
            return "revoked"
        return "pending" if self.expires_at > timezone.now() else "expired"
