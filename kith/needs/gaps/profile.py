"""The area profile's matching: for a need, the services that could meet it there and the area's gap
figures; without one, the themes no service in reach meets."""

from __future__ import annotations

from django.http import QueryDict

from kith.areas.models import Area as AreaRecord
from kith.needs.models import Indicator

from .forms import DEFAULT_RURAL_MILES, ProfileForm, need_terms
from .matching import matches, unmet_themes
from .provision import listed_services, usual_indicator
from .report import GapRow, build

LEVEL_OF_KIND = {AreaRecord.Kind.LSOA: "lsoa", AreaRecord.Kind.WARD: "ward", AreaRecord.Kind.LOCAL_AUTHORITY: "lad"}
PROFILE_PARAMETERS = ("need", "age", "within")


def profile_matching(query: QueryDict, area: AreaRecord, names: dict[str, str]) -> tuple[dict, int]:
    """The profile's context for matching, and the status to answer with (400 for a bad choice)."""
    terms = need_terms()
    bound = any(name in query for name in PROFILE_PARAMETERS)
    form = ProfileForm(query if bound else None, terms=terms)
    context: dict = {"profile_form": form}
    if bound and not form.is_valid():
        return context, 400
    data = form.cleaned_data if bound else {"need": "", "age": None, "within": form.fields["within"].empty_value}
    context["within"] = data["within"]
    if not data["need"]:
        themes = [t for t in terms if t.parent_id is None]
        context["unmet_themes"] = unmet_themes(listed_services(), area, themes, within_miles=data["within"])
        return context, 200
    term = next(t for t in terms if t.code == data["need"])
    services = listed_services(need=term.code)
    context.update(need=term, age=data["age"], matches=matches(
        services, area, need=term.code, age=data["age"], within_miles=data["within"], names=names))
    context["gap"], context["gap_indicator"] = gap_figures(area, term, terms, services, data)
    return context, 200


def gap_figures(area: AreaRecord, term, terms: list, services: list, data: dict) -> tuple[GapRow | None, Indicator | None]:
    """The area's row of the gaps page for this need, among the other areas of its authority."""
    indicator = usual_indicator(term, terms, {i.slug: i for i in Indicator.objects.filter(area_kind=AreaRecord.Kind.LSOA)})
    report = build(place_code=area.local_authority or area.code, need=term.code, need_name=term.name,
                   indicator=indicator, within_miles=data["within"], level=LEVEL_OF_KIND[area.kind], age=data["age"],
                   rural_miles=DEFAULT_RURAL_MILES, services=services, for_map=False)
    return next((row for row in report.rows if row.code == area.code), None), indicator
