"""The imports page, spreadsheet template, upload, report and import, and the exports page.

LIO staff and administrators only, every view: they onboard organisations for the whole place.
"""

import tempfile

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from kith.core.jobs import progress_json
from kith.core.models import Job, JobStatus
from kith.organisations.roles import roles_for

from . import exporting, uploads, writing
from .forms import ConfirmForm, UploadForm
from .layout import COLUMNS
from .reading import MAX_ROWS, FileProblem, read_upload

RECENT_JOBS = 20
FEED_IMPORT_KIND = "oruk_import"  # kith.interchange.feeds' jobs, named here so this page does not depend on it
PROBLEMS_SHOWN = 1000
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _require_verifier(request) -> None:
    if not roles_for(request.user).can_verify:
        raise PermissionDenied("Only the local infrastructure organisation can import and export the directory.")


def _reverse_or_none(name: str, *args) -> str | None:
    # Feed imports are another part of the app; the page works with or without them.
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def _job_url(job: Job) -> str | None:
    if job.kind == uploads.KIND:
        return reverse("interchange:spreadsheet_report", args=[job.pk])
    return _reverse_or_none("interchange:feed_run", job.pk)


@login_required
def imports(request):
    """LIO staff and administrators: ways in and out of the directory, and recent imports."""
    _require_verifier(request)
    jobs = Job.objects.filter(kind__in=[uploads.KIND, FEED_IMPORT_KIND]).select_related("created_by")[:RECENT_JOBS]
    return render(request, "interchange/imports.html", {
        "jobs": [(job, _job_url(job)) for job in jobs], "feed_list_url": _reverse_or_none("interchange:feed_list"),
    })


@login_required
def spreadsheet_template(request, fmt):
    """LIO staff and administrators: the empty template, as CSV or XLSX."""
    _require_verifier(request)
    if fmt not in ("csv", "xlsx"):
        raise Http404("The template is a CSV or an XLSX file.")
    if fmt == "csv":
        response = HttpResponse(b"".join(writing.csv_lines([])), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(content_type=XLSX)
        writing.write_template(response)
    response["Content-Disposition"] = f'attachment; filename="kith-directory-template.{fmt}"'
    return response


@login_required
def spreadsheet_upload(request):
    """LIO staff and administrators: upload a file; every row is checked and nothing is written yet."""
    _require_verifier(request)
    posted = request.method == "POST"
    form = UploadForm(request.POST if posted else None, request.FILES if posted else None)
    if request.method == "POST" and form.is_valid():
        try:
            file_name, rows = read_upload(form.cleaned_data["file"])
        except FileProblem as problem:
            form.add_error("file", problem.message)
        else:
            job = uploads.job_create(file_name=file_name, rows=rows, by=request.user)
            uploads.check_start(job, by=request.user)
            return redirect("interchange:spreadsheet_report", pk=job.pk)
    return render(request, "interchange/spreadsheets/upload.html", {
        "form": form, "columns": COLUMNS, "max_rows": MAX_ROWS})


def _upload_job(pk) -> Job:
    return get_object_or_404(Job, pk=pk, kind=uploads.KIND)


def _report_page(request, job, form=None):
    check = job.report.get("check", {})
    summary = check.get("summary", {})
    if form is None and job.status == JobStatus.AWAITING_CONFIRMATION:
        form = ConfirmForm(valid_rows=summary.get("valid_rows", 0), problem_rows=summary.get("rows_with_problems", 0))
    problems = check.get("problems", [])
    return render(request, "interchange/spreadsheets/report.html", {
        "job": job, "summary": summary, "problems": problems[:PROBLEMS_SHOWN], "problem_count": len(problems),
        "notes": check.get("notes", [])[:PROBLEMS_SHOWN], "imported": job.report.get("import"), "form": form,
        "poll_url": request.path,
    })


@login_required
def spreadsheet_report(request, pk):
    """LIO staff and administrators: the row-by-row report, the choice to import, then the import's progress."""
    _require_verifier(request)
    job = _upload_job(pk)
    if request.GET.get("progress") == "json":
        return JsonResponse(progress_json(job))
    return _report_page(request, job)


@login_required
@require_POST
def spreadsheet_import(request, pk):
    """LIO staff and administrators: import every row, or only the valid rows when they choose so."""
    _require_verifier(request)
    job = _upload_job(pk)
    if job.status != JobStatus.AWAITING_CONFIRMATION:
        return redirect("interchange:spreadsheet_report", pk=job.pk)
    summary = job.report["check"]["summary"]
    form = ConfirmForm(request.POST, valid_rows=summary["valid_rows"], problem_rows=summary["rows_with_problems"])
    if not summary["valid_rows"] or not form.is_valid():
        if not summary["valid_rows"]:
            form.add_error(None, "No row can be imported: correct the file and upload it again")
        return _report_page(request, job, form)
    uploads.job_start(job, only_valid=bool(summary["rows_with_problems"]), by=request.user)
    return redirect("interchange:spreadsheet_report", pk=job.pk)


@login_required
def exports(request):
    """LIO staff and administrators: the whole published directory as ORUK JSON, CSV or XLSX."""
    _require_verifier(request)
    return render(request, "interchange/spreadsheets/exports.html", {
        "services": exporting.published_services().count(), "json_ready": exporting.json_available()})


@login_required
def export_download(request, fmt):
    """LIO staff and administrators: the download itself, streamed."""
    _require_verifier(request)
    stamp = timezone.localtime().strftime("%Y-%m-%d")
    if fmt == "csv":
        response = StreamingHttpResponse(writing.csv_lines(exporting.rows()), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        # A workbook is a zip, finished only at the end: written to a temporary file, then sent from it.
        target = tempfile.TemporaryFile()
        writing.write_xlsx(exporting.rows(), target)
        target.seek(0)
        response = FileResponse(target, content_type=XLSX)
    elif fmt == "json" and exporting.json_available():
        response = StreamingHttpResponse(exporting.json_chunks(), content_type="application/json")
    else:
        raise Http404("No such export.")
    response["Content-Disposition"] = f'attachment; filename="kith-directory-{stamp}.{fmt}"'
    return response
