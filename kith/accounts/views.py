from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .forms import SignInForm


class SignInView(auth_views.LoginView):
    """Public. Repeated failures lock the email and address out (django-axes)."""

    form_class = SignInForm
    template_name = "accounts/sign_in.html"
    redirect_authenticated_user = True


@login_required
def dashboard(request):
    """Signed-in people: their own account and organisations."""
    memberships = request.user.memberships.select_related("organisation").order_by("organisation__name")
    return render(request, "accounts/dashboard.html", {"memberships": memberships})
