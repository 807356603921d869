"""An upload's life as a kith.core Job: checked and waiting for confirmation, then imported.

The checked rows wait in the job's payload and their problems in its report, so nothing touches the
directory until the person confirms; the import then checks the rows again and writes them.
"""

from kith.core.jobs import JobProgress, start_job
from kith.core.models import Job, JobStatus

from .checking import Check
from .importing import import_rows
from .layout import KEYS
from .reading import SheetRow

KIND = "spreadsheet_import"


def job_create(*, file_name: str, rows: list[SheetRow], by) -> Job:
    """The upload's job, its rows in the payload; `check_start` then checks them."""
    return Job.objects.create(
        kind=KIND, title=f"Spreadsheet {file_name}", status=JobStatus.QUEUED, created_by=by, total=len(rows),
        payload={"file_name": file_name,
                 "rows": [{"n": row.number, "c": [row.cells[key] for key in KEYS], "f": list(row.formulas)}
                          for row in rows]})


def check_start(job: Job, *, by) -> None:
    """Check every row in the background (5,000 rows take seconds); the job then awaits confirmation."""
    rows = job_rows(job, only_valid=False)

    def work(progress: JobProgress) -> dict:
        progress.stage(f"Checking {len(rows):,} row{'s' if len(rows) != 1 else ''}: nothing is written yet")
        return {"check": Check(rows, by=by).report()}

    start_job(job, work, done_status=JobStatus.AWAITING_CONFIRMATION)


def job_rows(job: Job, *, only_valid: bool) -> list[SheetRow]:
    invalid = {problem["row"] for problem in job.report["check"]["problems"]} if only_valid else set()
    return [SheetRow(number=row["n"], cells=dict(zip(KEYS, row["c"])), formulas=tuple(row["f"]))
            for row in job.payload["rows"] if row["n"] not in invalid]


def job_start(job: Job, *, only_valid: bool, by) -> bool:
    """Start the import unless it has started already (a second press of the button does nothing)."""
    if not Job.objects.filter(pk=job.pk, status=JobStatus.AWAITING_CONFIRMATION).update(status=JobStatus.QUEUED):
        return False
    job.refresh_from_db()
    rows = job_rows(job, only_valid=only_valid)

    def work(progress: JobProgress) -> dict:
        return {**job.report, "import": import_rows(rows, by=by, progress=progress), "only_valid": only_valid}

    start_job(job, work)
    return True
