"""Pages acting on a person's data: withdrawing consent, erasing the person's details, subject access."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from ..access import referral_for
from . import erasure, export, keys
from .access import managed_organisations, managing_organisation
from .forms import PersonForm


@login_required
@require_http_methods(["GET", "POST"])
def withdraw_consent(request, pk):
    """Members of the referring and receiving organisations and the self-referrer; everyone else 404."""
    referral, organisation = referral_for(request, pk)
    consent = referral.current_consent()
    if request.method == "POST":
        if erasure.consent_withdraw(referral=referral, by=request.user, organisation=organisation):
            messages.success(request, "Consent withdrawn: the referral is closed and the person’s details erased.")
        return redirect("referrals:detail", pk=referral.pk)
    return render(request, "referrals/privacy/withdraw_consent.html", {"referral": referral, "consent": consent})


@login_required
@require_http_methods(["GET", "POST"])
def erase(request, pk):
    """Managers of the referring or receiving organisation (who hold the data); other members 403,
    everyone else 404."""
    referral, _ = referral_for(request, pk)
    organisation = managing_organisation(request.user, referral)
    if organisation is None:
        raise PermissionDenied("Only managers of the referring or receiving organisation can erase a person’s details.")
    if request.method == "POST":
        if erasure.referral_erase(referral=referral, by=request.user, organisation=organisation):
            messages.success(request, "The person’s details are erased. The referral is closed and kept, without them, for the figures.")
        return redirect("referrals:detail", pk=referral.pk)
    return render(request, "referrals/privacy/erase.html", {"referral": referral})


@login_required
@require_http_methods(["GET", "POST"])
def subject_access(request):
    """Managers of an organisation, for the referrals their organisation sent or received. Identifiers come
    by POST, never in the address. Finding nothing and finding only other organisations' referrals look alike."""
    organisations = managed_organisations(request.user)
    if not organisations:
        raise PermissionDenied("Only managers of an organisation can answer a subject access request.")
    form = PersonForm(request.POST if request.method == "POST" else None, organisations=organisations)
    if request.method != "POST" or not form.is_valid():
        return render(request, "referrals/privacy/subject_access.html", {"form": form}, status=200)
    organisation = form.chosen_organisation()
    found = keys.referrals_about(form.identifiers()).filter(
        Q(receiving_organisation=organisation) | Q(referring_organisation=organisation))
    as_json = request.GET.get("format") == "json"
    data = export.export_and_record(found, by=request.user, organisation=organisation, output="json" if as_json else "html")
    if as_json:
        response = JsonResponse({"organisation": organisation.name, "exported_at": timezone.now().isoformat(),
                                 "referrals": data}, json_dumps_params={"indent": 2, "ensure_ascii": False})
        response["Content-Disposition"] = 'attachment; filename="subject-access.json"'
        response["Cache-Control"] = "no-store"
        return response
    resubmit = [(name, request.POST.get(name, "")) for name in form.fields]
    response = render(request, "referrals/privacy/subject_access_result.html",
                      {"organisation": organisation, "referrals": [export.for_page(item) for item in data],
                       "resubmit": resubmit})
    response["Cache-Control"] = "no-store"
    return response
