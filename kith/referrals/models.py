"""Referrals, the consent behind each, and the audit of every change and every view of one.

The person's details are encrypted at rest (fields.EncryptedTextField) and appear in no __str__,
URL, log or admin list: a referral is named by its short reference. Status names follow the
closed loop of issue 6: draft → sent → opened → accepted / waiting list / declined / could not
contact → outcome recorded → closed.
"""

import datetime
import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from kith.directory.models import Service, TaxonomyTerm
from kith.organisations.models import Organisation

from .fields import EncryptedTextField
from .notifications.workdays import is_overdue_on

# Crockford's base 32 without I, L, O and U (and 0, 1): nothing to misread over the phone.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_reference() -> str:
    chars = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"KR-{chars[:4]}-{chars[4:]}"


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    SENT = "sent", "Sent"
    OPENED = "opened", "Opened"
    ACCEPTED = "accepted", "Accepted"
    WAITING_LIST = "waiting_list", "On the waiting list"
    DECLINED = "declined", "Declined"
    COULD_NOT_CONTACT = "could_not_contact", "Could not contact"
    OUTCOME_RECORDED = "outcome_recorded", "Outcome recorded"
    CLOSED = "closed", "Closed"


class DeclineReason(models.TextChoices):
    NO_CAPACITY = "no_capacity", "No capacity"
    NOT_ELIGIBLE = "not_eligible", "Not eligible"
    NOT_SUITABLE = "not_suitable", "Not suitable"
    OTHER = "other", "Other"


class Outcome(models.TextChoices):
    GOT_HELP = "got_help", "Got help"
    PARTLY = "partly", "Partly helped"
    DID_NOT_ENGAGE = "did_not_engage", "Did not engage"
    REFERRED_ON = "referred_on", "Referred on"


class ContactMethod(models.TextChoices):
    EMAIL = "email", "Email"
    PHONE = "phone", "Phone call"
    TEXT = "text", "Text message"


class ReferralQuerySet(models.QuerySet):
    def sent(self) -> "ReferralQuerySet":
        return self.exclude(status=Status.DRAFT)

    def drafts_of(self, user) -> "ReferralQuerySet":
        return self.filter(status=Status.DRAFT, referred_by=user, service__isnull=False)

    def sent_by(self, user) -> "ReferralQuerySet":
        """What the person sent themselves (for their organisation or as a self-referral)."""
        return self.sent().filter(referred_by=user)

    def visible_to(self, user, organisation_ids) -> "ReferralQuerySet":
        """Referrals whose personal details the user may see: those of their organisations, sending
        or receiving, and their own self-referrals. Nobody else, whatever their role."""
        ids = list(organisation_ids)
        return self.sent().filter(
            Q(referring_organisation__in=ids) | Q(receiving_organisation__in=ids) | Q(self_referral=True, referred_by=user)
        )

    def stale_drafts(self, *, older_than: datetime.timedelta) -> "ReferralQuerySet":
        return self.filter(status=Status.DRAFT, updated_at__lt=timezone.now() - older_than)


class Referral(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    reference = models.CharField(max_length=12, unique=True, default=new_reference, editable=False)
    # A referral outlives the directory records it points to: a service or organisation removed (by
    # an editor, a feed or a demo reset, none of which know of referrals) leaves it in place, unlinked.
    service = models.ForeignKey(Service, null=True, on_delete=models.SET_NULL, related_name="referrals")
    receiving_organisation = models.ForeignKey(Organisation, null=True, on_delete=models.SET_NULL,
                                               related_name="referrals_received")
    # Empty for a self-referral (self_referral says which, should the organisation be removed).
    referring_organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.SET_NULL,
                                               related_name="referrals_sent")
    referred_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="referrals_made")
    self_referral = models.BooleanField(default=False)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True)

    # The person: encrypted, and only what the service needs.
    person_name = EncryptedTextField(blank=True)
    person_email = EncryptedTextField(blank=True)
    person_phone = EncryptedTextField(blank=True)
    preferred_contact = EncryptedTextField(blank=True)
    date_of_birth = EncryptedTextField(blank=True, help_text="ISO date, when the service has age limits.")
    age = EncryptedTextField(blank=True, help_text="Age in years, when the date of birth is not known.")
    postcode = EncryptedTextField(blank=True)
    reason = EncryptedTextField(blank=True)
    # Needs are the directory's vocabulary, not personal data: kept plain for the dashboards.
    needs = models.ManyToManyField(TaxonomyTerm, blank=True, related_name="+")

    # Answering (built next): what the receiver says and when.
    expected_date = models.DateField(null=True, blank=True)
    decline_reason = models.CharField(max_length=20, choices=DeclineReason.choices, blank=True)
    decline_text = EncryptedTextField(blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    outcome_text = EncryptedTextField(blank=True)
    previous = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="onward")

    # Raised by every change, so two people answering at once cannot overwrite each other.
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)
    # When the receiver's managers were told it had not been opened in time: set once, so never told twice.
    escalated_at = models.DateTimeField(null=True, blank=True)
    # A self-referrer's private link (private/links.py): only the SHA-256 of its token is kept, so
    # the link cannot be rebuilt from the database; empty for professional referrals.
    private_link_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    private_link_created_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ReferralQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["receiving_organisation", "status", "-sent_at"]),
            models.Index(fields=["referring_organisation", "-sent_at"]),
            models.Index(fields=["referred_by", "status", "-created_at"]),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_draft(self) -> bool:
        return self.status == Status.DRAFT

    @property
    def is_overdue(self) -> bool:
        """Sent but not opened within KITH_REFERRAL_ESCALATE_AFTER_WORKING_DAYS working days."""
        if self.status != Status.SENT or self.sent_at is None:
            return False
        return is_overdue_on(timezone.localdate(self.sent_at), timezone.localdate(),
                             settings.KITH_REFERRAL_ESCALATE_AFTER_WORKING_DAYS)

    @property
    def service_name(self) -> str:
        return self.service.name if self.service else "A service no longer listed"

    @property
    def receiving_name(self) -> str:
        return self.receiving_organisation.name if self.receiving_organisation else "An organisation no longer listed"

    @property
    def asks_age(self) -> bool:
        """Whether the service has age limits (an age already given is still shown if it has gone)."""
        if self.service is None:
            return bool(self.date_of_birth or self.age)
        return self.service.minimum_age is not None or self.service.maximum_age is not None

    def person_rows(self) -> list[tuple[str, str]]:
        """The person's details as (label, text) for summary lists: decrypts, so audit the view."""
        contact = ContactMethod(self.preferred_contact).label if self.preferred_contact in ContactMethod.values else ""
        rows = [("Name", self.person_name), ("Preferred contact", contact), ("Email", self.person_email),
                ("Phone", self.person_phone)]
        if self.asks_age:
            born = datetime.date.fromisoformat(self.date_of_birth) if self.date_of_birth else None
            rows += [("Date of birth", f"{born.day} {born:%B %Y}" if born else ""), ("Age", self.age)]
        return rows + [("Postcode", self.postcode)]

    def current_consent(self) -> "Consent | None":
        return self.consents.filter(withdrawn_at__isnull=True).order_by("-recorded_at").first()

    def missing_step(self) -> str | None:
        """The first step of the journey not yet done, or None when the draft is ready to check."""
        if self.current_consent() is None:
            return "consent"
        if not self.person_name:
            return "person"
        if not self.reason:
            return "reason"
        return None


