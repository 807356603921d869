"""The gaps page: for one need, where it is high and provision low, as a map, a table, a CSV file, the
cold-spots and the rural proofing.

Who may see it: everyone. The figures are open data and the directory is public.
"""

import csv
import math

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode

from kith.areas.labels import ward_labels
from kith.areas.maps import choropleth
from kith.areas.models import Area
from kith.directory.models import TaxonomyTerm
from kith.needs import coverage
from kith.needs.models import Indicator

from .forms import LAYERS, GapsForm, need_terms
from .provision import usual_indicator
from .report import LEVELS, GapRow, GapsReport, build

# Column: (heading, key, neediest or emptiest first?)
SORTS = {
    "gap": ("Gap score", lambda r: r.gap, True),
    "need": ("Need", lambda r: r.need, True),
    "reach": ("Services in reach", lambda r: r.reach, False),
    "nearest": ("Nearest (miles)", lambda r: math.inf if r.nearest_miles is None else r.nearest_miles, True),
    "provision": ("Provision per 1,000", lambda r: r.provision, False),
    "name": ("Area", lambda r: r.name.lower(), False),
}
# The table's columns: (sort key or None, heading, numeric, note after the heading).
COLUMNS = [("name", "Area", False, ""), (None, "Code", False, ""), ("need", "Need", True, ""),
           ("reach", "Services in reach", True, ""), ("nearest", "Nearest service (miles)", True, ""),
           ("provision", "Provision per 1,000 residents", True, ""), ("gap", "Gap score", True, ""),
           (None, "Rural", False, "")]
CSV_COLUMNS = ["area_code", "area_name", "residents", "need", "services_in_reach", "nearest_miles",
               "provision_per_1000", "gap_score", "rural"]


def descending(sort: str, indicator: Indicator | None) -> bool:
    if sort == "need" and indicator is not None and not indicator.higher_is_more_need:
        return False
    return SORTS[sort][2]


def sorted_rows(rows: list[GapRow], sort: str, indicator: Indicator | None) -> list[GapRow]:
    key = SORTS[sort][1]
    known = [r for r in rows if key(r) is not None]
    known.sort(key=lambda r: r.code)
    known.sort(key=key, reverse=descending(sort, indicator))
    return known + sorted((r for r in rows if key(r) is None), key=lambda r: r.code)


def _blank(value, digits: int) -> str:
    return "" if value is None else f"{value:.{digits}f}"


def _need_text(value: float | None) -> str:
    """As the table prints it (floatformat:"-3"): whole numbers bare, others to three places."""
    if value is None:
        return ""
    return f"{value:.0f}" if value == int(value) else f"{value:.3f}"


def csv_response(report: GapsReport, rows: list[GapRow]) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"gaps-{report.need}-{report.level}-{settings.KITH_PLACE_CODE}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    writer = csv.writer(response)
    writer.writerow(CSV_COLUMNS)
    for r in rows:
        writer.writerow([r.code, r.name, f"{r.population:.0f}", _need_text(r.need),
                         f"{r.reach:.1f}", _blank(r.nearest_miles, 1), _blank(r.provision, 2), _blank(r.gap, 1),
                         r.rural_text])
    return response


def layer_map(report: GapsReport, layer: str, href):
    values = {r.code: getattr(r, {"gap": "gap", "provision": "provision", "nearest": "nearest_miles"}[layer])
              for r in report.rows}
    units = {"gap": "", "provision": "per 1,000", "nearest": "miles"}[layer]
    return choropleth(report.map_areas, values, title=f"{LAYERS[layer]}: {report.need_name}", units=units,
                      href=href, points=report.points, labels=ward_labels(settings.KITH_PLACE_CODE),
                      id_prefix="gaps-map")


def profile_link(term: TaxonomyTerm, data: dict):
    """An area's profile, matching the same need, distance and age."""
    query = urlencode({"need": term.code, "within": data["within"],
                       **({"age": data["age"]} if data["age"] is not None else {})})
    # One reverse() for all the links: a page has hundreds.
    prefix = reverse("needs:area", args=["E00000000"]).removesuffix("E00000000/")
    return lambda code: f"{prefix}{code}/?{query}"


def chosen(data: dict, terms: list[TaxonomyTerm], indicators: list[Indicator]) -> tuple[TaxonomyTerm, Indicator | None]:
    """The need asked for, and its measure: the one chosen, or the need's usual one."""
    term = next(t for t in terms if t.code == data["need"])
    by_slug = {i.slug: i for i in indicators}
    return term, by_slug[data["indicator"]] if data["indicator"] else usual_indicator(term, terms, by_slug)


def gaps(request: HttpRequest) -> HttpResponse:
    """Who may see it: everyone."""
    indicators, terms = list(Indicator.objects.filter(area_kind=Area.Kind.LSOA)), need_terms()
    form = GapsForm(request.GET or None, terms=terms, indicators=indicators)
    context = {"form": form, "place_name": settings.KITH_PLACE_NAME, "gap_explanation": coverage.GAP_SCORE_EXPLANATION,
               "capacity_explanation": coverage.CAPACITY_EXPLANATION}
    if not form.is_valid():
        return render(request, "needs/gaps.html", context, status=400 if form.is_bound else 200)
    data = form.cleaned_data
    term, indicator = chosen(data, terms, indicators)
    report = build(place_code=settings.KITH_PLACE_CODE, need=term.code, need_name=term.name, indicator=indicator,
                   within_miles=data["within"], level=data["level"], age=data["age"], rural_miles=data["rural"])
    sort = request.GET.get("sort") if request.GET.get("sort") in SORTS else "gap"
    rows = sorted_rows(report.rows, sort, indicator)
    if request.GET.get("format") == "csv":
        return csv_response(report, rows)
    layer = request.GET.get("layer") if request.GET.get("layer") in LAYERS else "gap"
    href = profile_link(term, data)
    for row in report.rows + report.rural:
        row.href = href(row.code)
    query = {"need": term.code, "indicator": data["indicator"], "within": data["within"], "level": data["level"],
             "age": "" if data["age"] is None else data["age"], "rural": data["rural"]}
    context.update(
        report=report, rows=rows, indicator=indicator, sort=sort, columns=COLUMNS, layer=layer, layers=LAYERS,
        level_name=LEVELS[data["level"]], sort_direction="descending" if descending(sort, indicator) else "ascending",
        chart=layer_map(report, layer, href) if report.map_areas else None,
        query_no_layer=urlencode({**query, "sort": sort}), query_no_sort=urlencode({**query, "layer": layer}))
    return render(request, "needs/gaps.html", context)
