from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import password_validation

from kith.core.forms import GovukForm, GovukPlainForm

from .models import User

NEW_PASSWORD_HINT = "Use at least 10 characters. Avoid common passwords and passwords made only of numbers."


def new_password_fields(label: str = "Password") -> tuple[forms.CharField, forms.CharField]:
    """A new password and its confirmation, with a GOV.UK-style hint instead of Django's HTML list."""
    first = forms.CharField(label=label, strip=False, help_text=NEW_PASSWORD_HINT,
                            widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                            error_messages={"required": "Enter a password"})
    second = forms.CharField(label="Confirm password", strip=False,
                             widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                             error_messages={"required": "Enter the password again"})
    return first, second


class SignInForm(GovukForm, auth_forms.AuthenticationForm):
    # The field keeps the name "username": django-axes reads the attempted account from it.
    username = forms.EmailField(
        label="Email address", max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={"required": "Enter your email address",
                        "invalid": "Enter an email address in the correct format, like name@example.org"},
    )
    password = forms.CharField(label="Password", strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
                               error_messages={"required": "Enter your password"})

    error_messages = {
        "invalid_login": "Enter the correct email address and password for your account",
        "inactive": "This account has been closed",
    }

    def clean_username(self):
        # Lower-cased before authenticate(), so the lockout counts "A@x.org" and "a@x.org" as one account.
        return self.cleaned_data["username"].lower()


class PasswordResetForm(GovukForm, auth_forms.PasswordResetForm):
    email = forms.EmailField(
        label="Email address", max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"required": "Enter your email address",
                        "invalid": "Enter an email address in the correct format, like name@example.org"},
    )


class SetPasswordForm(GovukForm, auth_forms.SetPasswordForm):
    new_password1, new_password2 = new_password_fields("New password")
    error_messages = {"password_mismatch": "The passwords do not match"}


class PasswordChangeForm(GovukForm, auth_forms.PasswordChangeForm):
    old_password = forms.CharField(
        label="Current password", strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your current password"},
    )
    new_password1, new_password2 = new_password_fields("New password")
    field_order = ["old_password", "new_password1", "new_password2"]
    error_messages = {"password_mismatch": "The passwords do not match",
                      "password_incorrect": "Your current password is not correct"}


class NewAccountForm(GovukPlainForm):
    """Name and password for a person whose account is created on accepting an invitation."""

    full_name = forms.CharField(label="Full name", max_length=150,
                                widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
                                error_messages={"required": "Enter your full name",
                                                "max_length": "Full name must be 150 characters or fewer"})
    password1, password2 = new_password_fields()

    def __init__(self, *args, email: str, **kwargs):
        self.email = email
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", "The passwords do not match")
        elif password1:
            # An unsaved user lets the similarity check compare the password with the name and email.
            candidate = User(email=self.email, full_name=cleaned.get("full_name", ""))
            try:
                password_validation.validate_password(password1, candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned
