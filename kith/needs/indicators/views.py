"""The list of indicators (everyone), the example CSV (everyone) and the upload page (officers and LIO staff).

An upload is checked row by row and saved only when every row is right. Checking a file of every LSOA in
England (33,755 rows) takes under a second (0.7 s on PostgreSQL, 0.8 s on SQLite, on 2 cores) and saving it
1 to 4 s more, so the upload is answered in the request rather than as a background job; the files councils
upload are mostly one authority's areas, a few hundred rows.
"""

import csv

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode

from kith.areas.models import Area
from kith.needs.models import Indicator
from kith.organisations.roles import roles_for

from .forms import UploadForm, size_label
from .upload import SLUG_PREFIX, OfficialIndicatorError, check_indicator_csv, indicator_upload_save

SUMMARY_PROBLEMS = 10  # the error summary names the first few; the table lists them all
EXAMPLE_ROWS = 3


def may_upload(user) -> bool:
    return roles_for(user).sees_whole_sector


def map_url(indicator: Indicator) -> str:
    return f"{reverse('needs:map')}?{urlencode({'indicator': indicator.slug})}"


def indicator_list(request: HttpRequest) -> HttpResponse:
    """Who may see it: everyone. Every indicator loaded, official or uploaded, with a link to its map."""
    indicators = Indicator.objects.annotate(areas=Count("values"))
    return render(request, "needs/indicators/list.html", {
        "indicators": [(indicator, map_url(indicator), indicator.slug.startswith(SLUG_PREFIX)) for indicator in indicators],
        "may_upload": may_upload(request.user),
    })


def indicator_example(request: HttpRequest) -> HttpResponse:
    """Who may see it: everyone. A small CSV in the shape an upload takes, with real codes of the place's LSOAs."""
    codes = list(Area.objects.filter(kind=Area.Kind.LSOA, local_authority=settings.KITH_PLACE_CODE)
                 .values_list("code", flat=True)[:EXAMPLE_ROWS]) or ["E01008690", "E01008691", "E01008692"]
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="kith-indicator-example.csv"'
    writer = csv.writer(response)
    writer.writerow(["area_code", "value", "rank", "decile"])
    for number, code in enumerate(codes):
        writer.writerow([code, f"{12.5 - 2.5 * number:g}", number + 1, ""])
    return response


@login_required
def indicator_upload(request: HttpRequest) -> HttpResponse:
    """Who may see it: council officers, LIO staff and administrators. Nothing is written unless every row is right."""
    if not may_upload(request.user):
        raise PermissionDenied("Only council officers, LIO staff and administrators can upload indicators.")
    posted = request.method == "POST"
    form = UploadForm(request.POST if posted else None, request.FILES if posted else None)
    problems, file_name = [], ""
    if posted and form.is_valid():
        data = dict(form.cleaned_data)
        upload, kind = data.pop("file"), data.pop("area_kind")
        file_name = upload.name
        rows, problems = check_indicator_csv(upload, kind=kind)
        if not problems:
            try:
                indicator, report = indicator_upload_save(by=request.user, file_name=file_name, rows=rows, **data)
            except OfficialIndicatorError as refusal:
                form.add_error("name", str(refusal))
            else:
                messages.success(request, f"“{indicator.name}” is saved from {file_name}: {len(rows):,} areas "
                                          f"({report.added:,} added, {report.changed:,} changed, {report.removed:,} removed).")
                return redirect(map_url(indicator))
    return render(request, "needs/indicators/upload.html", {
        "form": form, "problems": problems, "summary_problems": problems[:SUMMARY_PROBLEMS], "file_name": file_name,
        "max_size": size_label(form.max_bytes),
    })
