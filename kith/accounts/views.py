from axes.utils import reset as axes_reset
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse_lazy

from kith.core.audit import record_event

from .forms import PasswordChangeForm, SetPasswordForm, SignInForm


class SignInView(auth_views.LoginView):
    """Public. Repeated failures lock the email and address out (django-axes)."""

    form_class = SignInForm
    template_name = "accounts/sign_in.html"
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    """Signed-in people: their own password."""

    form_class = PasswordChangeForm
    template_name = "accounts/form_page.html"
    success_url = reverse_lazy("accounts:dashboard")
    extra_context = {"title": "Change your password", "button": "Change password"}

    def form_valid(self, form):
        response = super().form_valid(form)
        # No before/after: the trail never holds password hashes.
        record_event(actor=self.request.user, verb="password_changed", obj=self.request.user)
        messages.success(self.request, "Your password has been changed")
        return response


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Anyone holding a valid reset link from their email."""

    form_class = SetPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        record_event(actor=form.user, verb="password_reset", obj=form.user)
        # The person has proved they hold the mailbox, so a lockout on their account no longer serves.
        axes_reset(username=form.user.email)
        return response


@login_required
def dashboard(request):
    """Signed-in people: their own account and organisations."""
    memberships = request.user.memberships.select_related("organisation").order_by("organisation__name")
    return render(request, "accounts/dashboard.html", {"memberships": memberships})
