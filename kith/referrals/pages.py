"""Reading referrals once sent."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from . import services
from .access import referral_for
from .models import Referral, SharedItem


@login_required
def sent_list(request):
    """Signed-in people: the referrals they sent themselves. No personal details on this page, so
    listing them needs no audit; the person's details are one click away, on an audited page."""
    referrals = Referral.objects.sent_by(request.user).select_related("service", "receiving_organisation") \
        .order_by("-sent_at")
    page = Paginator(referrals, 50).get_page(request.GET.get("page"))
    return render(request, "referrals/sent_list.html", {"page": page})


@login_required
def detail(request, pk):
    """Members of the referring and of the receiving organisation, and the person who referred
    themselves. Everyone else, administrators and LIO staff included, gets 404. Each view is audited."""
    referral, organisation = referral_for(request, pk)
    consent = referral.current_consent()
    shown = [name for name in services.PERSONAL_FIELDS if getattr(referral, name)]
    services.referral_record_view(referral=referral, by=request.user, organisation=organisation, fields=shown)
    return render(request, "referrals/detail.html", {
        "referral": referral, "consent": consent, "person_rows": referral.person_rows(),
        "shared": [SharedItem(code).label for code in (consent.shared_items if consent else []) if code in SharedItem.values],
        "needs": referral.needs.select_related("parent"),
        "events": referral.events.select_related("actor_organisation"),
    })
