"""Fetching records with the permission check in the same step, so no view can forget it."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from kith.organisations.models import Organisation
from kith.organisations.roles import roles_for

from ..models import Location, Service


def organisation_to_read(request, pk) -> tuple[Organisation, bool]:
    """The organisation and whether the user may edit it; an inactive one only for those who may."""
    organisation = get_object_or_404(Organisation, pk=pk)
    can_edit = roles_for(request.user).can_edit(organisation)
    if not organisation.is_active and not can_edit:
        raise Http404("This organisation is no longer listed.")
    return organisation, can_edit


def service_to_read(request, pk, queryset=None) -> tuple[Service, bool]:
    service = get_object_or_404((queryset if queryset is not None else Service.objects).select_related("organisation"), pk=pk)
    can_edit = roles_for(request.user).can_edit(service.organisation)
    if not service.is_listed and not can_edit:
        raise Http404("This service is no longer listed.")
    return service, can_edit


def _require_editor(request, organisation: Organisation) -> None:
    if not roles_for(request.user).can_edit(organisation):
        raise PermissionDenied("Only people in this organisation and the local infrastructure organisation can change its records.")


def organisation_to_edit(request, pk) -> Organisation:
    organisation = get_object_or_404(Organisation, pk=pk)
    _require_editor(request, organisation)
    return organisation


def service_to_edit(request, pk) -> Service:
    service = get_object_or_404(Service.objects.select_related("organisation"), pk=pk)
    _require_editor(request, service.organisation)
    return service


def location_to_edit(request, pk) -> Location:
    location = get_object_or_404(Location.objects.select_related("organisation"), pk=pk)
    _require_editor(request, location.organisation)
    return location


def _require_history_reader(request, organisation: Organisation) -> None:
    if not roles_for(request.user).can_see_history(organisation):
        raise PermissionDenied("Only people in this organisation and the local infrastructure organisation can see its history.")


def organisation_for_history(request, pk) -> Organisation:
    organisation = get_object_or_404(Organisation, pk=pk)
    _require_history_reader(request, organisation)
    return organisation


def service_for_history(request, pk) -> Service:
    service = get_object_or_404(Service.objects.select_related("organisation"), pk=pk)
    _require_history_reader(request, service.organisation)
    return service


def require_verifier(request) -> None:
    if not roles_for(request.user).can_verify:
        raise PermissionDenied("Only the local infrastructure organisation can verify records.")
