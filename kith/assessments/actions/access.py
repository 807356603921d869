"""Who may read and change a round's action plan, publish it, and read its report."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from kith.organisations.roles import Roles, roles_for

from ..models import Round


def may_read_round(roles: Roles) -> bool:
    """Results, plan and report: those who run rounds, and the council's lead members."""
    return roles.sees_whole_sector or roles.is_lead_member


def may_change_plan(roles: Roles) -> bool:
    """Actions and publishing: council officers and LIO staff (lead members read)."""
    return roles.is_council_officer or roles.is_lio_staff or roles.is_administrator


def round_for(user, round_uuid, *, change: bool = False) -> Round:
    """The round, if the user may read it (or change its plan): 403 otherwise."""
    roles = roles_for(user)
    if not (may_change_plan(roles) if change else may_read_round(roles)):
        raise PermissionDenied
    return get_object_or_404(Round, uuid=round_uuid)


def published_round(round_uuid) -> Round:
    """A round whose results and plan were published; anything else is not found, for everyone."""
    found = Round.objects.filter(uuid=round_uuid, results_published_at__isnull=False).first()
    if found is None:
        raise Http404("This round's results are not published.")
    return found
