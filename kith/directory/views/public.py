"""Public pages: anyone may read them, without signing in."""

import datetime

from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.shortcuts import render

from kith.organisations.models import Organisation

from ..forms import OrganisationFilterForm
from ..models import Location, Schedule, Service, TaxonomyTerm, Weekday
from .access import organisation_to_read, service_to_read

PAGE_SIZE = 25


def _filtered_organisations(form: OrganisationFilterForm):
    organisations = Organisation.objects.active()
    if form.is_bound:
        form.is_valid()  # an invalid filter is reported on the page and left out; valid ones still apply
    data = getattr(form, "cleaned_data", {})
    if data.get("q"):
        organisations = organisations.filter(Q(name__icontains=data["q"]) | Q(alternate_name__icontains=data["q"]))
    if data.get("organisation_type"):
        organisations = organisations.filter(organisation_type=data["organisation_type"])
    if data.get("theme"):
        theme = data["theme"]
        # Term ids first: an OR across the two joins made the database scan every service's terms.
        terms = TaxonomyTerm.objects.filter(Q(code=theme, parent__isnull=True) | Q(parent__code=theme)).values("pk")
        with_theme = Service.objects.listed().filter(attributes__taxonomy_term__in=terms)
        organisations = organisations.filter(pk__in=with_theme.values("organisation_id"))
    return organisations


def organisation_list(request):
    """Public: anyone. Active organisations, filtered by name, type and need, 25 to a page."""
    form = OrganisationFilterForm(request.GET or None)
    page = Paginator(_filtered_organisations(form), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "directory/organisation_list.html", {
        "filter_form": form, "form": form, "page": page,
        "filtered": any(request.GET.get(name) for name in form.fields),
    })


def organisation_detail(request, pk):
    """Public: anyone, for an active organisation. Inactive ones and closed services only for
    people who may edit the organisation (its members and managers, LIO staff, administrators)."""
    organisation, can_edit = organisation_to_read(request, pk)
    services = organisation.services.order_by("name")
    if not can_edit:
        services = services.listed()
    locations = organisation.locations.prefetch_related("addresses").order_by("name")
    return render(request, "directory/organisation_detail.html", {
        "organisation": organisation, "can_edit": can_edit, "services": services, "locations": locations,
        "phones": organisation.phones.all(), "contacts": organisation.contacts.prefetch_related("phones"),
    })


def opening_times(schedules) -> list[tuple[str, list[Schedule]]]:
    """Schedules grouped by weekday, Monday first."""
    by_day: dict[str, list[Schedule]] = {}
    for schedule in sorted(schedules, key=lambda s: s.opens_at or datetime.time.min):
        by_day.setdefault(schedule.byday, []).append(schedule)
    return [(label, by_day[day]) for day, label in Weekday.choices if day in by_day]


def service_detail(request, pk):
    """Public: anyone, for a service that is not closed and whose organisation is active. Closed
    ones only for people who may edit its organisation (members, managers, LIO staff, administrators)."""
    service, can_edit = service_to_read(request, pk, Service.objects.prefetch_related(
        Prefetch("service_at_locations__location", queryset=Location.objects.prefetch_related("addresses")),
        "taxonomy_terms__parent", "languages", "cost_options", "phones", "contacts__phones", "service_areas",
    ))
    schedules = Schedule.objects.filter(Q(service=service) | Q(service_at_location__service=service)) \
        .select_related("service_at_location__location").distinct()
    return render(request, "directory/service_detail.html", {
        "service": service, "organisation": service.organisation, "can_edit": can_edit,
        "opening_times": opening_times(schedules),
        "locations": [link.location for link in service.service_at_locations.all()],
    })
