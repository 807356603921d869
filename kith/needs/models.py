"""What the needs map knows: indicators (official statistics and uploaded figures, one value per area), needs
recorded by the sector, and saved views of the map."""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone

from kith.areas.models import Area


class Indicator(models.Model):
    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    source = models.CharField(max_length=300, blank=True)
    # The Open Government Licence asks for this sentence wherever the figures are shown.
    attribution = models.CharField(max_length=300, blank=True)
    unit = models.CharField(max_length=50, blank=True)
    # Maps shade the needier end darker whichever way an indicator runs (IoD scores up, life expectancy down).
    higher_is_more_need = models.BooleanField(default=True)
    area_kind = models.CharField(max_length=8, choices=Area.Kind.choices, default=Area.Kind.LSOA)
    period = models.CharField(max_length=20, blank=True, help_text="The year or period the figures describe, such as 2025.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class IndicatorValue(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="indicator_values")
    value = models.FloatField()
    # Official ranks run from 1 (most deprived) and deciles from 1 (most deprived tenth) to 10.
    rank = models.PositiveIntegerField(null=True, blank=True)
    decile = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["indicator", "area"], name="one_value_per_indicator_and_area")]

    def __str__(self) -> str:
        return f"{self.indicator.slug} {self.area.code}: {self.value}"


class RecordedNeed(models.Model):
    """A need someone in the sector has seen in an area: local intelligence beside the official figures.

    Recorded by members of VCFSE organisations and by officers, about people they meet, never naming them;
    LIO staff review each one before it counts towards the needs map.
    """

    class Status(models.TextChoices):
        AWAITING_REVIEW = "awaiting_review", "Awaiting review"
        ACCEPTED = "accepted", "Accepted"
        NOT_USED = "not_used", "Not used"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    theme = models.ForeignKey("directory.TaxonomyTerm", on_delete=models.PROTECT, related_name="recorded_needs")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="recorded_needs")
    description = models.TextField(max_length=2000, help_text="What people need and cannot get. Do not name anyone.")
    evidence = models.TextField(max_length=2000, blank=True,
                                help_text="How you know: requests turned away, waiting lists, a survey, casework.")
    people_count = models.PositiveIntegerField("how many people", null=True, blank=True,
                                               validators=[MaxValueValidator(1_000_000)])
    source_organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT,
                                            related_name="recorded_needs")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.AWAITING_REVIEW)
    review_note = models.TextField(max_length=2000, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-recorded_at"]
        indexes = [models.Index(fields=["status", "area"], name="recorded_need_status_area")]

    def __str__(self) -> str:
        return f"{self.theme} in {self.area}"


class SavedView(models.Model):
    """A needs map, gap analysis or area profile kept under a name: the page's address, shared by its link."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=120)
    # The path and query of a needs page (never another site): the whole view is in its address.
    address = models.CharField(max_length=1000)
    note = models.TextField(max_length=2000, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class DeclinedReferral(models.Model):
    """A referral declined for capacity or eligibility, as unmet need: the need, the small area the person
    lives in, the reason and the month — nothing that leads back to the person or the referral."""

    class Reason(models.TextChoices):
        NO_CAPACITY = "no_capacity", "No capacity"
        NOT_ELIGIBLE = "not_eligible", "Not eligible"

    id = models.BigAutoField(primary_key=True)
    theme = models.ForeignKey("directory.TaxonomyTerm", on_delete=models.PROTECT, related_name="+")
    area = models.ForeignKey(Area, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    reason = models.CharField(max_length=16, choices=Reason.choices)
    month = models.DateField(help_text="The first day of the month the referral was declined in.")

    class Meta:
        indexes = [models.Index(fields=["month", "area"], name="declined_referral_month_area")]
