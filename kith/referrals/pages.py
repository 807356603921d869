"""Reading referrals once sent."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import render
from django.utils import timezone

from kith.organisations.roles import roles_for

from . import services
from .access import readable_referrals, referral_for
from .inbox import answering, onward
from .inbox.forms import AnswerForm
from .models import EventKind, Notification, Outcome, Referral, SharedItem
from .private.reissue import why_no_new_link

# What the receiver wrote when answering: seen with the person's details, so audited with them.
ANSWER_FIELDS = ["decline_text", "outcome_text"]


@login_required
def sent_list(request):
    """Signed-in people: the referrals they sent themselves and those their organisations sent (colleagues
    follow each other's referrals: someone away must not leave one unwatched; a lead member is no caseworker
    colleague, so sees only their own). No personal details on this
    page, so listing them needs no audit; the person's details are one click away, on an audited page."""
    organisation_ids = list(roles_for(request.user).editable_organisation_ids)
    referrals = Referral.objects.sent().filter(Q(referred_by=request.user) | Q(referring_organisation__in=organisation_ids)) \
        .select_related("service", "receiving_organisation", "referring_organisation").order_by("-sent_at", "pk")
    page = Paginator(referrals, 50).get_page(request.GET.get("page"))
    return render(request, "referrals/sent_list.html", {"page": page, "with_colleagues": bool(organisation_ids)})


@login_required
def detail(request, pk):
    """Members of the referring and of the receiving organisation, and the person who referred
    themselves. Everyone else, administrators and LIO staff included, gets 404. Each view is audited.
    The receiving organisation's first look opens the referral; its members answer it here."""
    referral, organisation = referral_for(request, pk)
    # Seeing the referral is what its notices asked for.
    Notification.objects.filter(user=request.user, referral=referral, read_at__isnull=True).update(read_at=timezone.now())
    if _answers_for(request, referral, organisation):
        referral = answering.referral_open(referral=referral, by=request.user, organisation=organisation)
    return render_detail(request, referral, organisation)


def _answers_for(request, referral: Referral, organisation) -> bool:
    """Whether the person answers this referral: a member or manager of the receiving organisation."""
    return (organisation is not None and organisation.pk == referral.receiving_organisation_id
            and organisation.pk in roles_for(request.user).editable_organisation_ids)


def _chain(request, referral: Referral) -> tuple:
    """The referral this one came from and those it led to, as far as the person may see them."""
    visible = readable_referrals(request.user).select_related("service")
    previous = visible.filter(pk=referral.previous_id).first() if referral.previous_id else None
    return previous, list(visible.filter(previous=referral).order_by("sent_at"))


def render_detail(request, referral: Referral, organisation, *, form=None, conflict: list | None = None, status: int = 200):
    """The referral's page (after any answer posted to it), auditing the view of the person's details."""
    consent = referral.current_consent()
    shown = [name for name in services.PERSONAL_FIELDS + ANSWER_FIELDS if getattr(referral, name)]
    services.referral_record_view(referral=referral, by=request.user, organisation=organisation, fields=shown)
    answers = _answers_for(request, referral, organisation)
    frozen = answering.why_frozen(referral)
    if answers and form is None and frozen is None:
        form = AnswerForm(referral=referral, initial={"outcome": Outcome.REFERRED_ON} if referral.onward.exists() else {})
    previous, onward_referrals = _chain(request, referral)
    events = list(referral.events.select_related("actor_organisation"))
    return render(request, "referrals/detail.html", {
        "referral": referral, "consent": consent, "person_rows": referral.person_rows(),
        "shared": [SharedItem(code).label for code in (consent.shared_items if consent else []) if code in SharedItem.values],
        "needs": referral.needs.select_related("parent"),
        "changes": [event for event in events if event.kind != EventKind.VIEWED],
        "views": [event for event in events if event.kind == EventKind.VIEWED],
        "answers": answers, "form": form if answers and frozen is None else None, "frozen": frozen,
        "conflict": conflict is not None, "kept": conflict or [], "conflict_message": answering.CONFLICT,
        "refers_on": answers and onward.why_not_onward(referral) is None,
        "previous": previous, "onward_referrals": onward_referrals,
        "reissues_link": answers and why_no_new_link(referral) is None,
        # Seen for none of their organisations: the person reading their own self-referral.
        "read_by_person": organisation is None and referral.self_referral,
    }, status=status)
