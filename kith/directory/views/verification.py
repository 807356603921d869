"""The local infrastructure organisation's verification queue. LIO staff and administrators only."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import F
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from kith.core.models import Event
from kith.organisations import verification
from kith.organisations.models import Organisation, Verification

from ..forms import SendBackForm
from ..models import Service
from .access import require_verifier
from .history import history_rows

SECTION_SIZE = 100
RECENT_CHANGES = 10


def _queue():
    organisations = Organisation.objects.active()
    service_qs = Service.objects.listed().select_related("organisation")
    stale_order = [F("last_confirmed_at").asc(nulls_first=True), "name"]
    return {
        "awaiting_organisations": organisations.awaiting_verification().order_by("updated_at"),
        "awaiting_services": service_qs.awaiting_verification().order_by("updated_at"),
        "stale_organisations": organisations.possibly_out_of_date().exclude(
            verification_status=Verification.AWAITING).order_by(*stale_order),
        "stale_services": service_qs.possibly_out_of_date().exclude(
            verification_status=Verification.AWAITING).order_by(*stale_order),
    }


@login_required
def verification_queue(request):
    """LIO staff and administrators: records awaiting verification (oldest first), then those possibly out of date."""
    require_verifier(request)
    sections = {name: (list(qs[:SECTION_SIZE]), qs.count()) for name, qs in _queue().items()}
    return render(request, "directory/verification_queue.html", {"sections": sections, "section_size": SECTION_SIZE})


def _record(kind: str, pk):
    queryset = Organisation.objects.all() if kind == "organisation" else Service.objects.select_related("organisation")
    return get_object_or_404(queryset, pk=pk)


def _review(request, kind, record, form):
    """An organisation is checked with its locations, so their changes show beside its own."""
    locations = list(record.locations.prefetch_related("addresses")) if kind == "organisation" else []
    events = Event.objects.for_objects([record, *locations])[:RECENT_CHANGES]
    return render(request, "directory/verification_review.html", {
        "kind": kind, "record": record, "locations": locations, "form": form, "rows": history_rows(events),
    })


@login_required
def verification_review(request, kind, pk):
    """LIO staff and administrators: one record, its latest changes, and the Verify and Send back actions."""
    require_verifier(request)
    return _review(request, kind, _record(kind, pk), SendBackForm())


@login_required
@require_POST
def verification_verify(request, kind, pk):
    """LIO staff and administrators."""
    require_verifier(request)
    record = verification.record_verify(record=_record(kind, pk), by=request.user)
    messages.success(request, f"“{record}” is verified.")
    return redirect("directory:verification_queue")


@login_required
@require_POST
def verification_send_back(request, kind, pk):
    """LIO staff and administrators: a comment saying what to change is required."""
    require_verifier(request)
    record = _record(kind, pk)
    form = SendBackForm(request.POST)
    if not form.is_valid():
        return _review(request, kind, record, form)
    verification.record_send_back(record=record, by=request.user, comment=form.cleaned_data["comment"])
    messages.success(request, f"“{record}” has been sent back to its organisation with your comment.")
    return redirect("directory:verification_queue")
