"""Workflows on an organisation and its people: editing the record, invitations and memberships.

Each function writes its audit Event. Callers check permission first with `roles_for(user)`;
the rules that hold whoever asks (one manager at least, lead members only in a council, no duplicate
invitations) are checked here and refused with a ValidationError worded for the person.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from kith.accounts.models import User
from kith.core.audit import record_event, snapshot

from . import verification
from .models import Invitation, Membership, Organisation, Role
from .roles import roles_for

# The token hash stays out of the trail: the trail is read by more people than the invitation table.
_INVITATION_FIELDS = ["organisation", "email", "role", "invited_by", "created_at", "expires_at", "accepted_at", "revoked_at"]


@transaction.atomic
def organisation_create(*, by: User, data: dict) -> Organisation:
    organisation = Organisation.objects.create(**data)
    record_event(actor=by, verb="created", obj=organisation, after=snapshot(organisation))
    return organisation


@transaction.atomic
def organisation_update(*, organisation: Organisation, by: User, data: dict) -> Organisation:
    """Apply edited fields. An edit by anyone but the verifiers sends the record back to the LIO's queue.

    Works on a fresh, locked copy: a ModelForm has already written its values onto the instance it
    was given, so that instance cannot say what the record was before.
    """
    current = Organisation.objects.select_for_update().get(pk=organisation.pk)
    before = snapshot(current)
    for name, value in data.items():
        setattr(current, name, value)
    if snapshot(current) == before:
        return current
    if not roles_for(by).can_verify:
        verification.mark_changed(current)
    current.save()
    record_event(actor=by, verb="updated", obj=current, before=before, after=snapshot(current))
    return current


def _check_role(organisation: Organisation, role: str) -> None:
    if role not in Role.values:
        raise ValidationError({"role": "Select a role from the list"})
    if role == Role.LEAD_MEMBER and not organisation.is_council:
        raise ValidationError({"role": "Only a council has lead members: choose member or manager"})


@transaction.atomic
def invitation_create(*, organisation: Organisation, email: str, role: str, by: User) -> Invitation:
    """Invite a person by email; the email carries the only copy of the token."""
    email = email.strip().lower()
    _check_role(organisation, role)
    if organisation.memberships.filter(user__email__iexact=email).exists():
        raise ValidationError({"email": f"{email} is already a member of {organisation}"})
    if organisation.invitations.pending().filter(email__iexact=email).exists():
        raise ValidationError({"email": f"An invitation for {email} is already waiting. "
                                        "Revoke it on the members page to send a new one"})
    token, token_hash = Invitation.new_token()
    invitation = Invitation.objects.create(
        organisation=organisation, email=email, role=role, token_hash=token_hash, invited_by=by,
        expires_at=timezone.now() + datetime.timedelta(days=settings.KITH_INVITATION_DAYS),
    )
    record_event(actor=by, verb="invitation_sent", obj=invitation, after=snapshot(invitation, _INVITATION_FIELDS))
    _send_invitation(invitation, token)
    return invitation


def _send_invitation(invitation: Invitation, token: str) -> None:
    context = {
        "invitation": invitation,
        "inviter": invitation.invited_by,
        "link": settings.SITE_URL.rstrip("/") + reverse("organisations:invitation_accept", args=[token]),
        "place_name": settings.KITH_PLACE_NAME,
    }
    # A line break in a subject is refused by Django's mail (header injection), so none may reach it.
    subject = " ".join(f"Join {invitation.organisation} on Kith {settings.KITH_PLACE_NAME}".split())
    try:
        send_mail(subject, render_to_string("organisations/email/invitation.txt", context),
                  None, [invitation.email])
    except OSError as error:  # smtplib's errors are OSErrors; the atomic block undoes the invitation
        raise ValidationError("We could not send the invitation email. Try again in a few minutes") from error


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: User) -> Membership:
    """The invited person, signed in with the invited email, joins the organisation."""
    invitation = Invitation.objects.select_for_update().select_related("organisation").get(pk=invitation.pk)
    if not invitation.is_pending:
        raise ValidationError("This invitation can no longer be used")
    if user.email.lower() != invitation.email.lower():
        raise ValidationError(f"This invitation is for {invitation.email}")
    before = snapshot(invitation, _INVITATION_FIELDS)
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    record_event(actor=user, verb="invitation_accepted", obj=invitation,
                 before=before, after=snapshot(invitation, _INVITATION_FIELDS))
    membership, created = Membership.objects.get_or_create(
        user=user, organisation=invitation.organisation, defaults={"role": invitation.role})
    if created:
        record_event(actor=user, verb="member_added", obj=membership, after=snapshot(membership))
    return membership


@transaction.atomic
def invitation_accept_new_account(*, invitation: Invitation, full_name: str, password: str) -> Membership:
    """A person without an account creates one with the invited email, then joins."""
    if User.objects.filter(email__iexact=invitation.email).exists():
        raise ValidationError(f"There is already an account for {invitation.email}. Sign in to accept the invitation")
    user = User.objects.create_user(email=invitation.email, password=password, full_name=full_name)
    record_event(actor=user, verb="account_created", obj=user, after=snapshot(user, ["email", "full_name"]))
    return invitation_accept(invitation=invitation, user=user)


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, by: User) -> Invitation:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_pending:
        raise ValidationError("This invitation has already been accepted, revoked or has expired")
    before = snapshot(invitation, _INVITATION_FIELDS)
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    record_event(actor=by, verb="invitation_revoked", obj=invitation,
                 before=before, after=snapshot(invitation, _INVITATION_FIELDS))
    return invitation


def _is_last_manager(membership: Membership) -> bool:
    # Locking every manager row stops two managers demoting each other at the same moment.
    managers = list(Membership.objects.select_for_update()
                    .filter(organisation_id=membership.organisation_id, role=Role.MANAGER).values_list("pk", flat=True))
    return managers == [membership.pk]


@transaction.atomic
def membership_change_role(*, membership: Membership, role: str, by: User) -> Membership:
    membership = Membership.objects.select_for_update().select_related("organisation", "user").get(pk=membership.pk)
    _check_role(membership.organisation, role)
    if role == membership.role:
        return membership
    if _is_last_manager(membership):
        raise ValidationError({"role": f"{membership.user} is the only manager of {membership.organisation}. "
                                       "Make someone else a manager first"})
    before = snapshot(membership)
    membership.role = role
    membership.save(update_fields=["role"])
    record_event(actor=by, verb="member_role_changed", obj=membership, before=before, after=snapshot(membership))
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership, by: User) -> None:
    membership = Membership.objects.select_for_update().select_related("organisation", "user").get(pk=membership.pk)
    if _is_last_manager(membership):
        raise ValidationError(f"{membership.user} is the only manager of {membership.organisation}. "
                              "Make someone else a manager before removing them")
    record_event(actor=by, verb="member_removed", obj=membership, before=snapshot(membership))
    membership.delete()
