"""Permission matrix rows for spreadsheet onboarding, the imports page and exports."""

from .matrix import EVERYONE, LIO_AND_ADMIN, NOBODY, Row  # noqa: F401

ROWS: dict[str, Row] = {
    "interchange:imports": Row(lambda r: "/imports/", read=LIO_AND_ADMIN),
    "interchange:spreadsheet_template": Row(lambda r: "/imports/spreadsheets/template.csv", read=LIO_AND_ADMIN),
    "interchange:spreadsheet_upload": Row(lambda r: "/imports/spreadsheets/", read=LIO_AND_ADMIN, change=LIO_AND_ADMIN),
    "interchange:spreadsheet_report": Row(lambda r: f"/imports/spreadsheets/{r['spreadsheet_job'].pk}/", read=LIO_AND_ADMIN),
    "interchange:spreadsheet_import": Row(lambda r: f"/imports/spreadsheets/{r['spreadsheet_job'].pk}/import/",
                                          change=LIO_AND_ADMIN, post_only=True),
    "interchange:exports": Row(lambda r: "/exports/", read=LIO_AND_ADMIN),
    "interchange:export_download": Row(lambda r: "/exports/directory.csv", read=LIO_AND_ADMIN),
}


def records(records, people):
    """An upload checked and waiting for confirmation, with no rows (importing it adds nothing)."""
    from kith.core.models import Job, JobStatus

    summary = {"rows": 0, "rows_with_problems": 0, "valid_rows": 0, "unchanged_rows": 0, "organisations_new": 0,
               "organisations_existing": 0, "locations_new": 0, "services_new": 0}
    job = Job.objects.create(kind="spreadsheet_import", title="Spreadsheet test.csv", created_by=people["lio_staff"],
                             status=JobStatus.AWAITING_CONFIRMATION, payload={"file_name": "test.csv", "rows": []},
                             report={"check": {"summary": summary, "problems": [], "notes": []}})
    return {"spreadsheet_job": job}
