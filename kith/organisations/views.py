from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from kith.accounts.forms import NewAccountForm
from kith.accounts.models import User
from kith.core.forms import GovukPlainForm

from . import services, verification
from .forms import InvitationForm, MemberRoleForm, OrganisationForm
from .models import Invitation, Membership, Organisation, Role
from .roles import roles_for

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def _organisation(request, pk, permission: str) -> Organisation:
    """The organisation, or 404 if there is none; 403 unless the person's Roles grant `permission`."""
    organisation = get_object_or_404(Organisation, pk=pk)
    if not getattr(roles_for(request.user), permission)(organisation):
        raise PermissionDenied
    return organisation


def _posted(request):
    # Not `request.POST or None`: an empty POST must still be a bound form, so it gets its errors.
    return request.POST if request.method == "POST" else None


def _detail(organisation):
    return redirect("directory:organisation_detail", pk=organisation.pk)


@login_required
def organisation_create(request):
    """LIO staff and administrators."""
    roles = roles_for(request.user)
    if not (roles.is_administrator or roles.is_lio_staff):
        raise PermissionDenied
    form = OrganisationForm(_posted(request), can_set_any_type=roles.is_administrator)
    if request.method == "POST" and form.is_valid():
        organisation = services.organisation_create(by=request.user, data=form.cleaned_data)
        messages.success(request, f"{organisation} has been added. Invite its first manager.")
        return redirect("organisations:members", pk=organisation.pk)
    return render(request, "organisations/organisation_form.html", {"form": form, "title": "Add an organisation"})


@login_required
def organisation_edit(request, pk):
    """Members and managers of the organisation, LIO staff and administrators."""
    organisation = _organisation(request, pk, "can_edit")
    roles = roles_for(request.user)
    form = OrganisationForm(_posted(request), instance=organisation, can_set_any_type=roles.is_administrator)
    if request.method == "POST" and form.is_valid():
        # Only the fields this person changed: someone else's edit saved meanwhile to another field survives.
        changed = {name: form.cleaned_data[name] for name in form.changed_data}
        organisation = services.organisation_update(organisation=organisation, by=request.user, data=changed)
        checked = "" if roles.can_verify else " The local infrastructure organisation will check the changes."
        messages.success(request, f"The details of {organisation} have been saved.{checked}")
        return _detail(organisation)
    # The form has written rejected values onto the instance; the page names the record as stored.
    stored = Organisation.objects.get(pk=pk) if form.is_bound else organisation
    return render(request, "organisations/organisation_form.html",
                  {"form": form, "organisation": stored, "title": f"Edit {stored}"})


@login_required
@require_POST
def organisation_confirm(request, pk):
    """Members and managers of the organisation, LIO staff and administrators."""
    organisation = _organisation(request, pk, "can_edit")
    verification.record_confirm(record=organisation, by=request.user)
    messages.success(request, f"Thank you. You have confirmed the details of {organisation} are still correct.")
    return _detail(organisation)


@login_required
def members(request, pk):
    """Members and managers of the organisation, LIO staff and administrators; the invitations
    waiting, and the links to change them, only for those who manage members."""
    organisation = _organisation(request, pk, "can_edit")
    can_manage = roles_for(request.user).can_manage_members(organisation)
    return render(request, "organisations/members.html", {
        "organisation": organisation,
        "memberships": organisation.memberships.select_related("user").order_by("user__full_name", "user__email"),
        "invitations": organisation.invitations.pending().order_by("email") if can_manage else [],
        "can_manage": can_manage,
    })


@login_required
def invite(request, pk):
    """Managers of the organisation, LIO staff and administrators."""
    organisation = _organisation(request, pk, "can_manage_members")
    form = InvitationForm(_posted(request), organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.invitation_create(organisation=organisation, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"We have sent an invitation to {invitation.email}.")
            return redirect("organisations:members", pk=organisation.pk)
    return render(request, "organisations/invite.html", {"form": form, "organisation": organisation})


@login_required
@require_POST
def invitation_revoke(request, pk, invitation_pk):
    """Managers of the organisation, LIO staff and administrators."""
    organisation = _organisation(request, pk, "can_manage_members")
    invitation = get_object_or_404(organisation.invitations, pk=invitation_pk)
    try:
        services.invitation_revoke(invitation=invitation, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, f"The invitation for {invitation.email} has been revoked.")
    return redirect("organisations:members", pk=organisation.pk)


def _membership(request, pk, membership_pk) -> Membership:
    organisation = _organisation(request, pk, "can_manage_members")
    return get_object_or_404(organisation.memberships.select_related("user", "organisation"), pk=membership_pk)


@login_required
def member_role(request, pk, membership_pk):
    """Managers of the organisation, LIO staff and administrators."""
    membership = _membership(request, pk, membership_pk)
    form = MemberRoleForm(_posted(request), organisation=membership.organisation, initial={"role": membership.role})
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_change_role(membership=membership, role=form.cleaned_data["role"], by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            role = Role(form.cleaned_data["role"]).label
            messages.success(request, f"The role of {membership.user} is now {role}.")
            return redirect("organisations:members", pk=pk)
    return render(request, "organisations/member_role.html", {"form": form, "membership": membership})


@login_required
def member_remove(request, pk, membership_pk):
    """Managers of the organisation, LIO staff and administrators."""
    membership = _membership(request, pk, membership_pk)
    form = GovukPlainForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_remove(membership=membership, by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"{membership.user} has been removed from {membership.organisation}.")
            left = membership.user_id == request.user.pk
            return redirect("accounts:dashboard") if left else redirect("organisations:members", pk=pk)
    return render(request, "organisations/member_remove.html", {"form": form, "membership": membership})


def invitation_accept(request, token):
    """Anyone holding the invitation link; only the person with the invited email can accept."""
    invitation = Invitation.objects.by_token(token).select_related("organisation", "invited_by").first()
    if invitation is None or not invitation.is_pending:
        return _invitation_unusable(request, invitation)
    account = User.objects.filter(email__iexact=invitation.email).first()
    context = {"invitation": invitation, "account": account}
    if request.user.is_authenticated and request.user != account:
        return render(request, "organisations/invitation_wrong_account.html", context, status=403)
    if account is None:
        return _accept_with_new_account(request, invitation)
    if not request.user.is_authenticated:
        context["sign_in_url"] = f"{reverse('accounts:sign_in')}?{urlencode({'next': request.path})}"
        return render(request, "organisations/invitation_sign_in.html", context)
    if request.method == "POST":
        try:
            membership = services.invitation_accept(invitation=invitation, user=request.user)
        except ValidationError:  # accepted or revoked in another tab a moment ago
            return _invitation_unusable(request, Invitation.objects.get(pk=invitation.pk))
        messages.success(request, f"You have joined {membership.organisation}.")
        return redirect("accounts:dashboard")
    return render(request, "organisations/invitation_accept.html", context)


def _accept_with_new_account(request, invitation):
    form = NewAccountForm(_posted(request), email=invitation.email)
    if request.method == "POST" and form.is_valid():
        try:
            membership = services.invitation_accept_new_account(
                invitation=invitation, full_name=form.cleaned_data["full_name"], password=form.cleaned_data["password1"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            login(request, membership.user, backend=MODEL_BACKEND)
            messages.success(request, f"Your account is ready and you have joined {membership.organisation}.")
            return redirect("accounts:dashboard")
    return render(request, "organisations/invitation_new_account.html", {"invitation": invitation, "form": form})


def _invitation_unusable(request, invitation):
    # 404 for a link we never issued; 410 for one that worked once, saying why it no longer does.
    status = 404 if invitation is None else 410
    return render(request, "organisations/invitation_unusable.html", {"invitation": invitation}, status=status)