class GivenBy(models.TextChoices):
    PERSON = "person", "The person being referred"
    PARENT_OR_CARER = "parent_or_carer", "A parent or carer with authority to agree for them"


class ConsentMethod(models.TextChoices):
    VERBAL = "verbal", "Verbally (in person or by phone)"
    WRITTEN = "written", "In writing"
    ONLINE = "online", "Online"


class SharedItem(models.TextChoices):
    CONTACT = "contact", "Name and contact details"
    AGE = "age", "Date of birth or age"
    REASON = "reason", "The reason for the referral and their needs"


class Consent(models.Model):
    """The agreement a referral rests on. Withdrawing it is recorded, never deleted."""

    RECEIVER = "the_service"
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="consents")
    given_by = models.CharField(max_length=20, choices=GivenBy.choices)
    # Name of the parent or carer, when it was not the person: personal, so encrypted.
    given_by_name = EncryptedTextField(blank=True)
    shared_items = models.JSONField(default=list, help_text="SharedItem codes the person agreed to share.")
    # Who it may be shared with: the receiving service; and, if agreed, services it refers them on to.
    shared_with_onward = models.BooleanField(default=False)
    purpose = models.CharField(max_length=200, default="To arrange support from the service the person is referred to")
    method = models.CharField(max_length=10, choices=ConsentMethod.choices)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-recorded_at"]

    def __str__(self) -> str:
        return f"Consent for {self.referral.reference}"


class EventKind(models.TextChoices):
    CREATED = "created", "Started"
    SENT = "sent", "Sent"
    STATUS_CHANGED = "status_changed", "Status changed"
    VIEWED = "viewed", "Personal details viewed"
    CONSENT_WITHDRAWN = "consent_withdrawn", "Consent withdrawn"
    EXPORTED = "exported", "Exported"
    ANONYMISED = "anonymised", "Anonymised"
    ESCALATED = "escalated", "Escalated: not opened in time"
    LINK_REISSUED = "link_reissued", "New private link sent"
    SHARED_ONWARD = "shared_onward", "Details carried to an onward referral"


class ReferralEvent(models.Model):
    """Who did what to a referral, and when: each status change and each view of the personal
    details. Holds no personal data of the person referred, only codes and field names."""

    id = models.BigAutoField(primary_key=True)
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # The organisation the actor acted for, so the trail reads after the account is gone.
    actor_organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    from_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    # What was seen or changed, as field names (for example "person_name,reason"), never values.
    fields = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = "referral audit entry"
        verbose_name_plural = "referral audit trail"

    def __str__(self) -> str:
        return f"{self.referral.reference}: {self.get_kind_display()}"


class PersonKey(models.Model):
    """A keyed hash (HMAC) of one of the person's identifiers (normalised email, phone, or name with date of
    birth), so a subject access or erasure request can find every referral about someone while the
    identifiers themselves stay encrypted. The hash key is derived from the referral keys' secret."""

    id = models.BigAutoField(primary_key=True)
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="person_keys")
    digest = models.CharField(max_length=64, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["referral", "digest"], name="one_person_key_per_referral")]


class Notification(models.Model):
    """An on-screen notice for one person about one referral: what happened, never who it is about."""

    class Kind(models.TextChoices):
        RECEIVED = "received", "New referral received"
        STATUS_CHANGED = "status_changed", "Referral status changed"
        NOT_OPENED = "not_opened", "Referral not opened in time"

    id = models.BigAutoField(primary_key=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="referral_notifications")
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    # Written from the reference, the service and the status only: no personal data.
    message = models.CharField(max_length=300)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_user_unread")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.referral.reference}"
