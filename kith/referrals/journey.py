"""Making a referral, one question per page: safeguarding notice → consent → the person → reason
and needs → check answers → sent. Signed-in people only (anyone else is asked to sign in). The
draft lives encrypted in the database, owned by its maker: only its uuid travels in URLs, nothing
personal in the session. Steps opened out of order send the person back to the first unfinished one.
"""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from kith.organisations.roles import roles_for

from . import ratelimit, rules, services
from .access import draft_for, referring_organisations, sent_by, service_for_referral
from .forms import ConsentForm, PersonForm, ReasonForm, StartForm
from .models import GivenBy, SharedItem
from .private.links import private_url

STEPS = ["consent", "person", "reason", "check"]
_PRIVATE_LINK_KEY = "referrals:private_link:{}"


def _data(request):
    return request.POST if request.method == "POST" else None


def _out_of_order(draft, step: str):
    """A redirect to the first unfinished step when `step` comes after it, else None."""
    missing = draft.missing_step()
    if missing is not None and STEPS.index(missing) < STEPS.index(step):
        return redirect(f"referrals:{missing}", draft.pk)
    return None


def _next(request, draft, step: str):
    if request.GET.get("change") == "1" and draft.missing_step() is None:
        return redirect("referrals:check", draft.pk)
    return redirect(f"referrals:{STEPS[STEPS.index(step) + 1]}", draft.pk)


def _page(request, template, draft, form, step: str, **extra):
    back = reverse(f"referrals:{STEPS[STEPS.index(step) - 1]}", args=[draft.pk]) if step != "consent" \
        else reverse("referrals:start", args=[draft.service_id])
    if request.GET.get("change") == "1":
        back = reverse("referrals:check", args=[draft.pk])
    return render(request, template, {"draft": draft, "service": draft.service, "form": form, "back": back,
                                      "change": request.GET.get("change") == "1", **extra})


@login_required
def start(request, service_pk):
    """Signed-in people whom the service takes referrals from: professionals (members of any
    organisation) where it takes professional referrals, anyone else where it takes self-referrals.
    Others see why not (signposting only, not accepting, or the other route) and nothing is saved."""
    service = service_for_referral(service_pk)
    roles = roles_for(request.user)
    refusal = rules.refusal(service, roles)
    if refusal is not None:
        return render(request, "referrals/cannot_refer.html", {"service": service, "refusal": refusal},
                      status=403 if refusal in (rules.SELF_ONLY, rules.PROFESSIONALS_ONLY) else 200)
    organisations = referring_organisations(request) if roles.is_professional else []
    form = StartForm(_data(request), organisations=organisations)
    if request.method == "POST" and form.is_valid():
        if form.is_spam:
            # Said plainly, in case a person's browser filled the hidden field in.
            form.add_error(None, "We could not start the referral. Try again, leaving the hidden “Leave this empty” field empty")
        elif not roles.is_professional and not ratelimit.allow(
                [f"user:{request.user.pk}", f"ip:{ratelimit.client_address(request)}"],
                limit=settings.KITH_SELF_REFERRALS_PER_HOUR):
            return render(request, "referrals/too_many.html", {"service": service}, status=429)
        else:
            draft = services.referral_start(service=service, by=request.user, organisation=form.chosen_organisation())
            return redirect("referrals:consent", draft.pk)
    return render(request, "referrals/start.html", {"service": service, "form": form, "self_referral": not roles.is_professional})


@login_required
def consent(request, pk):
    """The draft's owner."""
    draft = draft_for(request, pk)
    current = draft.current_consent()
    initial = {"agreed": "yes", "given_by": current.given_by, "given_by_name": current.given_by_name,
               "method": current.method, "shared_items": current.shared_items,
               "shared_with_onward": current.shared_with_onward} if current else {"shared_items": [SharedItem.CONTACT]}
    form = ConsentForm(_data(request), initial=initial, self_referral=draft.self_referral)
    if request.method == "POST" and form.is_valid():
        if form.refused:
            service_pk = draft.service_id
            draft.delete()  # nothing may be kept without consent
            return redirect("referrals:no_consent", service_pk)
        services.consent_record(referral=draft, by=request.user, **form.consent_fields())
        return _next(request, draft, "consent")
    return _page(request, "referrals/consent.html", draft, form, "consent")


@login_required
def no_consent(request, service_pk):
    """Signed-in people: why the referral stopped, and what to do instead."""
    return render(request, "referrals/no_consent.html", {"service": service_for_referral(service_pk)})


@login_required
def person(request, pk):
    """The draft's owner."""
    draft = draft_for(request, pk)
    if (back := _out_of_order(draft, "person")) is not None:
        return back
    initial = {name: getattr(draft, name) for name in services.PERSONAL_FIELDS if name != "reason"}
    form = PersonForm(_data(request), initial=initial, asks_age=draft.asks_age, self_referral=draft.self_referral)
    if request.method == "POST" and form.is_valid():
        for name, value in form.person_fields().items():
            setattr(draft, name, value)
        draft.save()
        return _next(request, draft, "person")
    return _page(request, "referrals/person.html", draft, form, "person")


@login_required
def reason(request, pk):
    """The draft's owner."""
    draft = draft_for(request, pk)
    if (back := _out_of_order(draft, "reason")) is not None:
        return back
    form = ReasonForm(_data(request), initial={"reason": draft.reason,
                                               "needs": [str(pk) for pk in draft.needs.values_list("pk", flat=True)]},
                      self_referral=draft.self_referral)
    if request.method == "POST" and form.is_valid():
        draft.reason = form.cleaned_data["reason"]
        draft.save()
        draft.needs.set(form.chosen_needs())
        return _next(request, draft, "reason")
    return _page(request, "referrals/reason.html", draft, form, "reason")


@login_required
def check(request, pk):
    """The draft's owner: every answer with a link to change it, and the button that sends."""
    draft = draft_for(request, pk)
    if (back := _out_of_order(draft, "check")) is not None:
        return back
    # The service may have stopped taking referrals (or this kind) since the draft began.
    refusal = rules.refusal(draft.service, roles_for(request.user))
    if refusal is not None:
        return render(request, "referrals/cannot_refer.html", {"service": draft.service, "refusal": refusal})
    if request.method == "POST":
        referral = services.referral_send(referral=draft, by=request.user)
        if referral.private_link_token:
            # Held only until the confirmation page shows it, once.
            request.session[_PRIVATE_LINK_KEY.format(referral.pk)] = referral.private_link_token
        return redirect("referrals:confirmation", referral.pk)
    consent = draft.current_consent()
    return _page(request, "referrals/check.html", draft, None, "check", consent=consent, person_rows=draft.person_rows(), editable=True,
                 needs=draft.needs.select_related("parent"), parent_or_carer=consent.given_by == GivenBy.PARENT_OR_CARER,
                 shared=[SharedItem(code).label for code in consent.shared_items if code in SharedItem.values])


@login_required
def confirmation(request, pk):
    """The person who sent the referral: its reference and what happens next."""
    referral = sent_by(request, pk)
    token = request.session.pop(_PRIVATE_LINK_KEY.format(referral.pk), None)
    response = render(request, "referrals/confirmation.html", {
        "referral": referral, "private_link": private_url(token, absolute=True) if token else ""})
    if token:
        response["Cache-Control"] = "no-store"
    return response


@require_POST
@login_required
def discard(request, pk):
    """The draft's owner: delete it and everything typed into it."""
    draft = draft_for(request, pk)
    service_pk = draft.service_id
    draft.delete()
    return redirect("directory:service_detail", service_pk)
