"""The check of an uploaded file runs as a background job: the page shows it checking, then the report."""

import time

import pytest

from kith.core.models import Job, JobStatus
from kith.interchange.spreadsheets import uploads

from .conftest import directory_counts, good_row, upload


def _wait_until_finished_checking(job: Job) -> Job:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.status not in (JobStatus.QUEUED, JobStatus.RUNNING):
            return job
        time.sleep(0.1)
    raise AssertionError("the check did not finish")


@pytest.mark.django_db(transaction=True)
def test_the_check_runs_in_the_background_and_ends_awaiting_confirmation(lio_client, terms, settings):
    settings.KITH_JOBS_INLINE = False
    before = directory_counts()
    response = lio_client.post("/imports/spreadsheets/", {"file": upload([good_row(), good_row(youngest_age="nine")])})
    assert response.status_code == 302
    job = Job.objects.get()
    first_look = lio_client.get(response["Location"]).content.decode()
    assert "Checking your spreadsheet" in first_look or "Check of your spreadsheet" in first_look
    job = _wait_until_finished_checking(job)
    assert job.status == JobStatus.AWAITING_CONFIRMATION
    assert job.report["check"]["summary"]["rows_with_problems"] == 1
    assert "Check of your spreadsheet" in lio_client.get(response["Location"]).content.decode()
    assert directory_counts() == before


@pytest.mark.django_db
def test_a_check_that_breaks_is_a_message_not_an_error_page(lio_client, terms, monkeypatch):
    def broken(rows, by):
        raise RuntimeError("checker broke")

    monkeypatch.setattr(uploads, "Check", broken)
    response = lio_client.post("/imports/spreadsheets/", {"file": upload([good_row()])})
    job = Job.objects.get()
    assert job.status == JobStatus.FAILED and "RuntimeError" in job.message
    page = lio_client.get(response["Location"])
    assert page.status_code == 200
    text = page.content.decode()
    assert "Nothing was imported" in text and "Something went wrong" in text
    assert f"/imports/spreadsheets/{job.pk}/import/" not in text  # nothing to confirm
