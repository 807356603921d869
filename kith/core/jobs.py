"""Running long work as a `Job` that reports its progress.

`start_job` runs the work in a background thread after the surrounding transaction commits, or at
once when KITH_JOBS_INLINE is set (as in the tests). The work is a plain
function taking a `JobProgress`; whatever it returns becomes the job's report. An exception it
raises marks the job failed with the exception's message — never a traceback on a page.

Threads suit Kith's scale (imports of thousands of records by one LIO at a time). A job whose
process died while running is found by `fail_abandoned_jobs` and marked failed, so no page waits
for ever.
"""

import logging
import threading
from datetime import timedelta
from typing import Callable

from django.conf import settings
from django.core.cache import caches
from django.db import close_old_connections, connection, transaction
from django.utils import timezone

from .models import Job, JobStatus

log = logging.getLogger(__name__)


class JobFailed(Exception):
    """Raised by a job's work to stop with a message meant for the person watching."""


def _progress_key(job_id) -> str:
    return f"job-progress:{job_id}"


class JobProgress:
    """What a job's work uses to say how far it has got. Writes at most a few times a second.

    Progress goes to the shared progress cache, which every server process reads, and to the job's
    row when the work is not inside a transaction (inside one, the row would change only at commit).
    """

    def __init__(self, job: Job, min_interval: float = 0.5):
        self.job = job
        self._min_interval = timedelta(seconds=min_interval)
        self._last_write = None

    def set_total(self, total: int | None, stage: str = "") -> None:
        self.job.total = total
        self.job.done = 0
        if stage:
            self.job.stage = stage
        self._write(force=True)

    def advance(self, step: int = 1) -> None:
        self.job.done += step
        self._write()

    def stage(self, text: str) -> None:
        self.job.stage = text
        self._write(force=True)

    def _write(self, force: bool = False) -> None:
        now = timezone.now()
        if not force and self._last_write and now - self._last_write < self._min_interval:
            return
        self._last_write = now
        fields = {"done": self.job.done, "total": self.job.total, "stage": self.job.stage}
        caches["progress"].set(_progress_key(self.job.pk), fields, timeout=6 * 60 * 60)
        if not connection.in_atomic_block:
            Job.objects.filter(pk=self.job.pk).update(**fields)


def run_job(job: Job, work: Callable[[JobProgress], dict | None], *, done_status: str = JobStatus.SUCCEEDED) -> Job:
    """Run `work` for `job` here and now, recording start, progress, outcome and report.

    `done_status` is where finished work leaves the job: SUCCEEDED, or AWAITING_CONFIRMATION for
    work that prepares something a person must confirm (checking an upload before importing it)."""
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, started_at=timezone.now())
    job.refresh_from_db()
    progress = JobProgress(job)
    try:
        report = work(progress)
    except JobFailed as failure:
        _finish(job, JobStatus.FAILED, message=str(failure))
    except Exception as error:  # noqa: BLE001 — the person watching gets a message, the log the traceback
        log.exception("Job %s (%s) failed", job.pk, job.kind)
        _finish(job, JobStatus.FAILED, message=f"Something went wrong and nothing more was done: {type(error).__name__}.")
    else:
        _finish(job, done_status, report=report)
    job.refresh_from_db()
    return job


def _finish(job: Job, status: str, message: str = "", report: dict | None = None) -> None:
    fields = {"status": status, "finished_at": timezone.now(), "message": message,
              "done": job.done, "total": job.total, "stage": job.stage}
    caches["progress"].delete(_progress_key(job.pk))
    if report is not None:
        fields["report"] = report
    Job.objects.filter(pk=job.pk).update(**fields)


def start_job(job: Job, work: Callable[[JobProgress], dict | None], *, done_status: str = JobStatus.SUCCEEDED) -> None:
    """Run `work` for `job` once the current transaction commits, in a thread unless inline."""
    if settings.KITH_JOBS_INLINE:
        run_job(job, work, done_status=done_status)
        return

    def in_thread():
        close_old_connections()
        try:
            run_job(job, work, done_status=done_status)
        finally:
            connection.close()

    transaction.on_commit(lambda: threading.Thread(target=in_thread, name=f"job-{job.pk}", daemon=True).start())


def fail_abandoned_jobs(older_than: timedelta = timedelta(hours=2)) -> int:
    """Mark running jobs that have not moved for `older_than` as failed (their process has gone)."""
    cutoff = timezone.now() - older_than
    return Job.objects.filter(status__in=[JobStatus.QUEUED, JobStatus.RUNNING], created_at__lt=cutoff).update(
        status=JobStatus.FAILED, finished_at=timezone.now(),
        message="This stopped without finishing (the server restarted). Nothing more was done; start it again.",
    )


def live_progress(job: Job) -> Job:
    """The job with the progress its work has reported so far, even from inside a transaction."""
    if not job.is_finished:
        for field, value in (caches["progress"].get(_progress_key(job.pk)) or {}).items():
            setattr(job, field, value)
    return job


def progress_json(job: Job) -> dict:
    """What a job page's ?progress=json answers, for the progress bar's script."""
    live_progress(job)
    return {"status": job.status, "finished": job.is_finished, "done": job.done, "total": job.total,
            "percent": job.percent, "stage": job.stage}
