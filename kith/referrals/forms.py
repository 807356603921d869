"""The journey's forms, one per page. Every value is checked here; nothing reaches the models raw."""

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from kith.core.forms import GovukPlainForm
from kith.directory.forms import GroupedCheckboxesField, taxonomy_groups
from kith.directory.models import TaxonomyTerm, postcode_validator

from .models import ConsentMethod, ContactMethod, GivenBy, SharedItem

OLDEST_AGE = 120
_PHONE = re.compile(r"^\+?[0-9 ()-]{10,20}$")
_DATE_FORMATS = ["%d %m %Y", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%d %B %Y", "%d %b %Y"]


class StartForm(GovukPlainForm):
    """The safeguarding notice's "continue": which organisation a professional refers from, and a
    field people never see (bots fill it in)."""

    organisation = forms.ChoiceField(
        label="Which organisation are you referring from?", widget=forms.RadioSelect,
        error_messages={"required": "Select the organisation you are referring from",
                        "invalid_choice": "Select one of your organisations"})
    website = forms.CharField(required=False, max_length=200, label="Leave this empty")

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations = {str(org.pk): org for org in organisations}
        if len(self.organisations) > 1:
            self.fields["organisation"].choices = [(pk, org.name) for pk, org in self.organisations.items()]
        else:
            del self.fields["organisation"]

    @property
    def is_spam(self) -> bool:
        return bool(self.cleaned_data.get("website"))

    def chosen_organisation(self):
        if "organisation" in self.fields:
            return self.organisations[self.cleaned_data["organisation"]]
        return next(iter(self.organisations.values()), None)


def _yes_no(label: str, required_message: str) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, choices=[("yes", "Yes"), ("no", "No")], widget=forms.RadioSelect,
                             error_messages={"required": required_message, "invalid_choice": required_message})


class ConsentForm(GovukPlainForm):
    mark_optional = False  # the questions after the first are needed whenever the answer is yes

    agreed = _yes_no("Has the person agreed to be referred and to share their details with this service?",
                     "Select yes if the person has agreed to the referral")
    given_by = forms.ChoiceField(label="Who agreed?", choices=GivenBy.choices, widget=forms.RadioSelect, required=False,
                                 error_messages={"invalid_choice": "Select who agreed"})
    given_by_name = forms.CharField(label="Name of the parent or carer", max_length=200, required=False,
                                    error_messages={"max_length": "Name must be 200 characters or fewer"},
                                    help_text="Only if a parent or carer agreed for the person.")
    method = forms.ChoiceField(label="How did they agree?", choices=ConsentMethod.choices[:2], widget=forms.RadioSelect,
                               required=False, error_messages={"invalid_choice": "Select how they agreed"})
    shared_items = forms.MultipleChoiceField(
        label="What did they agree to share?", choices=SharedItem.choices, widget=forms.CheckboxSelectMultiple,
        required=False, help_text="Their name and contact details are needed for the service to get in touch.",
        error_messages={"invalid_choice": "Select only the listed details"})
    shared_with_onward = forms.BooleanField(
        label="They also agree the service may pass these details to another service it refers them on to",
        required=False)

    def __init__(self, *args, self_referral: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.self_referral = self_referral
        if self_referral:
            self.fields["agreed"].label = "Do you agree to share your details with this service so it can contact you?"
            self.fields["agreed"].error_messages.update(required="Select yes if you agree to share your details",
                                                        invalid_choice="Select yes if you agree to share your details")
            self.fields["shared_items"].label = "What do you agree to share?"
            self.fields["shared_items"].help_text = "Your name and contact details are needed for the service to get in touch."
            self.fields["shared_with_onward"].label = "I also agree the service may pass my details to another service it refers me on to"
            for name in ("given_by", "given_by_name", "method"):
                del self.fields[name]

    @property
    def refused(self) -> bool:
        return self.cleaned_data.get("agreed") == "no"

    def clean(self):
        data = super().clean()
        if data.get("agreed") != "yes":
            return data
        if not self.self_referral:
            if not data.get("given_by"):
                self.add_error("given_by", "Select who agreed")
            elif data["given_by"] == GivenBy.PARENT_OR_CARER and not data.get("given_by_name", "").strip():
                self.add_error("given_by_name", "Enter the name of the parent or carer who agreed")
            if not data.get("method"):
                self.add_error("method", "Select how they agreed")
        if SharedItem.CONTACT not in data.get("shared_items", []):
            self.add_error("shared_items", "Select “Name and contact details”: the service cannot get in touch without them")
        return data

    def consent_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "given_by": data.get("given_by") or GivenBy.PERSON,
            "given_by_name": data.get("given_by_name", "").strip() if data.get("given_by") == GivenBy.PARENT_OR_CARER else "",
            "method": data.get("method") or ConsentMethod.ONLINE,
            "shared_items": data["shared_items"],
            "shared_with_onward": data["shared_with_onward"],
        }


def parse_date(text: str) -> datetime.date | None:
    text = re.sub(r"\s+", " ", text.strip())
    for fmt in _DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


