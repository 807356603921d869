"""Pages where council officers, LIO staff and administrators open rounds, invite respondents and follow
response counts."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from kith.organisations.roles import roles_for

from ..models import Round, Sector
from .forms import InviteForm, RoundForm
from .services import invitations_send, round_create, share_link


def may_run_rounds(user) -> bool:
    roles = roles_for(user)
    return roles.is_council_officer or roles.is_lio_staff or roles.is_administrator


def _require_round_runner(request) -> None:
    if not may_run_rounds(request.user):
        raise PermissionDenied("Only council officers, LIO staff and administrators run relationship rounds")


def _round_for_runner(request, round_uuid) -> Round:
    _require_round_runner(request)
    return get_object_or_404(Round, uuid=round_uuid)


@login_required
def round_list(request):
    """Who: council officers, LIO staff and administrators."""
    _require_round_runner(request)
    rounds = Round.objects.annotate(submitted=Count("responses", filter=Q(responses__submitted_at__isnull=False)))
    return render(request, "assessments/rounds/list.html", {"rounds": rounds})


@login_required
def round_new(request):
    """Who: council officers, LIO staff and administrators."""
    _require_round_runner(request)
    form = RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            round_ = round_create(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"{round_.name} is open for answers from {round_.opens_on:%-d %B %Y}")
            return redirect("assessments:round", round_.uuid)
    return render(request, "assessments/rounds/new.html", {"form": form})


def _sector_counts(round_: Round) -> list[tuple[str, int, int]]:
    """(sector, submitted, in progress) for every sector: counts only, never who."""
    rows = {value: [0, 0] for value in Sector.values}
    for response in round_.responses.values("sector", "submitted_at"):
        if response["sector"] in rows:
            rows[response["sector"]][0 if response["submitted_at"] else 1] += 1
    return [(label, *rows[value]) for value, label in Sector.choices]


def _round_page(request, round_: Round, invite_form: InviteForm, status: int = 200):
    counts = _sector_counts(round_)
    context = {
        "round": round_, "counts": counts, "invite_form": invite_form, "form": invite_form,
        "submitted_total": sum(c[1] for c in counts), "in_progress_total": sum(c[2] for c in counts),
        "share_link": share_link(round_), "statement_count": round_.round_statements.count(),
        "invitations_sent": round_.invitations.count(),
        "invitations_used": round_.invitations.filter(used=True).count(),
    }
    return render(request, "assessments/rounds/round.html", context, status=status)


@login_required
def round_detail(request, round_uuid):
    """Who: council officers, LIO staff and administrators."""
    return _round_page(request, _round_for_runner(request, round_uuid), InviteForm())


@login_required
@require_POST
def round_invite(request, round_uuid):
    """Who: council officers, LIO staff and administrators. Emails each address its private link."""
    round_ = _round_for_runner(request, round_uuid)
    form = InviteForm(request.POST)
    if form.is_valid():
        try:
            sent = invitations_send(round_=round_, emails=form.cleaned_data["emails"], by=request.user)
        except ValidationError as error:
            # A closed round's page has no email box to point at: the refusal is about the whole form.
            form.add_error(None if round_.state == "closed" else "emails", error)
        else:
            skipped = len(form.cleaned_data["emails"]) - sent
            note = f" ({skipped} already invited)" if skipped else ""
            messages.success(request, f"{sent} invitation{'s' if sent != 1 else ''} sent{note}")
            return redirect("assessments:round", round_.uuid)
    return _round_page(request, round_, form)
