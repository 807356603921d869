import re

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError

from kith.core.forms import GovukModelForm, GovukPlainForm

from .identifiers import known_prefixes
from .models import IncomeBand, Organisation, OrganisationType, Role, gss_code_validator

# Membership of these types makes a person LIO staff or a council officer (see roles.py), so only
# administrators may give an organisation one of them or take it away.
ROLE_GRANTING_TYPES = {OrganisationType.LIO, OrganisationType.COUNCIL}

EMAIL_INVALID = "Enter an email address in the correct format, like name@example.org"


class GssCodesField(forms.CharField):
    """Areas served, typed as GSS codes separated by commas or spaces; a list of codes once clean."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 2000)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return ", ".join(value) if isinstance(value, (list, tuple)) else value

    def has_changed(self, initial, data):
        try:
            before = list(initial) if isinstance(initial, (list, tuple)) else self.clean(initial or "")
            return before != self.clean(data)
        except ValidationError:
            return True

    def clean(self, value):
        text = super().clean(value)
        codes = list(dict.fromkeys(code.upper() for code in re.split(r"[\s,;]+", text) if code))
        wrong = []
        for code in codes:
            try:
                gss_code_validator(code)
            except ValidationError:
                wrong.append(code[:20])
        if wrong:
            raise ValidationError(
                "%(codes)s: not a GSS area code. Enter codes of a letter and 8 digits, like E08000024",
                code="invalid_code", params={"codes": ", ".join(wrong[:3])},
            )
        return codes


def _count_field_messages(noun: str) -> dict:
    return {"invalid": f"Enter the {noun} as a whole number, like 12",
            "min_value": f"The {noun} must be 0 or more",
            "max_value": f"The {noun} must be 1,000,000 or fewer"}


class OrganisationForm(GovukModelForm):
    organisation_type = forms.ChoiceField(
        label="Type of organisation", choices=OrganisationType.choices, widget=forms.RadioSelect,
        error_messages={"required": "Select the type of organisation",
                        "invalid_choice": "Select the type of organisation from the list"},
    )
    income_band = forms.ChoiceField(
        label="Size by annual income", required=False, widget=forms.RadioSelect,
        choices=[*IncomeBand.choices, ("", "Not known")],
        error_messages={"invalid_choice": "Select a size band from the list"},
    )
    website = forms.URLField(
        label="Website", required=False, max_length=500, assume_scheme="https",
        error_messages={"invalid": "Enter a web address in the correct format, like https://www.example.org",
                        "max_length": "Website must be 500 characters or fewer"},
    )
    areas_served = GssCodesField(
        label="Areas served", required=False,
        help_text="GSS codes of the areas the organisation serves, separated by commas or spaces, like E08000024, E05001162.",
        error_messages={"max_length": "Areas served must be 2,000 characters or fewer"},
    )

    class Meta:
        model = Organisation
        fields = ["name", "alternate_name", "description", "organisation_type", "charity_number", "company_number",
                  "org_id", "income_band", "volunteers", "staff", "email", "website", "areas_served"]
        labels = {"alternate_name": "Other name", "org_id": "Org-id identifier", "email": "Email address"}
        help_texts = {
            "alternate_name": "Another name people know it by, like an abbreviation.",
            "charity_number": "From the Charity Commission register, like 1090095.",
            "company_number": "From Companies House: 8 characters, like 01234567.",
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "charity_number": forms.TextInput(attrs={"class": "govuk-input--width-10", "spellcheck": "false"}),
            "company_number": forms.TextInput(attrs={"class": "govuk-input--width-10", "spellcheck": "false"}),
            "org_id": forms.TextInput(attrs={"class": "govuk-input--width-20", "spellcheck": "false"}),
            "volunteers": forms.TextInput(attrs={"class": "govuk-input--width-5", "inputmode": "numeric"}),
            "staff": forms.TextInput(attrs={"class": "govuk-input--width-5", "inputmode": "numeric"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        }
        error_messages = {
            "name": {"required": "Enter the organisation’s name", "max_length": "Name must be 200 characters or fewer"},
            "alternate_name": {"max_length": "Other name must be 200 characters or fewer"},
            "description": {"required": "Describe what the organisation does",
                            "max_length": "Description must be 5,000 characters or fewer"},
            "charity_number": {"max_length": "Charity number must be 16 characters or fewer"},
            "company_number": {"max_length": "Company number must be 8 characters, like 01234567"},
            "org_id": {"max_length": "Org-id identifier must be 60 characters or fewer"},
            "volunteers": _count_field_messages("number of volunteers"),
            "staff": _count_field_messages("number of paid staff"),
            "email": {"invalid": EMAIL_INVALID, "max_length": "Email address must be 254 characters or fewer"},
        }

    def __init__(self, *args, can_set_any_type: bool, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            # Django's own wording ("Null characters are not allowed") does not say which answer is wrong.
            field.error_messages["null_characters_not_allowed"] = (
                f"{field.label} must not contain invisible control characters")
            # The values as the person loaded them travel with the form, so changed_data names only
            # what this person changed (radios compare with the stored record instead).
            field.show_hidden_initial = not isinstance(field.widget, forms.RadioSelect)
        if not can_set_any_type:
            if self.instance.organisation_type in ROLE_GRANTING_TYPES:
                del self.fields["organisation_type"]
            else:
                self.fields["organisation_type"].choices = [
                    choice for choice in OrganisationType.choices if choice[0] not in ROLE_GRANTING_TYPES]

    @property
    def type_locked(self) -> bool:
        return "organisation_type" not in self.fields

    def clean_name(self):
        # One line, single spaces: names appear in email subjects, page titles and lists.
        return " ".join(self.cleaned_data["name"].split())

    def clean_alternate_name(self):
        return " ".join(self.cleaned_data["alternate_name"].split())

    def clean_org_id(self):
        value = self.cleaned_data["org_id"]
        # Registered prefixes are upper case; people often type them in lower case.
        for code in sorted(known_prefixes(), key=len, reverse=True):
            if value.upper().startswith(code + "-"):
                return code + value[len(code):]
        return value

    def clean(self):
        cleaned = super().clean()
        org_id = cleaned.get("org_id") or ""
        for prefix, number_field, noun in (("GB-CHC-", "charity_number", "charity number"),
                                           ("GB-SC-", "charity_number", "charity number"),
                                           ("GB-COH-", "company_number", "company number")):
            number = cleaned.get(number_field)
            if number and org_id.startswith(prefix) and org_id[len(prefix):].upper() != number.upper():
                self.add_error("org_id", f"The org-id identifier {org_id} does not match the {noun} {number}. "
                                         f"Check both: the identifier should be {prefix}{number}")
        return cleaned


def role_choices(organisation: Organisation) -> list[tuple[str, str]]:
    """Lead members are councillors, so only a council offers that role."""
    return [(value, label) for value, label in Role.choices if value != Role.LEAD_MEMBER or organisation.is_council]


def _role_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label="Role", widget=forms.RadioSelect,
        help_text="Managers can also invite people, change members’ roles and remove members.",
        error_messages={"required": "Select a role", "invalid_choice": "Select a role from the list"},
    )


class InvitationForm(GovukPlainForm):
    email = forms.EmailField(
        label="Email address", max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={"required": "Enter the email address of the person to invite", "invalid": EMAIL_INVALID,
                        "max_length": "Email address must be 254 characters or fewer"},
    )
    role = _role_field()

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = role_choices(organisation)
        self.fields["email"].help_text = (
            f"We will email an invitation link to this address. It works for {settings.KITH_INVITATION_DAYS} days.")

    def clean_email(self):
        return self.cleaned_data["email"].lower()


class MemberRoleForm(GovukPlainForm):
    role = _role_field()

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = role_choices(organisation)
