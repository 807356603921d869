"""Public needs maps: an indicator's figures for the place's areas as a map, a table and a CSV file.

The figures are open data (IoD, Census), so every page here is open to everyone, signed in or not.
"""

import csv
import re
from html import escape

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import urlencode

from kith.areas.labels import ward_labels
from kith.areas.maps import Choropleth, MapRow, Projection, choropleth
from kith.areas.models import Area
from kith.needs.forms import DEFAULT_INDICATOR, MapForm
from kith.needs.gaps.profile import profile_matching
from kith.needs.intelligence.summary import area_intelligence
from kith.needs.models import Indicator, IndicatorValue

GSS_CODE = re.compile(r"[EWSNK][0-9]{8}")
SORTS = ("value", "name", "code")
CSV_COLUMNS = ["area_code", "area_name", "value", "rank", "decile", "class"]


def area_href(code: str) -> str:
    return reverse("needs:area", args=[code])


def chosen_indicator(request: HttpRequest, indicators: list[Indicator]) -> tuple[MapForm, Indicator | None]:
    """The indicator asked for, or the default with the form's error when the address names an unknown one."""
    by_slug = {indicator.slug: indicator for indicator in indicators}
    default = by_slug.get(DEFAULT_INDICATOR) or (indicators[0] if indicators else None)
    if "indicator" not in request.GET:
        return MapForm(indicators=indicators, initial={"indicator": default and default.slug}), default
    form = MapForm(request.GET, indicators=indicators)
    if form.is_valid():
        return form, by_slug[form.cleaned_data["indicator"]]
    return form, default


def figures(indicator: Indicator) -> tuple[list[Area], dict[str, IndicatorValue]]:
    """The place's areas of the indicator's kind, and its values by area code: two queries whatever the size."""
    areas = list(Area.objects.filter(kind=indicator.area_kind, local_authority=settings.KITH_PLACE_CODE)
                 .only("code", "name", "boundary"))
    values = IndicatorValue.objects.filter(indicator=indicator, area__in=[area.pk for area in areas]).only(
        "value", "rank", "decile", "area_id")
    code_of = {area.pk: area.code for area in areas}
    return areas, {code_of[value.area_id]: value for value in values}


def table_rows(chart: Choropleth, values: dict[str, IndicatorValue], indicator: Indicator, sort: str) -> list[dict]:
    rows = [row_dict(row, values.get(row.code)) for row in chart.rows]
    if sort == "value":
        # The neediest first, whichever way the indicator runs; areas without a value last.
        sign = -1 if indicator.higher_is_more_need else 1
        rows.sort(key=lambda row: (row["value"] is None, sign * (row["value"] or 0), row["code"]))
    else:
        rows.sort(key=lambda row: (row[sort].lower(), row["code"]))
    return rows


def table_columns(indicator: Indicator) -> list[tuple[str | None, str, bool, str]]:
    """The table's columns as the shared figures table takes them: (sort key, heading, numeric, note)."""
    return [("name", "Area", False, ""), ("code", "Code", False, ""), ("value", "Value", True, indicator.unit),
            (None, "Rank in England", True, ""), (None, "Decile", True, ""), (None, "Map class", True, "")]


def sort_direction(indicator: Indicator, sort: str) -> str:
    # Values run neediest first (table_rows), so "descending" only where a higher value means more need.
    if sort == "value" and indicator.higher_is_more_need:
        return "descending"
    return "ascending"


def row_dict(row: MapRow, value: IndicatorValue | None) -> dict:
    return {"name": row.name, "code": row.code, "href": row.href, "value": row.value,
            "rank": value.rank if value else None, "decile": value.decile if value else None,
            "class_number": row.class_number}


def csv_response(indicator: Indicator, rows: list[dict]) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{indicator.slug}-{settings.KITH_PLACE_CODE}.csv"'
    writer = csv.writer(response)
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        writer.writerow([row["code"], row["name"], "" if row["value"] is None else row["value"],
                         row["rank"] or "", row["decile"] or "", row["class_number"] or ""])
    return response


def needs_map(request: HttpRequest) -> HttpResponse:
    """Who may see it: everyone. The figures are official open data."""
    indicators = list(Indicator.objects.all())
    form, indicator = chosen_indicator(request, indicators)
    context = {"form": form, "indicator": indicator, "place_code": settings.KITH_PLACE_CODE}
    if indicator is None:
        return render(request, "needs/map.html", context)
    areas, values = figures(indicator)
    if not areas:
        return render(request, "needs/map.html", context)
    chart = choropleth(areas, {code: value.value for code, value in values.items()}, title=indicator.name,
                       units=indicator.unit, href=area_href, labels=ward_labels(settings.KITH_PLACE_CODE),
                       id_prefix="needs-map")
    sort = request.GET.get("sort") if request.GET.get("sort") in SORTS else "value"
    rows = table_rows(chart, values, indicator, sort)
    if request.GET.get("format") == "csv":
        return csv_response(indicator, rows)
    context.update(chart=chart, rows=rows, sort=sort, columns=table_columns(indicator),
                   sort_direction=sort_direction(indicator, sort), query_no_sort=urlencode({"indicator": indicator.slug}))
    return render(request, "needs/map.html", context)


def area_profile(request: HttpRequest, code: str) -> HttpResponse:
    """Who may see it: everyone. One area's figures for every indicator, where it is, and (for a need) the
    services that could meet it there."""
    # Only a well-formed code reaches the database: PostgreSQL refuses some bytes (NUL) with an error, not "no rows".
    if not GSS_CODE.fullmatch(code):
        raise Http404("No area has that code.")
    area = get_object_or_404(Area, code=code)
    values = list(IndicatorValue.objects.filter(area=area).select_related("indicator").order_by("indicator__name"))
    names = dict(Area.objects.filter(code__in=[area.local_authority, area.ward]).values_list("code", "name"))
    context, status = profile_matching(request.GET, area, {**names, area.code: area.name})
    intelligence = area_intelligence(area)
    evidence = {row.theme_code: row for row in intelligence}
    # Indicators are published for LSOAs: a ward or an authority leads on to the areas it is made of.
    parts = (Area.objects.filter(kind=Area.Kind.LSOA, ward=area.code) if area.kind == Area.Kind.WARD else
             Area.objects.filter(kind=Area.Kind.WARD, local_authority=area.code) if area.kind == Area.Kind.LOCAL_AUTHORITY
             else Area.objects.none())
    context.update({
        "area": area, "values": values, "outline": outline_svg(area), "intelligence": intelligence,
        "parts": list(parts.order_by("name").only("code", "name", "kind")),
        # What no one meets, with what local people and searches say about it: the starkest gaps first.
        "unmet_evidence": [(theme, evidence.get(theme.code)) for theme in context.get("unmet_themes") or []],
        "authority_name": names.get(area.local_authority), "ward_name": names.get(area.ward),
    })
    return render(request, "needs/area.html", context, status=status)


def outline_svg(area: Area, width: int = 320) -> str:
    """The area alone, drawn as an outline: a choropleth of one area would print an empty legend."""
    projection = Projection([area.boundary], width)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {projection.height:.0f}" class="kith-map" '
            f'role="img" aria-label="{escape(f"Outline of {area.name}")}">'
            f'<path d="{projection.path(area.boundary)}" fill="#a1dab4" stroke="#0b0c0c" stroke-width="1" '
            'fill-rule="evenodd"/></svg>')
