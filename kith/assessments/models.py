"""The relationship toolkit's data: the framework (principles, elements, statements, forms), rounds, invitations,
anonymous responses and answers, and action plans.

Anonymity is structural: a Response carries no user, email, address or invitation. An Invitation only knows
whether *a* response was submitted through it, which is enough to refuse a second one. Neither keeps a time finer
than the day, so no one holding the database (an administrator, a backup) can pair an invitation, which names a
person, with the response it produced by when each was written."""
import datetime
import hashlib
import hmac
import re
import secrets
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_\-]{20,100}")


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> tuple[str, str]:
    """A private token for a link, and the hash that is all the database keeps."""
    token = secrets.token_urlsafe(32)
    return token, token_hash(token)


def resume_token_hash(token: str) -> str:
    """A response's resume hash. Salted differently from an invitation's, so the hash of a response started from
    an invitation link never equals that invitation's: the database alone cannot join the two."""
    return hashlib.sha256(f"resume:{token}".encode()).hexdigest()


def plausible_token(token: str | None) -> bool:
    return bool(token) and bool(TOKEN_PATTERN.fullmatch(token))


def default_anonymity_threshold() -> int:
    return getattr(settings, "KITH_ASSESSMENT_ANONYMITY_THRESHOLD", 5)


class Principle(models.Model):
    """One of the four principles of a strategic council–VCS relationship."""

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name


class Element(models.Model):
    """A key element of a principle (trust, forums, long-term funding …), grouping its statements."""

    principle = models.ForeignKey(Principle, on_delete=models.PROTECT, related_name="elements")
    name = models.CharField(max_length=160)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["principle__order", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["principle", "name"], name="assessments_element_unique_name")]

    def __str__(self) -> str:
        return f"{self.principle}: {self.name}"


class StatementQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)

    def for_form(self, form: str):
        statements = self.active()
        if form == Round.Form.SHORT:
            statements = statements.filter(in_short_form=True)
        return statements


class Statement(models.Model):
    """An observable statement respondents rate. Retire it (active=False) rather than delete it once answered:
    past rounds keep asking what they asked."""

    element = models.ForeignKey(Element, on_delete=models.PROTECT, related_name="statements")
    text = models.CharField(max_length=400)
    order = models.PositiveSmallIntegerField(default=0)
    in_short_form = models.BooleanField(default=False, help_text="Asked of lead members in the short form.")
    active = models.BooleanField(default=True, help_text="Asked in new rounds. Past rounds keep their own questions.")

    objects = StatementQuerySet.as_manager()

    class Meta:
        ordering = ["element__principle__order", "element__order", "order", "id"]

    def __str__(self) -> str:
        return self.text

    @property
    def principle(self) -> Principle:
        return self.element.principle


class Sector(models.TextChoices):
    COUNCIL = "council", "Council"
    OTHER_STATUTORY = "other_statutory", "Other statutory body"
    VCFSE = "vcfse", "Voluntary, community, faith or social enterprise (VCFSE)"
    LIO = "lio", "Local infrastructure organisation (LIO)"


class Round(models.Model):
    """A period in which respondents from both sectors answer the framework's statements."""

    class Form(models.TextChoices):
        FULL = "full", "Full form"
        SHORT = "short", "Short form for lead members"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=160)
    form = models.CharField(max_length=8, choices=Form.choices, default=Form.FULL)
    opens_on = models.DateField()
    closes_on = models.DateField()
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    anonymity_threshold = models.PositiveSmallIntegerField(
        default=default_anonymity_threshold, validators=[MinValueValidator(1)],
        help_text="Groups with fewer respondents are never shown on their own.")
    results_published_at = models.DateTimeField(null=True, blank=True)
    share_token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    previous_round = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                       help_text="Optional: rounds are otherwise compared by date.")
    statements = models.ManyToManyField(Statement, through="RoundStatement", related_name="rounds")

    class Meta:
        ordering = ["-opens_on", "-created_at"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self.share_token_hash:
            self.share_token_hash = token_hash(self.share_token)
        super().save(*args, **kwargs)

    def is_open(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.opens_on <= today <= self.closes_on

    @property
    def state(self) -> str:
        """not yet open, open or closed."""
        today = timezone.localdate()
        if today < self.opens_on:
            return "not yet open"
        return "open" if today <= self.closes_on else "closed"

    @property
    def share_token(self) -> str:
        """The shareable link's token, derived from the secret key so it can be shown again while the database
        keeps only its hash."""
        digest = hmac.new(settings.SECRET_KEY.encode(), f"assessment-round:{self.uuid}".encode(), hashlib.sha256)
        return digest.hexdigest()[:43]

    def asked_statements(self):
        """The statements this round asks, in framework order, as they were snapshotted when it opened."""
        return self.statements.select_related("element__principle").order_by(
            "element__principle__order", "element__order", "order", "id")

    def snapshot_statements(self) -> None:
        """Fix which statements the round asks, so later edits to the framework never change its questions."""
        RoundStatement.objects.bulk_create(
            [RoundStatement(round=self, statement=s) for s in Statement.objects.for_form(self.form)],
            ignore_conflicts=True)


class RoundStatement(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="round_statements")
    statement = models.ForeignKey(Statement, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "statement"], name="assessments_round_statement_unique")]


