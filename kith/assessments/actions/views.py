"""Action plan pages (council officers and LIO staff change, lead members read) and publishing a round's
results and plan in the open (council officers and LIO staff)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from kith.core.audit import record_event, snapshot
from kith.organisations.roles import roles_for

from ..models import Action, Round
from .access import may_change_plan, may_read_round, published_round, round_for
from .forms import ActionForm
from .pdf_cache import cached_pdf
from .plan import plan_rows
from .reporting import round_report

AUDITED = ["title", "principle", "description", "owner_name", "owner_sector", "due_on", "status"]


@login_required
@require_http_methods(["GET", "POST"])
def actions(request, round_uuid):
    """The round's action plan, and a form to add to it for those who may change it."""
    round = round_for(request.user, round_uuid, change=request.method == "POST")
    may_change = may_change_plan(roles_for(request.user))
    form = ActionForm(request.POST or None, round=round) if may_change else None
    if request.method == "POST" and form.is_valid():
        action = form.save(commit=False)
        action.round = round
        action.save()
        record_event(actor=request.user, verb="action_added", obj=action, after=snapshot(action, AUDITED))
        return redirect("assessments:actions", round_uuid=round.uuid)
    return render(request, "assessments/actions/list.html",
                  {"round": round, "rows": plan_rows(round), "form": form, "may_change": may_change})


@login_required
@require_http_methods(["GET", "POST"])
def action_edit(request, round_uuid, action_id: int):
    round = round_for(request.user, round_uuid, change=True)
    action = get_object_or_404(Action, pk=action_id, round=round)
    before = snapshot(action, AUDITED)
    form = ActionForm(request.POST or None, instance=action, round=round)
    if request.method == "POST" and form.is_valid():
        form.save()
        after = snapshot(action, AUDITED)
        changed = {k for k in after if after[k] != before[k]}
        if changed:
            verb = "action_status_changed" if changed == {"status"} else "action_changed"
            record_event(actor=request.user, verb=verb, obj=action,
                         before={k: before[k] for k in changed}, after={k: after[k] for k in changed})
        return redirect("assessments:actions", round_uuid=round.uuid)
    return render(request, "assessments/actions/edit.html", {"round": round, "action": action, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def publish(request, round_uuid):
    """Publishing puts the round's results and action plan on a public page, after a confirmation."""
    round = round_for(request.user, round_uuid, change=True)
    if request.method == "POST":
        if round.results_published_at is None:
            round.results_published_at = timezone.now()
            round.save(update_fields=["results_published_at"])
            record_event(actor=request.user, verb="round_results_published", obj=round,
                         after={"results_published_at": round.results_published_at.isoformat()})
        return redirect("assessments:published", round_uuid=round.uuid)
    return render(request, "assessments/actions/publish.html", {"round": round})


@login_required
@require_POST
def unpublish(request, round_uuid):
    round = round_for(request.user, round_uuid, change=True)
    if round.results_published_at is not None:
        before = round.results_published_at.isoformat()
        round.results_published_at = None
        round.save(update_fields=["results_published_at"])
        record_event(actor=request.user, verb="round_results_unpublished", obj=round,
                     before={"results_published_at": before})
    return redirect("assessments:actions", round_uuid=round.uuid)


def published_list(request):
    """Everyone: the rounds whose results and plans are published. Lead members, who read every round's results
    but do not run rounds, also find the rounds here: this is where their navigation leads."""
    rounds = Round.objects.filter(results_published_at__isnull=False).order_by("-results_published_at")
    roles = roles_for(request.user)
    readable = Round.objects.all() if may_read_round(roles) and not may_change_plan(roles) else Round.objects.none()
    return render(request, "assessments/actions/published_list.html", {"rounds": rounds, "readable": readable})


def published(request, round_uuid):
    """Everyone: a published round's results (same figures and anonymity rule as the results page) and plan."""
    report = round_report(published_round(round_uuid))
    return render(request, "assessments/actions/published.html", {"report": report, "round": report.round})


@login_required
def report(request, round_uuid):
    """The printable report: those who may read the round's results."""
    report = round_report(round_for(request.user, round_uuid))
    return render(request, "assessments/actions/report.html", {"report": report, "round": report.round})


@login_required
def report_pdf(request, round_uuid):
    return _pdf_response(request, round_report(round_for(request.user, round_uuid)))


def published_pdf(request, round_uuid):
    """Everyone: the PDF report of a published round."""
    return _pdf_response(request, round_report(published_round(round_uuid)))


def _pdf_response(request, report) -> HttpResponse:
    html = render_to_string("assessments/actions/report_pdf.html", {"report": report, "round": report.round},
                            request=request)
    response = HttpResponse(cached_pdf(report.round, html), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="relationship-report-{report.round.uuid}.pdf"'
    return response
