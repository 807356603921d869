import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone


class EventQuerySet(models.QuerySet):
    def for_object(self, obj) -> "EventQuerySet":
        return self.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))

    def for_objects(self, objects) -> "EventQuerySet":
        query = models.Q(pk__in=[])
        for obj in objects:
            query |= models.Q(object_type=obj._meta.label_lower, object_id=str(obj.pk))
        return self.filter(query)


class Event(models.Model):
    """One state change: who did what, when, to which object, and the values before and after.

    Written by every service or model method that changes state; never edited afterwards.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Kept as text so the trail still reads after the account is erased.
    actor_label = models.CharField(max_length=254, blank=True)
    verb = models.CharField(max_length=64, db_index=True)
    object_type = models.CharField(max_length=100)
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(max_length=300, blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    comment = models.TextField(blank=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["object_type", "object_id", "-at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label or 'system'} {self.verb} {self.object_repr}"

    @property
    def changes(self) -> list[tuple[str, object, object]]:
        """(field, before, after) for each field whose value differs."""
        before, after = self.before or {}, self.after or {}
        return [(k, before.get(k), after.get(k)) for k in sorted(set(before) | set(after)) if before.get(k) != after.get(k)]


class JobStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Running"
    AWAITING_CONFIRMATION = "awaiting", "Checked, waiting for you to confirm"
    SUCCEEDED = "succeeded", "Finished"
    FAILED = "failed", "Stopped with a problem"
    CANCELLED = "cancelled", "Cancelled"


class Job(models.Model):
    """A piece of long work (an import, a computation) that people watch on a page.

    `done`/`total` drive the progress bar; `report` holds what the work found, for people to read
    afterwards; `payload` holds the work's own input (for example checked rows waiting for
    confirmation). Jobs are kept as the record of what was imported, by whom and when.
    """

    FINISHED = {JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.CANCELLED}

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=50, db_index=True)
    title = models.CharField(max_length=300)
    status = models.CharField(max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(null=True, blank=True)
    stage = models.CharField(max_length=200, blank=True)
    message = models.TextField(blank=True)
    payload = models.JSONField(default=dict, blank=True)
    report = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_finished(self) -> bool:
        return self.status in self.FINISHED

    @property
    def percent(self) -> int | None:
        if not self.total:
            return None
        return min(100, round(100 * self.done / self.total))
