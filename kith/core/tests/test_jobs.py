import time

import pytest

from kith.core.jobs import JobFailed, fail_abandoned_jobs, progress_json, run_job, start_job
from kith.core.models import Job, JobStatus


def _job():
    return Job.objects.create(kind="test", title="Counting")


@pytest.mark.django_db
def test_finished_work_records_progress_and_report():
    def work(progress):
        progress.set_total(3, stage="Counting")
        for _ in range(3):
            progress.advance()
        return {"counted": 3}

    job = run_job(_job(), work)
    assert job.status == JobStatus.SUCCEEDED
    assert (job.done, job.total, job.percent, job.report) == (3, 3, 100, {"counted": 3})
    assert job.started_at and job.finished_at
    assert progress_json(job)["finished"] is True


@pytest.mark.django_db
def test_work_that_stops_with_a_reason_shows_it():
    def work(progress):
        raise JobFailed("The feed answered with a web page, not JSON.")

    job = run_job(_job(), work)
    assert job.status == JobStatus.FAILED
    assert job.message == "The feed answered with a web page, not JSON."


@pytest.mark.django_db
def test_unexpected_error_is_a_message_not_a_traceback():
    def work(progress):
        {}["missing"]

    job = run_job(_job(), work)
    assert job.status == JobStatus.FAILED
    assert "KeyError" in job.message and "Traceback" not in job.message


@pytest.mark.django_db(transaction=True)
def test_background_job_runs_in_a_thread_after_commit(settings):
    settings.KITH_JOBS_INLINE = False
    job = _job()
    start_job(job, lambda progress: {"ran": True})
    deadline = time.monotonic() + 30  # generous: CI machines are busy
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.is_finished:
            break
        time.sleep(0.05)
    assert job.status == JobStatus.SUCCEEDED and job.report == {"ran": True}


@pytest.mark.django_db
def test_abandoned_jobs_are_failed_with_a_message():
    from datetime import timedelta

    from django.utils import timezone

    old = Job.objects.create(kind="test", title="Old", status=JobStatus.RUNNING,
                             created_at=timezone.now() - timedelta(hours=3))
    fresh = Job.objects.create(kind="test", title="Fresh", status=JobStatus.RUNNING)
    assert fail_abandoned_jobs() == 1
    old.refresh_from_db(); fresh.refresh_from_db()
    assert old.status == JobStatus.FAILED and "start it again" in old.message
    assert fresh.status == JobStatus.RUNNING


@pytest.mark.django_db
def test_progress_inside_a_transaction_is_seen_by_other_requests():
    from django.db import transaction

    from kith.core.jobs import JobProgress, live_progress

    job = _job()
    seen = {}
    with transaction.atomic():
        progress = JobProgress(job, min_interval=0)
        progress.set_total(10, stage="Importing rows")
        for _ in range(4):
            progress.advance()
        stored = Job.objects.get(pk=job.pk)
        seen["row"] = stored.done
        seen["live"] = (live_progress(stored).done, stored.total, stored.stage, progress_json(stored)["percent"])
    assert seen["row"] == 0  # the row itself waits for the commit
    assert seen["live"] == (4, 10, "Importing rows", 40)
