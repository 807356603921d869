"""Pages for local intelligence: recording a need, the records and their review, and the open aggregated picture."""

import csv

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from kith.areas.models import Area
from kith.organisations.models import Organisation
from kith.organisations.roles import Roles, roles_for

from ..models import RecordedNeed
from .forms import FilterForm, RecordNeedForm, ReviewForm
from .services import recorded_need_create, recorded_need_review
from .summary import SUPPRESS_BELOW, ward_intelligence

PAGE_SIZE = 50
CSV_COLUMNS = ["area_code", "area_name", "area_kind", "theme_code", "theme", "accepted_recorded_needs",
               "people_counted", "unmet_searches", "declined_referrals"]


def _recording_organisations(roles: Roles) -> QuerySet | None:
    """The organisations a person may record a need for, or None when they may record none."""
    if roles.can_verify:
        return Organisation.objects.active().order_by("name")
    if roles.editable_organisation_ids:
        return Organisation.objects.filter(pk__in=roles.editable_organisation_ids).order_by("name")
    return None


def _visible_needs(roles: Roles) -> QuerySet:
    needs = RecordedNeed.objects.select_related("theme__parent", "area", "source_organisation")
    return needs if roles.sees_whole_sector else needs.filter(source_organisation__in=list(roles.roles_by_organisation))


def _need_for(request: HttpRequest, pk) -> RecordedNeed:
    """The need if this person may see it; otherwise 404 whether or not it exists, so nothing is given away."""
    need = _visible_needs(roles_for(request.user)).filter(pk=pk).first()
    if need is None:
        raise Http404("No recorded need here")
    return need


@login_required
def recorded_new(request: HttpRequest) -> HttpResponse:
    """Members and managers of an organisation (for their own), council officers, LIO staff and administrators."""
    organisations = _recording_organisations(roles_for(request.user))
    if organisations is None:
        raise PermissionDenied("Only people working for an organisation can record a need.")
    form = RecordNeedForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        need = recorded_need_create(by=request.user, organisation=data["source_organisation"], theme=data["theme"],
                                    area=data["place"], description=data["description"], evidence=data["evidence"],
                                    people_count=data["people_count"])
        messages.success(request, "Need recorded. LIO staff will review it before it counts in local intelligence.")
        return redirect("needs:recorded_detail", need.pk)
    return render(request, "needs/intelligence/new.html", {"form": form})


@login_required
def recorded_list(request: HttpRequest) -> HttpResponse:
    """Members see their own organisations' records; council officers, LIO staff and administrators see all."""
    roles = roles_for(request.user)
    if not (roles.is_professional or roles.sees_whole_sector):
        raise PermissionDenied("Only people working for an organisation can see recorded needs.")
    form = FilterForm(request.GET or None)
    needs = _visible_needs(roles)
    if form.is_bound and form.is_valid():
        needs = _filtered(needs, form.cleaned_data)
    page = Paginator(needs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "needs/intelligence/list.html", {
        "form": form, "page": page, "roles": roles, "query": _without_page(request),
        "can_record": _recording_organisations(roles) is not None})


def _filtered(needs: QuerySet, data: dict) -> QuerySet:
    if data["status"]:
        needs = needs.filter(status=data["status"])
    if data["theme"]:
        needs = needs.filter(Q(theme_id=data["theme"]) | Q(theme__parent_id=data["theme"]))
    if data["ward"]:
        needs = needs.filter(Q(area__code=data["ward"]) | Q(area__ward=data["ward"]))
    return needs


def _without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@login_required
def recorded_detail(request: HttpRequest, pk) -> HttpResponse:
    """The source organisation's members, council officers, LIO staff and administrators; 404 to everyone else."""
    need = _need_for(request, pk)
    return _detail(request, need, ReviewForm(initial={"decision": need.status}) if roles_for(request.user).can_verify else None)


def _detail(request: HttpRequest, need: RecordedNeed, form: ReviewForm | None) -> HttpResponse:
    ward = Area.objects.filter(code=need.area.ward).only("code", "name").first() if need.area.ward else None
    return render(request, "needs/intelligence/detail.html", {"need": need, "form": form, "ward": ward})


@login_required
@require_POST
def recorded_review(request: HttpRequest, pk) -> HttpResponse:
    """LIO staff and administrators accept a need or mark it not used; others who can see it get 403."""
    need = _need_for(request, pk)
    if not roles_for(request.user).can_verify:
        raise PermissionDenied("Only the local infrastructure organisation reviews recorded needs.")
    form = ReviewForm(request.POST)
    if not form.is_valid():
        return _detail(request, need, form)
    recorded_need_review(need=need, by=request.user, decision=form.cleaned_data["decision"],
                         note=form.cleaned_data["note"])
    messages.success(request, f"Review saved: {need.get_status_display().lower()}.")
    return redirect("needs:recorded_detail", need.pk)


def intelligence(request: HttpRequest) -> HttpResponse:
    """Everyone: counts only, aggregated by ward and theme, with small counts suppressed."""
    place, wards = ward_intelligence(settings.KITH_PLACE_CODE)
    if request.GET.get("format") == "csv":
        return _csv(place, wards)
    return render(request, "needs/intelligence/summary.html", {"place": place, "wards": wards,
                                                              "suppress_below": SUPPRESS_BELOW})


def _csv(place, wards) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="local-intelligence-{settings.KITH_PLACE_CODE}.csv"'
    writer = csv.writer(response)
    writer.writerow(CSV_COLUMNS)
    areas = [(settings.KITH_PLACE_CODE, settings.KITH_PLACE_NAME, Area.Kind.LOCAL_AUTHORITY.value, place)]
    areas += [(ward.code, ward.name, ward.kind, ward.themes) for ward in wards]
    for code, name, kind, themes in areas:
        for row in themes:
            writer.writerow([code, name, kind, row.theme_code, row.theme_name, row.recorded_needs.plain,
                             "" if row.people is None else row.people.plain, row.unmet_searches.plain,
                             row.declined_referrals.plain])
    return response
