from django import forms
from django.contrib.auth import forms as auth_forms

from kith.core.forms import GovukForm


class SignInForm(GovukForm, auth_forms.AuthenticationForm):
    username = forms.EmailField(label="Email address", max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}))
    password = forms.CharField(label="Password", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))

    error_messages = {
        "invalid_login": "Enter a correct email address and password. Both may be case-sensitive.",
        "inactive": "This account has been closed.",
    }

    def clean_username(self):
        return self.cleaned_data["username"].lower()


class PasswordResetForm(GovukForm, auth_forms.PasswordResetForm):
    email = forms.EmailField(label="Email address", max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"}))


class SetPasswordForm(GovukForm, auth_forms.SetPasswordForm):
    pass


class PasswordChangeForm(GovukForm, auth_forms.PasswordChangeForm):
    pass
