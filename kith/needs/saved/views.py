"""Saved views: the list and the form for council officers, LIO staff and administrators, who read the whole
sector; deleting for whoever saved the view, or LIO staff and administrators."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from kith.core.audit import record_event, snapshot
from kith.needs.models import SavedView
from kith.organisations.roles import roles_for

from .addresses import address_problem
from .forms import SavedViewForm


def require_sector_reader(request: HttpRequest) -> None:
    if not roles_for(request.user).sees_whole_sector:
        raise PermissionDenied("Only council officers, LIO staff and administrators can save and share views.")


def may_delete(user, saved: SavedView) -> bool:
    return saved.created_by_id == user.pk or roles_for(user).can_verify


@login_required
def saved_list(request: HttpRequest) -> HttpResponse:
    """Who may see it: council officers, LIO staff and administrators. Every saved view, with its shareable link."""
    require_sector_reader(request)
    views = SavedView.objects.select_related("created_by")
    return render(request, "needs/saved/list.html", {
        "views": [(view, request.build_absolute_uri(view.address), may_delete(request.user, view)) for view in views],
    })


@login_required
def saved_new(request: HttpRequest) -> HttpResponse:
    """Who may see it: council officers, LIO staff and administrators. Saves the needs page named by ?address=."""
    require_sector_reader(request)
    posted = request.method == "POST"
    # The address stays in the page's own address, so the form posts back to it with nothing hidden.
    address = request.GET.get("address", "")
    problem = address_problem(address)
    if problem:
        return render(request, "needs/saved/new.html", {"problem": problem}, status=400)
    form = SavedViewForm(request.POST if posted else None)
    if posted and form.is_valid():
        saved = form.save(commit=False)
        saved.address, saved.created_by = address, request.user
        saved.save()
        record_event(actor=request.user, verb="saved_view_created", obj=saved, after=snapshot(saved))
        messages.success(request, f"“{saved.name}” is saved. Anyone here who can see saved views can open it from this list.")
        return redirect("needs:saved_list")
    return render(request, "needs/saved/new.html", {"form": form, "address": address})


@login_required
def saved_delete(request: HttpRequest, pk) -> HttpResponse:
    """Who may see it: whoever saved the view, LIO staff and administrators. Asks first; deletes on POST."""
    require_sector_reader(request)
    saved = get_object_or_404(SavedView, pk=pk)
    if not may_delete(request.user, saved):
        raise PermissionDenied("Only the person who saved this view, LIO staff and administrators can delete it.")
    if request.method == "POST":
        record_event(actor=request.user, verb="saved_view_deleted", obj=saved, before=snapshot(saved))
        saved.delete()
        messages.success(request, f"“{saved.name}” is deleted.")
        return redirect("needs:saved_list")
    return render(request, "needs/saved/delete.html", {"saved": saved})