class PersonForm(GovukPlainForm):
    person_name = forms.CharField(label="Full name", max_length=200,
                                  error_messages={"required": "Enter the person’s full name",
                                                  "max_length": "Full name must be 200 characters or fewer"})
    preferred_contact = forms.ChoiceField(
        label="How would they like to be contacted?", choices=ContactMethod.choices, widget=forms.RadioSelect,
        error_messages={"required": "Select how they would like to be contacted",
                        "invalid_choice": "Select how they would like to be contacted"})
    person_email = forms.EmailField(label="Email address", max_length=254, required=False,
                                    error_messages={"invalid": "Enter an email address in the correct format, like name@example.com",
                                                    "max_length": "Email address must be 254 characters or fewer"})
    person_phone = forms.CharField(label="Phone number", max_length=30, required=False,
                                   error_messages={"max_length": "Enter a phone number, like 07700 900 982 or 0191 496 0000"},
                                   help_text="For example, 07700 900 982 or 0191 496 0000.")
    date_of_birth = forms.CharField(label="Date of birth", max_length=30, required=False,
                                    error_messages={"max_length": "Enter the date of birth as day, month and year, like 27 3 2019"},
                                    help_text="For example, 27 3 2019. Leave empty and give their age instead if you do not know it.")
    age = forms.IntegerField(label="Age in years", required=False, min_value=0, max_value=OLDEST_AGE,
                             error_messages={"invalid": "Enter their age as a whole number, like 4",
                                             "min_value": "Age must be 0 or more",
                                             "max_value": f"Age must be {OLDEST_AGE} or less"})
    postcode = forms.CharField(label="Postcode", max_length=10, required=False,
                               error_messages={"max_length": "Enter a real postcode, like SR1 3SD"},
                               help_text="Helps the service know where they live. For example, SR1 3SD.")

    def __init__(self, *args, asks_age: bool, self_referral: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.asks_age = asks_age
        if not asks_age:
            del self.fields["date_of_birth"], self.fields["age"]
        self.self_referral = self_referral
        if self_referral:
            self.fields["person_name"].error_messages["required"] = "Enter your full name"
            self.fields["preferred_contact"].label = "How would you like to be contacted?"
            self.fields["postcode"].help_text = "Helps the service know where you live. For example, SR1 3SD."
            if asks_age:
                self.fields["date_of_birth"].help_text = "For example, 27 3 2019. Or leave it empty and give your age instead."
                self.fields["age"].error_messages["invalid"] = "Enter your age as a whole number, like 40"

    def clean_person_phone(self) -> str:
        phone = self.cleaned_data["person_phone"].strip()
        if phone and (not _PHONE.match(phone) or len(re.sub(r"\D", "", phone)) < 10):
            raise ValidationError("Enter a phone number, like 07700 900 982 or 0191 496 0000")
        return phone

    def clean_date_of_birth(self) -> str:
        text = self.cleaned_data.get("date_of_birth", "").strip()
        if not text:
            return ""
        born = parse_date(text)
        if born is None:
            raise ValidationError("Enter the date of birth as day, month and year, like 27 3 2019")
        today = timezone.localdate()
        if born > today:
            raise ValidationError("Date of birth must be in the past")
        if today.year - born.year > OLDEST_AGE:
            raise ValidationError(f"Date of birth must be within the last {OLDEST_AGE} years")
        return born.isoformat()

    def clean_postcode(self) -> str:
        postcode = re.sub(r"\s+", "", self.cleaned_data["postcode"]).upper()
        if not postcode:
            return ""
        try:
            postcode_validator(postcode)
        except ValidationError:
            raise ValidationError("Enter a real postcode, like SR1 3SD") from None
        return f"{postcode[:-3]} {postcode[-3:]}"

    def clean(self):
        data = super().clean()
        method = data.get("preferred_contact")
        whom, whose = ("you", "your") if self.self_referral else ("them", "their")
        if method == ContactMethod.EMAIL and not data.get("person_email") and "person_email" not in self.errors:
            self.add_error("person_email", f"Enter an email address, as email is the preferred way to contact {whom}")
        if method in (ContactMethod.PHONE, ContactMethod.TEXT) and not data.get("person_phone") and "person_phone" not in self.errors:
            self.add_error("person_phone", f"Enter a phone number, as a call or text is the preferred way to contact {whom}")
        if self.asks_age and not data.get("date_of_birth") and data.get("age") is None \
                and "date_of_birth" not in self.errors and "age" not in self.errors:
            self.add_error("date_of_birth", f"Enter {whose} date of birth or {whose} age: this service has age limits")
        return data

    def person_fields(self) -> dict:
        data = self.cleaned_data
        fields = {name: data.get(name) or "" for name in ("person_name", "preferred_contact", "person_email",
                                                            "person_phone", "postcode")}
        fields["person_name"] = fields["person_name"].strip()
        if self.asks_age:
            fields["date_of_birth"] = data.get("date_of_birth") or ""
            fields["age"] = "" if data.get("age") is None else str(data["age"])
        return fields


class ReasonForm(GovukPlainForm):
    needs = GroupedCheckboxesField(groups=[], label="What do they need help with?", required=False,
                                   help_text="Select all that apply.",
                                   error_messages={"invalid_choice": "Select needs from the list"})
    reason = forms.CharField(
        label="Why are you making this referral?", max_length=3000, widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What the service needs to know to help. Do not include more than they need.",
        error_messages={"required": "Enter the reason for the referral",
                        "max_length": "The reason must be 3,000 characters or fewer"})

    def __init__(self, *args, self_referral: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if self_referral:
            self.fields["needs"].label = "What do you need help with?"
            self.fields["reason"].label = "Why are you referring yourself?"
            self.fields["reason"].help_text = "What the service needs to know to help you. Do not include more than it needs."
        groups = taxonomy_groups()
        self.fields["needs"].groups = groups
        self.fields["needs"].choices = [choice for _, choices in groups for choice in choices]

    def chosen_needs(self):
        return TaxonomyTerm.objects.filter(pk__in=self.cleaned_data["needs"])