class InvitationQuerySet(models.QuerySet):
    def by_token(self, token: str | None):
        if not plausible_token(token):
            return self.none()
        return self.filter(token_hash=token_hash(token))


class Invitation(models.Model):
    """A private link emailed to one respondent. It never points at the response it produced."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    token_hash = models.CharField(max_length=64, unique=True)
    sent_on = models.DateField(null=True, blank=True)
    # Used or not, never when: a submission time would pair it with the response written at that moment.
    used = models.BooleanField(default=False)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["email"]

    def __str__(self) -> str:
        return f"Invitation to {self.round} for {self.email}"


class ResponseQuerySet(models.QuerySet):
    def submitted(self):
        return self.filter(submitted_at__isnull=False)

    def by_resume_token(self, token: str | None):
        if not plausible_token(token):
            return self.none()
        return self.filter(resume_token_hash=resume_token_hash(token))


class Response(models.Model):
    """One anonymous respondent's answers to a round. No user, email, address or invitation on purpose."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="responses")
    sector = models.CharField(max_length=16, choices=Sector.choices)
    resume_token_hash = models.CharField(max_length=64, unique=True)
    # Days, not times (the names are older than that): an exact time would pair a response with an invitation,
    # an email or a server log written in the same second.
    started_at = models.DateField(default=timezone.localdate)
    submitted_at = models.DateField(null=True, blank=True)

    objects = ResponseQuerySet.as_manager()

    class Meta:
        ordering = ["started_at"]

    def __str__(self) -> str:
        return f"Response to {self.round} ({self.get_sector_display()})"


class Rating(models.IntegerChoices):
    STRONGLY_DISAGREE = 1, "Strongly disagree"
    DISAGREE = 2, "Disagree"
    NEITHER = 3, "Neither agree nor disagree"
    AGREE = 4, "Agree"
    STRONGLY_AGREE = 5, "Strongly agree"


class Answer(models.Model):
    """A rating of one statement; value null means "Don't know"."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    statement = models.ForeignKey(Statement, on_delete=models.PROTECT, related_name="answers")
    value = models.PositiveSmallIntegerField(null=True, blank=True, choices=Rating.choices,
                                             validators=[MinValueValidator(1), MaxValueValidator(5)])

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "statement"], name="assessments_answer_unique"),
            models.CheckConstraint(condition=models.Q(value__isnull=True) | models.Q(value__gte=1, value__lte=5),
                                   name="assessments_answer_value_range"),
        ]

    def __str__(self) -> str:
        return f"{self.statement}: {self.get_value_display() if self.value else 'Don’t know'}"


class PrincipleEvidence(models.Model):
    """A respondent's optional evidence for their ratings of one principle."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="evidence")
    principle = models.ForeignKey(Principle, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(blank=True, max_length=2000)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["response", "principle"], name="assessments_evidence_unique")]


class Action(models.Model):
    """An agreed action from a round, tied to a principle, owned by one sector or both."""

    class OwnerSector(models.TextChoices):
        COUNCIL = "council", "Council"
        VCFSE = "vcfse", "VCFSE sector"
        JOINT = "joint", "Joint"

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"
        DROPPED = "dropped", "Dropped"

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="actions")
    principle = models.ForeignKey(Principle, on_delete=models.PROTECT, related_name="actions")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    owner_name = models.CharField(max_length=160)
    owner_sector = models.CharField(max_length=8, choices=OwnerSector.choices)
    due_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.NOT_STARTED)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["principle__order", "due_on", "id"]

    def __str__(self) -> str:
        return self.title
