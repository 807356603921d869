"""The private link's pages. Anyone holding the link: no sign-in, since a self-referrer may have lost their
account, or be reading their email on another device. The link is the credential, so the pages are never
cached or indexed and send no Referer; a wrong, malformed or spent link is a plain 404, and an address
guessing links is stopped after a few misses.
"""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_http_methods
from django.views.defaults import page_not_found

from .. import ratelimit, services
from ..models import EventKind, SharedItem
from ..privacy import erasure
from .links import referral_by_token

# Wrong links one address may try in an hour; a person mistyping their link does not come near it.
MISSES_PER_HOUR = 20


def _private(response, *, referrer_policy: str = "no-referrer"):
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = referrer_policy
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _referral_or_none(request, token):
    """The referral the token opens, counting a miss against the address; None when it opens none."""
    key = f"private-link:{ratelimit.client_address(request)}"
    if ratelimit.exceeded(key, limit=MISSES_PER_HOUR):
        return None
    referral = referral_by_token(token)
    if referral is None:
        ratelimit.allow([key], limit=MISSES_PER_HOUR)
    return referral


def _not_found(request):
    # The site's own not-found page: it says nothing of whether the link ever worked.
    response = _private(page_not_found(request, Http404("")))
    # Django logs every 4xx with its path, and the path holds the token (a near miss is nearly the link).
    response._has_been_logged = True
    return response


@require_http_methods(["GET"])
def private(request, token):
    """Anyone with the link: the referral's progress and the person's own details. Audited as a view with
    no actor (nobody is signed in as the person)."""
    referral = _referral_or_none(request, token)
    if referral is None:
        return _not_found(request)
    shown = [name for name in services.PERSONAL_FIELDS if getattr(referral, name)]
    services.referral_record_view(referral=referral, by=None, organisation=None, fields=shown)
    consent = referral.current_consent()
    changes = [event for event in referral.events.all() if event.kind not in (EventKind.VIEWED, EventKind.CREATED)]
    return _private(render(request, "referrals/private/private.html", {
        "referral": referral, "token": token, "consent": consent, "person_rows": referral.person_rows(),
        "shared": [SharedItem(code).label for code in (consent.shared_items if consent else []) if code in SharedItem.values],
        "needs": referral.needs.select_related("parent"), "changes": changes,
    }))


@require_http_methods(["GET", "POST"])
def withdraw(request, token):
    """Anyone with the link: withdraw consent, which closes the referral and erases the person's details at
    once. GET asks; POST with the confirming box ticked does it. The link stops working afterwards."""
    referral = _referral_or_none(request, token)
    if referral is None:
        return _not_found(request)
    error = ""
    if request.method == "POST":
        if request.POST.get("confirm") == "yes":
            erasure.consent_withdraw(referral=referral, by=None, organisation=None)
            return _private(render(request, "referrals/private/withdrawn.html", {"reference": referral.reference}))
        error = "Select yes if you want to withdraw your consent"
    # A form posted from a no-referrer page carries "Origin: null", which CSRF protection rightly refuses: this
    # page lets the browser name its origin (and the link) to this site alone, and to nobody else.
    return _private(render(request, "referrals/private/withdraw.html", {"referral": referral, "token": token, "error": error}),
                    referrer_policy="same-origin")
