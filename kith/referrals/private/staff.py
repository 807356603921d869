"""The receiving organisation's side of a private link: sending a self-referrer a new one."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from ..inbox.views import received_referral
from . import reissue

# What the page after sending shows, held in the session only until then (as the journey holds a new link).
_NEW_LINK_KEY = "referrals:new_private_link:{}"


@login_required
@require_http_methods(["GET", "POST"])
def reissue_link(request, pk):
    """Members and managers of the receiving organisation; everyone else, the self-referrer included, 404.
    GET asks for confirmation; POST replaces the link, then the page says where it went or shows it, once
    (after a redirect, so reloading the page cannot send yet another link)."""
    referral, organisation = received_referral(request, pk)
    refusal = reissue.why_no_new_link(referral)
    if request.method == "POST" and refusal is None:
        try:
            shown_once = reissue.private_link_reissue(referral=referral, by=request.user, organisation=organisation)
        except reissue.Refused as refused:
            refusal = str(refused)
        else:
            request.session[_NEW_LINK_KEY.format(referral.pk)] = shown_once
            return redirect("referrals:private_link_reissue", referral.pk)
    shown = request.session.pop(_NEW_LINK_KEY.format(referral.pk), None)
    if shown is not None and request.method == "GET":
        response = render(request, "referrals/private/reissued.html", {"referral": referral, "url": shown})
        # The page may hold the link itself: never kept by a cache, never named to another site.
        response["Cache-Control"] = "no-store"
        response["Referrer-Policy"] = "no-referrer"
        return response
    return render(request, "referrals/private/reissue.html", {
        "referral": referral, "refusal": refusal, "has_email": bool(referral.person_email)},
        status=409 if refusal and request.method == "POST" else 200)
