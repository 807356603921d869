"""Fetching referrals with the permission check in the same step. Someone who may not see a
referral or draft gets 404, never 403: its existence is itself not theirs to learn."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from kith.directory.models import Service
from kith.organisations.models import Organisation
from kith.organisations.roles import roles_for

from .models import Referral


def _not_found():
    return Http404("")


def service_for_referral(pk) -> Service:
    service = get_object_or_404(Service.objects.select_related("organisation"), pk=pk)
    if not service.is_listed:
        raise _not_found()
    return service


def draft_for(request, pk) -> Referral:
    """The signed-in person's own draft."""
    referral = Referral.objects.drafts_of(request.user).select_related("service__organisation").filter(pk=pk).first()
    if referral is None:
        raise _not_found()
    return referral


def sent_by(request, pk) -> Referral:
    """A referral the signed-in person sent themselves."""
    return get_object_or_404(Referral.objects.sent_by(request.user).select_related("service"), pk=pk)


def readable_referrals(user):
    """Sent referrals whose personal details the user may read. A lead member (a councillor) belongs to
    the council without working its cases: they read the referrals they made themselves, never those
    their officer colleagues made for residents."""
    roles = roles_for(user)
    casework = roles.editable_organisation_ids
    elsewhere = set(roles.roles_by_organisation) - casework
    return Referral.objects.visible_to(user, casework) | \
        Referral.objects.sent().filter(referred_by=user, referring_organisation__in=elsewhere)


def referral_for(request, pk) -> tuple[Referral, Organisation | None]:
    """A sent referral the person may see, and which of their organisations they see it for
    (None for their own self-referral)."""
    organisation_ids = roles_for(request.user).roles_by_organisation.keys()
    referral = readable_referrals(request.user) \
        .select_related("service", "receiving_organisation", "referring_organisation").filter(pk=pk).first()
    if referral is None:
        raise _not_found()
    for organisation in (referral.receiving_organisation, referral.referring_organisation):
        if organisation is not None and organisation.pk in organisation_ids:
            return referral, organisation
    return referral, None


def referring_organisations(request) -> list[Organisation]:
    ids = roles_for(request.user).roles_by_organisation.keys()
    return list(Organisation.objects.filter(pk__in=ids).order_by("name"))
