"""Where imported records came from: ORUK feeds, their import runs, and per-record provenance."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from kith.core.models import Job


class Feed(models.Model):
    """An ORUK feed Kith imports from: an API's base address, or a JSON file by name."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=200, unique=True)
    source = models.CharField("address or file name", max_length=500)
    is_url = models.BooleanField(default=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    last_imported_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class FeedRun(models.Model):
    """One import of a feed: the job that ran it holds the progress and the report."""

    feed = models.ForeignKey(Feed, on_delete=models.CASCADE, related_name="runs")
    job = models.OneToOneField(Job, on_delete=models.CASCADE, related_name="feed_run")

    class Meta:
        ordering = ["-job__created_at"]

    def __str__(self) -> str:
        return f"{self.feed} at {self.job.created_at:%Y-%m-%d %H:%M}"


class Entity(models.TextChoices):
    ORGANISATION = "organisation", "Organisation"
    SERVICE = "service", "Service"
    LOCATION = "location", "Location"
    SERVICE_AT_LOCATION = "service_at_location", "Service at location"
    ADDRESS = "address", "Address"
    PHONE = "phone", "Phone"
    CONTACT = "contact", "Contact"
    SCHEDULE = "schedule", "Opening time"
    SERVICE_AREA = "service_area", "Service area"
    LANGUAGE = "language", "Language"
    COST_OPTION = "cost_option", "Cost option"
    FUNDING = "funding", "Funding"
    ATTRIBUTE = "attribute", "Need or service type"


class ImportedRecord(models.Model):
    """One record of a feed and the local record made from it.

    `content_hash` is of the cleaned incoming record: the same hash on the next run means nothing
    to write. `not_seen_since` is set when a run no longer finds the record in the feed; the local
    record is kept for people to decide about.
    """

    feed = models.ForeignKey(Feed, on_delete=models.CASCADE, related_name="records")
    entity = models.CharField(max_length=24, choices=Entity.choices)
    # Up to 500: a part without its own id is known by its service's id and its place in it.
    external_id = models.CharField(max_length=500)
    local_id = models.UUIDField(db_index=True)
    # For parts of a service (phones, schedules and so on): the service's external id, so that the
    # parts it no longer has are removed with it.
    parent_id = models.CharField(max_length=500, blank=True, db_index=True)
    fetched_at = models.DateTimeField()
    first_seen = models.DateTimeField()
    last_seen = models.DateTimeField()
    not_seen_since = models.DateTimeField(null=True, blank=True)
    content_hash = models.CharField(max_length=64, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["feed", "entity", "external_id"], name="one_record_per_feed_id")]
        indexes = [models.Index(fields=["feed", "entity", "not_seen_since"])]

    def __str__(self) -> str:
        return f"{self.feed}: {self.entity} {self.external_id}"
