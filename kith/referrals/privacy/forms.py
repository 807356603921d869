"""Who a subject access request is about: an email, a phone number, or a name with a date of birth."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from kith.core.forms import GovukPlainForm

from ..forms import parse_date
from .keys import Identifiers, normalise_name, normalise_phone

_DATE_MESSAGE = "Enter the date of birth as day, month and year, like 27 3 2019"


class PersonForm(GovukPlainForm):
    mark_optional = False  # any one way of finding the person will do: none is required on its own

    organisation = forms.ChoiceField(
        label="For which organisation?", widget=forms.RadioSelect,
        error_messages={"required": "Select the organisation asking", "invalid_choice": "Select one of the organisations you manage"})
    email = forms.EmailField(label="Email address", max_length=254, required=False,
                             error_messages={"invalid": "Enter an email address in the correct format, like name@example.com",
                                             "max_length": "Email address must be 254 characters or fewer"})
    phone = forms.CharField(label="Phone number", max_length=30, required=False,
                            help_text="For example, 07700 900 982 or +44 7700 900982.",
                            error_messages={"max_length": "Enter a phone number, like 07700 900 982"})
    name = forms.CharField(label="Full name", max_length=200, required=False,
                           help_text="With their date of birth.",
                           error_messages={"max_length": "Full name must be 200 characters or fewer"})
    date_of_birth = forms.CharField(label="Date of birth", max_length=30, required=False,
                                    help_text="For example, 27 3 2019.", error_messages={"max_length": _DATE_MESSAGE})

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations = {str(org.pk): org for org in organisations}
        if len(self.organisations) > 1:
            self.fields["organisation"].choices = [(pk, org.name) for pk, org in self.organisations.items()]
        else:
            del self.fields["organisation"]

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"].strip()
        if phone and len(normalise_phone(phone)) < 10:
            raise ValidationError("Enter a phone number, like 07700 900 982")
        return phone

    def clean_date_of_birth(self):
        text = self.cleaned_data["date_of_birth"].strip()
        if not text:
            return None
        born = parse_date(text)
        if born is None:
            raise ValidationError(_DATE_MESSAGE)
        if born > timezone.localdate():
            raise ValidationError("Date of birth must be in the past")
        return born

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        has_name, born = bool(normalise_name(data.get("name", ""))), data.get("date_of_birth")
        if has_name and born is None:
            self.add_error("date_of_birth", "Enter their date of birth as well as their name")
        elif born is not None and not has_name:
            self.add_error("name", "Enter their full name as well as their date of birth")
        elif not (data.get("email") or data.get("phone") or has_name):
            self.add_error("email", "Enter their email address, their phone number, or their name and date of birth")
        return data

    def identifiers(self) -> Identifiers:
        data = self.cleaned_data
        return Identifiers(email=data.get("email", ""), phone=data.get("phone", ""), name=data.get("name", ""),
                           date_of_birth=data.get("date_of_birth"))

    def chosen_organisation(self):
        if "organisation" in self.fields:
            return self.organisations[self.cleaned_data["organisation"]]
        return next(iter(self.organisations.values()))
