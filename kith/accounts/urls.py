from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from . import forms, views

app_name = "accounts"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("sign-in/", views.SignInView.as_view(), name="sign_in"),
    # Django's LogoutView answers POST only, so a link or image cannot sign someone out.
    path("sign-out/", auth_views.LogoutView.as_view(), name="sign_out"),
    path("password/change/", views.PasswordChangeView.as_view(), name="password_change"),
    path("password/reset/", auth_views.PasswordResetView.as_view(
        form_class=forms.PasswordResetForm, template_name="accounts/form_page.html",
        email_template_name="accounts/email/password_reset.txt", subject_template_name="accounts/email/password_reset_subject.txt",
        success_url=reverse_lazy("accounts:password_reset_done"),
        extra_context={"title": "Reset your password", "button": "Send reset link",
                       "lead": "Enter the email address of your account. We will email you a link to choose a new password."}),
        name="password_reset"),
    path("password/reset/sent/", auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_sent.html"), name="password_reset_done"),
    path("password/reset/<uidb64>/<token>/", views.PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
    path("password/reset/complete/", auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html"), name="password_reset_complete"),
]
