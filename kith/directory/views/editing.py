"""Keeping records up to date. Every view here is for members and managers of the owning
organisation, LIO staff and administrators; anyone else signed in gets 403, anyone signed out is
asked to sign in."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from kith.organisations import verification

from .. import services
from ..forms import CapacityForm, LocationForm, ScheduleForm, ServiceForm
from ..models import Location, Service
from .access import location_to_edit, organisation_to_edit, service_to_edit
from .public import opening_times


def _data(request):
    return request.POST if request.method == "POST" else None


@login_required
def service_create(request, pk):
    """Members and managers of the organisation, LIO staff, administrators: add a service."""
    organisation = organisation_to_edit(request, pk)
    form = ServiceForm(_data(request), organisation=organisation, instance=Service(organisation=organisation))
    if request.method == "POST" and form.is_valid():
        service = services.service_create(service=form.save(commit=False), by=request.user, **form.service_kwargs())
        messages.success(request, f"“{service.name}” has been added. Add its opening times next.")
        return redirect("directory:schedule_list", service.pk)
    return render(request, "directory/service_form.html", {"form": form, "organisation": organisation})


@login_required
def service_edit(request, pk):
    """Members and managers of the service's organisation, LIO staff, administrators."""
    service = service_to_edit(request, pk)
    saved_name = service.name  # the form writes what was typed onto the instance, even when invalid
    form = ServiceForm(_data(request), organisation=service.organisation, instance=service)
    if request.method == "POST" and form.is_valid():
        services.service_update(service=form.save(commit=False), by=request.user, **form.service_kwargs())
        messages.success(request, "Your changes have been saved.")
        return redirect("directory:service_detail", service.pk)
    return render(request, "directory/service_form.html",
                  {"form": form, "organisation": service.organisation, "service": service, "saved_name": saved_name})


@login_required
def service_capacity(request, pk):
    """Members and managers of the service's organisation, LIO staff, administrators."""
    service = service_to_edit(request, pk)
    form = CapacityForm.for_service(service, _data(request))
    if request.method == "POST" and form.is_valid():
        services.service_update_capacity(service=service, by=request.user, **form.cleaned_data)
        messages.success(request, "Capacity updated.")
        return redirect("directory:service_detail", service.pk)
    return render(request, "directory/capacity_form.html", {"form": form, "service": service})


@login_required
def service_close(request, pk):
    """Members and managers of the service's organisation, LIO staff, administrators: confirm, then close."""
    service = service_to_edit(request, pk)
    if request.method == "POST":
        services.service_close(service=service, by=request.user)
        messages.success(request, f"“{service.name}” is closed. It no longer shows in the directory.")
        return redirect("directory:organisation_detail", service.organisation_id)
    return render(request, "directory/service_close.html", {"service": service})


@login_required
@require_POST
def service_confirm(request, pk):
    """Members and managers of the service's organisation, LIO staff, administrators."""
    service = service_to_edit(request, pk)
    verification.record_confirm(record=service, by=request.user)
    messages.success(request, "Thank you. The service’s details are confirmed as still correct.")
    return redirect("directory:service_detail", service.pk)


def _location_form(request, organisation, location: Location):
    saved_name = location.name
    form = LocationForm(_data(request), instance=location)
    if request.method == "POST" and form.is_valid():
        location = services.location_save(location=form.save(commit=False), by=request.user, address=form.address())
        if location.postcode and location.latitude is None:
            messages.warning(request, f"Location saved, but we could not find the postcode {location.postcode} in "
                             "the postcode directory, so it will not show in searches by distance. "
                             "Check the postcode is right.")
        else:
            messages.success(request, f"“{location.name}” has been saved.")
        return redirect("directory:organisation_detail", organisation.pk)
    return render(request, "directory/location_form.html", {"form": form, "organisation": organisation, "location": location,
                                                          "saved_name": saved_name})


@login_required
def location_create(request, pk):
    """Members and managers of the organisation, LIO staff, administrators: add a location."""
    organisation = organisation_to_edit(request, pk)
    return _location_form(request, organisation, Location(organisation=organisation))


@login_required
def location_edit(request, pk):
    """Members and managers of the location's organisation, LIO staff, administrators."""
    location = location_to_edit(request, pk)
    return _location_form(request, location.organisation, location)


@login_required
def schedule_list(request, pk):
    """Members and managers of the service's organisation, LIO staff, administrators."""
    service = service_to_edit(request, pk)
    schedules = service.schedules.select_related("service_at_location__location")
    return render(request, "directory/schedule_list.html", {"service": service, "opening_times": opening_times(schedules)})


@login_required
def schedule_form(request, pk, schedule_pk=None):
    """Members and managers of the service's organisation, LIO staff, administrators: add or change a time."""
    service = service_to_edit(request, pk)
    schedule = get_object_or_404(service.schedules, pk=schedule_pk) if schedule_pk else None
    form = ScheduleForm(_data(request), instance=schedule, service=service)
    if request.method == "POST" and form.is_valid():
        services.schedule_save(schedule=form.save(commit=False), by=request.user)
        messages.success(request, "Opening times saved.")
        return redirect("directory:schedule_list", service.pk)
    return render(request, "directory/schedule_form.html", {"form": form, "service": service, "schedule": schedule})


@login_required
def schedule_remove(request, pk, schedule_pk):
    """Members and managers of the service's organisation, LIO staff, administrators: confirm, then remove."""
    service = service_to_edit(request, pk)
    schedule = get_object_or_404(service.schedules.select_related("service_at_location__location"), pk=schedule_pk)
    if request.method == "POST":
        services.schedule_delete(schedule=schedule, by=request.user)
        messages.success(request, "Opening time removed.")
        return redirect("directory:schedule_list", service.pk)
    return render(request, "directory/schedule_remove.html", {"service": service, "schedule": schedule})
