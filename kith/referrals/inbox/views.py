"""The receiving organisation's pages: its inbox, answering a referral, and referring someone on."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from kith.organisations.models import Organisation
from kith.organisations.roles import roles_for

from .. import pages
from ..models import DeclineReason, Outcome, Referral, Status
from . import answering, onward
from .forms import DECISION_LABELS, AnswerForm, OnwardForm

PER_PAGE = 25


def receiving_organisations(user) -> list[Organisation]:
    """The organisations the person answers referrals for: those they are a member or manager of
    (any of them may list a service and be sent referrals)."""
    return list(Organisation.objects.filter(pk__in=roles_for(user).editable_organisation_ids).order_by("name"))


def received_referral(request, pk) -> tuple[Referral, Organisation]:
    """A sent referral received by one of the person's organisations; 404 for everyone else, the
    referrer included, so nothing is learnt of a referral by trying to answer it."""
    ids = roles_for(request.user).editable_organisation_ids
    referral = Referral.objects.sent().filter(pk=pk, receiving_organisation__in=ids) \
        .select_related("service", "receiving_organisation", "referring_organisation").first()
    if referral is None:
        raise Http404("")
    return referral, referral.receiving_organisation


@login_required
def inbox(request):
    """Members and managers of organisations (others get 403). No personal details here, so the
    list needs no audit: the person's details are on the referral's own (audited) page."""
    organisations = receiving_organisations(request.user)
    if not organisations:
        raise PermissionDenied("Only members of organisations have an inbox of referrals received.")
    chosen = next((org for org in organisations if str(org.pk) == request.GET.get("organisation")), organisations[0])
    received = Referral.objects.sent().filter(receiving_organisation=chosen)
    counts = dict(received.values_list("status").annotate(n=Count("pk")).order_by())
    status = request.GET.get("status", "")
    shown = received.filter(status=status) if status in counts else received
    page = Paginator(shown.select_related("service", "referring_organisation").order_by("-sent_at", "pk"),
                     PER_PAGE).get_page(request.GET.get("page"))
    now = timezone.now()
    rows = [(referral, (now - referral.sent_at).days if referral.sent_at else 0) for referral in page.object_list]
    return render(request, "referrals/inbox/inbox.html", {
        "organisations": organisations, "chosen": chosen, "page": page, "rows": rows,
        "status": status if status in counts else "", "total": sum(counts.values()),
        "counts": [(code, label, counts[code]) for code, label in Status.choices if code in counts],
    })


@require_POST
@login_required
def answer(request, pk):
    """Members and managers of the receiving organisation; anyone else, the referrer too, gets 404."""
    referral, organisation = received_referral(request, pk)
    shown = request.POST.get("version", "")
    if shown.isascii() and shown.isdigit() and len(shown) < 10 and int(shown) != referral.version:
        # Judged against what it was shown, not against answers that have moved on since.
        return _conflict(request, referral, organisation)
    form = AnswerForm(request.POST, referral=referral)
    if not form.is_valid():
        return pages.render_detail(request, referral, organisation, form=form)
    try:
        answered = answering.referral_answer(referral=referral, by=request.user, organisation=organisation, **form.answer())
    except answering.Conflict as conflict:
        return _conflict(request, conflict.latest, organisation)
    except answering.Refused as refused:
        form.add_error(None, str(refused))
        return pages.render_detail(request, referral, organisation, form=form)
    # Without it the page they come back to looks much as it did, and people press the button again.
    messages.success(request, f"Answer saved: the referral is now “{answered.get_status_display().lower()}”. "
                              "The referrer can see it.")
    return redirect("referrals:detail", referral.pk)


def _conflict(request, latest: Referral, organisation):
    """The latest state, with their answer kept on the form against the latest version, to send again if it still stands."""
    kept = {name: request.POST.get(name, "") for name in AnswerForm.base_fields if name != "version"}
    form = AnswerForm(initial=kept, referral=latest)
    return pages.render_detail(request, latest, organisation, form=form, conflict=kept_answer(kept), status=409)


def kept_answer(posted: dict) -> list[tuple[str, str]]:
    """Their unsaved answer in words, shown beside the latest state so nothing they typed is lost."""
    labels = {"decision": DECISION_LABELS, "decline_reason": dict(DeclineReason.choices), "outcome": dict(Outcome.choices)}
    rows = []
    for name, field in AnswerForm.base_fields.items():
        value = str(posted.get(name, ""))[:answering.LONGEST_TEXT].replace("\x00", "").strip()
        if name != "version" and value:
            rows.append((str(field.label).replace(" (optional)", ""), labels.get(name, {}).get(value, value)))
    return rows


@login_required
def refer_on(request, pk):
    """Members and managers of the receiving organisation: choose a service, then make the referral."""
    referral, organisation = received_referral(request, pk)
    if (why := onward.why_not_onward(referral)) is not None:
        return render(request, "referrals/inbox/onward.html", {"referral": referral, "refusal": why})
    query = request.GET.get("q", "")
    found = list(onward.onward_services(referral, query)[:onward.MOST_SERVICES_LISTED])
    chosen = request.POST.get("service", "")
    if request.method == "POST" and _is_uuid(chosen) and chosen not in {str(s.pk) for s in found}:
        # The chosen service need not be among the first found for the search shown.
        found += list(onward.onward_services(referral).filter(pk=chosen))
    form = OnwardForm(request.POST if request.method == "POST" else None, services=found)
    if request.method == "POST" and form.is_valid():
        draft = onward.referral_refer_on(referral=referral, service=form.chosen(), by=request.user,
                                         organisation=organisation)
        return redirect("referrals:consent", draft.pk)
    return render(request, "referrals/inbox/onward.html", {
        "referral": referral, "form": form, "query": query[:100], "found": found,
        "shares_onward": bool((consent := referral.current_consent()) and consent.shared_with_onward)})


def _is_uuid(text: str) -> bool:
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True
