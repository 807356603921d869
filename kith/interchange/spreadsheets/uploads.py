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


def job_create(*, file_name: str, rows: list[SheetRow], check: Check, by) -> Job:
    return Job.objects.create(
        kind=KIND, title=f"Spreadsheet {file_name}", status=JobStatus.AWAITING_CONFIRMATION, created_by=by,
        total=len(rows),
        payload={"file_name": file_name,
                 "rows": [{"n": row.number, "c": [row.cells[key] for key in KEYS], "f": list(row.formulas)}
                          for row in rows]},
        report={"check": check.report()})


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
