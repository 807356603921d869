"""Forms for finding organisations and keeping services, locations, opening times and capacity."""

from decimal import Decimal
from itertools import islice

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.forms.boundfield import BoundField

from kith.core.forms import GovukModelForm, GovukPlainForm
from kith.organisations.models import OrganisationType
from kith.postcodes import lookup as postcode_lookup

from .models import (
    Location, LocationType, ReferralRoute, Schedule, Service, ServiceAtLocation, ServiceStatus, TaxonomyTerm,
)

YES_NO = [("yes", "Yes"), ("no", "No")]


def _yes_no(value: str) -> bool:
    return value == "yes"


# Finding organisations

class OrganisationFilterForm(GovukPlainForm):
    q = forms.CharField(label="Name", required=False, max_length=200)
    organisation_type = forms.ChoiceField(label="Type of organisation", required=False,
                                          choices=[("", "Any type"), *OrganisationType.choices],
                                          error_messages={"invalid_choice": "Choose a type of organisation from the list"})
    theme = forms.ChoiceField(label="Need", required=False,
                              error_messages={"invalid_choice": "Choose a need from the list"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        themes = TaxonomyTerm.objects.filter(parent__isnull=True).order_by("name").values_list("code", "name")
        self.fields["theme"].choices = [("", "Any need"), *dict(themes).items()]


# Grouped checkboxes: needs and service types under their themes

class GroupedBoundField(BoundField):
    @property
    def groups(self) -> list[tuple[str, list]]:
        options = iter(self.subwidgets)
        return [(label, list(islice(options, len(choices)))) for label, choices in self.field.groups]


class GroupedCheckboxesField(forms.MultipleChoiceField):
    """Checkboxes shown under headings. Choices are kept flat so option ids stay `<id>_0`, `<id>_1`…"""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, *, groups: list[tuple[str, list[tuple[str, str]]]], **kwargs):
        self.groups = groups
        kwargs.setdefault("template_name", "directory/forms/grouped_checkboxes.html")
        super().__init__(choices=[choice for _, choices in groups for choice in choices], **kwargs)

    def get_bound_field(self, form, field_name):
        return GroupedBoundField(form, self, field_name)


def taxonomy_groups() -> list[tuple[str, list[tuple[str, str]]]]:
    """Themes and the terms under each; a theme with no terms under it is itself the choice."""
    terms = list(TaxonomyTerm.objects.order_by("name").values_list("pk", "name", "parent_id"))
    children: dict = {}
    for pk, name, parent in terms:
        if parent:
            children.setdefault(parent, []).append((str(pk), name))
    return [(name, children.get(pk, [(str(pk), name)])) for pk, name, parent in terms if parent is None]


# Services

def _https_by_default(field, **kwargs):
    # Most sites are https; a scheme-less address like "example.org" should not become http.
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


DELIVERY = [("in_person", "In person"), ("online", "Online"), ("by_phone", "By phone")]


class ServiceForm(GovukModelForm):
    delivery = forms.MultipleChoiceField(
        label="How is it delivered?", choices=DELIVERY, widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply.", error_messages={"required": "Select how the service is delivered",
                                                            "invalid_choice": "Select how the service is delivered"})
    is_free = forms.TypedChoiceField(
        label="Is it free?", choices=YES_NO, coerce=_yes_no, widget=forms.RadioSelect,
        error_messages={"required": "Select yes if the service is free", "invalid_choice": "Select yes or no"})
    cost_amount = forms.DecimalField(
        label="Typical cost in pounds", required=False, max_digits=9, decimal_places=2,
        help_text="Only if it is not free. For example, 2.50",
        validators=[MinValueValidator(Decimal("0.01"), "Enter a cost of more than £0"),
                    MaxValueValidator(9999999, "Enter a cost of less than £10 million")],
        error_messages={"invalid": "Enter the cost as a number, like 2.50",
                        "max_digits": "Enter a cost of less than £10 million",
                        "max_decimal_places": "Enter the cost in pounds and pence, like 2.50"},
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5", "inputmode": "decimal", "spellcheck": "false"}))
    phone = forms.CharField(
        label="Phone number", required=False, max_length=30,
        validators=[RegexValidator(r"^\+?[0-9 ()\-]{6,25}$", "Enter a phone number, like 0191 123 4567")],
        error_messages={"max_length": "Enter a phone number, like 0191 123 4567"},
        widget=forms.TextInput(attrs={"autocomplete": "off", "class": "govuk-input--width-20", "type": "tel"}))

    class Meta:
        model = Service
        formfield_callback = _https_by_default
        fields = ["name", "description", "eligibility_description", "minimum_age", "maximum_age", "url", "email",
                  "fees_description", "application_process", "status"]
        labels = {
            "name": "Name of the service",
            "description": "What the service offers",
            "eligibility_description": "Who it is for",
            "minimum_age": "Youngest age (in years)",
            "maximum_age": "Oldest age (in years)",
            "url": "Website",
            "email": "Email address",
            "fees_description": "Cost details",
            "application_process": "How to get referred or join",
        }
        help_texts = {
            "description": "In plain words, what someone gets from it.",
            "minimum_age": "Leave empty if there is no lower limit.",
            "maximum_age": "Leave empty if there is no upper limit.",
            "fees_description": "For example, “£2 a session, free for families on Universal Credit”.",
        }
        error_messages = {
            "name": {"required": "Enter the name of the service", "max_length": "The name must be 200 characters or fewer"},
            "description": {"required": "Enter what the service offers",
                            "max_length": "The description must be 5,000 characters or fewer"},
            "eligibility_description": {"max_length": "Who it is for must be 1,000 characters or fewer"},
            "minimum_age": {"invalid": "Enter the youngest age as a whole number, like 5",
                            "min_value": "The youngest age must be 0 or more",
                            "max_value": "The youngest age must be 120 or less"},
            "maximum_age": {"invalid": "Enter the oldest age as a whole number, like 18",
                            "min_value": "The oldest age must be 0 or more",
                            "max_value": "The oldest age must be 120 or less"},
            "url": {"invalid": "Enter a website address, like https://www.example.org",
                    "max_length": "The website address must be 500 characters or fewer"},
            "email": {"invalid": "Enter an email address, like name@example.org"},
            "fees_description": {"max_length": "Cost details must be 500 characters or fewer"},
            "application_process": {"max_length": "How to get referred must be 2,000 characters or fewer"},
            "status": {"required": "Select the service’s status", "invalid_choice": "Select the service’s status"},
        }
        widgets = {
            "minimum_age": forms.TextInput(attrs={"class": "govuk-input--width-3", "inputmode": "numeric"}),
            "maximum_age": forms.TextInput(attrs={"class": "govuk-input--width-3", "inputmode": "numeric"}),
            "status": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 5}),
            "application_process": forms.Textarea(attrs={"rows": 3}),
            "eligibility_description": forms.Textarea(attrs={"rows": 3}),
        }

    field_order = ["name", "description", "eligibility_description", "minimum_age", "maximum_age", "delivery",
                   "taxonomy_terms", "locations", "is_free", "cost_amount", "fees_description",
                   "application_process", "url", "email", "phone", "status"]

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        service = self.instance
        self.fields["taxonomy_terms"] = GroupedCheckboxesField(
            groups=taxonomy_groups(), label="Needs it meets and type of service", required=False,
            help_text="Select all that apply. People searching the directory find the service by these.",
            error_messages={"invalid_choice": "Select needs from the list"})
        locations = Location.objects.filter(organisation=organisation).order_by("name")
        self.fields["locations"] = forms.MultipleChoiceField(
            label="Where it runs", required=False, widget=forms.CheckboxSelectMultiple,
            choices=[(str(loc.pk), f"{loc.name}{', ' + loc.postcode if loc.postcode else ''}") for loc in locations],
            help_text="Your organisation’s locations. Add a location from your organisation’s page first if it is not listed.",
            error_messages={"invalid_choice": "Select locations from the list"})
        if not self.fields["locations"].choices:
            del self.fields["locations"]
        self.order_fields(self.field_order)
        if not service._state.adding:
            self.initial.setdefault("delivery", [n for n, _ in DELIVERY if getattr(service, n)])
            self.initial.setdefault("taxonomy_terms", [str(pk) for pk in service.attributes.values_list("taxonomy_term_id", flat=True)])
            self.initial.setdefault("locations", [str(pk) for pk in service.service_at_locations.values_list("location_id", flat=True)])
            self.initial.setdefault("phone", next(iter(service.phones.values_list("number", flat=True)), ""))
            paid = service.cost_options.filter(amount__gt=0).order_by("pk").values_list("amount", flat=True)
            self.initial.setdefault("is_free", "no" if paid else "yes")
            self.initial.setdefault("cost_amount", next(iter(paid), None))
        else:
            self.initial.setdefault("delivery", ["in_person"])
            self.initial.setdefault("is_free", "yes")
        self.fields["status"].choices = ServiceStatus.choices

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("is_free") is False and cleaned.get("cost_amount") is None and "cost_amount" not in self.errors:
            self.add_error("cost_amount", "Enter the typical cost, or select yes if the service is free")
        return cleaned

    def _post_clean(self):
        for name, _ in DELIVERY:
            setattr(self.instance, name, name in self.cleaned_data.get("delivery", []))
        super()._post_clean()

    def service_kwargs(self) -> dict:
        """What services.service_create/service_update need besides the instance."""
        data = self.cleaned_data
        return {
            "term_ids": data["taxonomy_terms"],
            "location_ids": data.get("locations", []) if "locations" in self.fields else None,
            "phone": data["phone"],
            "is_free": data["is_free"],
            "cost_amount": None if data["is_free"] else data["cost_amount"],
        }


class CapacityForm(GovukPlainForm):
    accepting_referrals = forms.TypedChoiceField(
        label="Is the service accepting referrals?", choices=YES_NO, coerce=_yes_no, widget=forms.RadioSelect,
        error_messages={"required": "Select yes if the service is accepting referrals",
                        "invalid_choice": "Select yes or no"})
    typical_wait_weeks = forms.IntegerField(
        label="Typical wait, in weeks", required=False, min_value=0, max_value=104,
        help_text="How long someone usually waits to start, from 0 to 104 weeks. Leave empty if you do not know.",
        error_messages={"invalid": "Enter the typical wait as a whole number of weeks, like 3",
                        "min_value": "The typical wait cannot be negative: enter 0 if there is no wait",
                        "max_value": "The typical wait must be 104 weeks or fewer"},
        widget=forms.TextInput(attrs={"class": "govuk-input--width-3", "inputmode": "numeric"}))
    referral_route = forms.ChoiceField(
        label="How can people be referred?", choices=ReferralRoute.choices, widget=forms.RadioSelect,
        error_messages={"required": "Select how people can be referred",
                        "invalid_choice": "Select how people can be referred"})

    @classmethod
    def for_service(cls, service: Service, data=None) -> "CapacityForm":
        return cls(data, initial={"accepting_referrals": "yes" if service.accepting_referrals else "no",
                                  "typical_wait_weeks": service.typical_wait_weeks,
                                  "referral_route": service.referral_route})


# Locations

def normalise_postcode(value: str) -> str | None:
    """The postcode in its usual form ("SR1 3SD"), or None if it cannot be a postcode."""
    return postcode_lookup.normalise(value)


class LocationForm(GovukModelForm):
    address_1 = forms.CharField(label="Address line 1", required=False, max_length=200,
                                error_messages={"max_length": "Address line 1 must be 200 characters or fewer"},
                                widget=forms.TextInput(attrs={"autocomplete": "address-line1"}))
    address_2 = forms.CharField(label="Address line 2", required=False, max_length=200,
                                error_messages={"max_length": "Address line 2 must be 200 characters or fewer"},
                                widget=forms.TextInput(attrs={"autocomplete": "address-line2"}))
    city = forms.CharField(label="Town or city", required=False, max_length=100,
                           error_messages={"max_length": "The town or city must be 100 characters or fewer"},
                           widget=forms.TextInput(attrs={"autocomplete": "address-level2", "class": "govuk-!-width-two-thirds"}))
    postal_code = forms.CharField(label="Postcode", required=False, max_length=10,
                                  error_messages={"max_length": "Enter a real postcode, like SR1 3SD"},
                                  widget=forms.TextInput(attrs={"autocomplete": "postal-code", "class": "govuk-input--width-10"}))

    class Meta:
        model = Location
        fields = ["name", "location_type", "is_family_hub", "accessibility", "description"]
        labels = {"name": "Name of the location", "location_type": "Type of location",
                  "is_family_hub": "This location is a Family Hub", "accessibility": "Accessibility",
                  "description": "Other information"}
        help_texts = {"name": "For example, “Hendon Community Centre”.",
                      "description": "For example, which entrance to use or where to park."}
        widgets = {"location_type": forms.RadioSelect, "accessibility": forms.Textarea(attrs={"rows": 3}),
                   "description": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "name": {"required": "Enter the name of the location", "max_length": "The name must be 200 characters or fewer"},
            "location_type": {"required": "Select the type of location", "invalid_choice": "Select the type of location"},
            "accessibility": {"max_length": "Accessibility must be 1,000 characters or fewer"},
            "description": {"max_length": "Other information must be 2,000 characters or fewer"},
        }

    field_order = ["name", "location_type", "address_1", "address_2", "city", "postal_code", "is_family_hub",
                   "accessibility", "description"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["location_type"].choices = LocationType.choices
        address = None if self.instance._state.adding else self.instance.addresses.order_by("pk").first()
        if address is not None:
            for name in ["address_1", "address_2", "city"]:
                self.initial.setdefault(name, getattr(address, name))
        self.initial.setdefault("postal_code", (address.postal_code if address else "") or self.instance.postcode)
        self.order_fields(self.field_order)

    def clean_postal_code(self):
        value = self.cleaned_data["postal_code"].strip()
        if not value:
            return ""
        postcode = normalise_postcode(value)
        if postcode is None:
            raise ValidationError("Enter a real postcode, like SR1 3SD")
        return postcode

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("location_type") != LocationType.VIRTUAL:
            for name, message in [("address_1", "Enter the first line of the address"),
                                  ("city", "Enter the town or city"), ("postal_code", "Enter the postcode")]:
                if not cleaned.get(name) and name not in self.errors:
                    self.add_error(name, message)
        return cleaned

    def _post_clean(self):
        self.instance.postcode = self.cleaned_data.get("postal_code") or ""
        super()._post_clean()

    def address(self) -> dict:
        return {"address_1": self.cleaned_data["address_1"], "address_2": self.cleaned_data["address_2"],
                "city": self.cleaned_data["city"], "postal_code": self.cleaned_data["postal_code"]}


# Opening times

class ScheduleForm(GovukModelForm):
    class Meta:
        model = Schedule
        fields = ["byday", "opens_at", "closes_at", "service_at_location", "valid_from", "valid_to", "description"]
        labels = {"byday": "Day", "opens_at": "Opens at", "closes_at": "Closes at", "service_at_location": "Where",
                  "valid_from": "From (optional date)", "valid_to": "Until (optional date)",
                  "description": "Notes"}
        help_texts = {"opens_at": "Use the 24-hour clock, for example 09:30.",
                      "closes_at": "Use the 24-hour clock, for example 15:00.",
                      "valid_from": "Only if these times start on a set date. For example, 2027-01-31.",
                      "valid_to": "Only if these times end on a set date. For example, 2027-07-20.",
                      "description": "For example, “term time only”."}
        widgets = {
            "byday": forms.RadioSelect,
            "opens_at": forms.TimeInput(attrs={"class": "govuk-input--width-5"}, format="%H:%M"),
            "closes_at": forms.TimeInput(attrs={"class": "govuk-input--width-5"}, format="%H:%M"),
            "valid_from": forms.DateInput(attrs={"class": "govuk-input--width-10"}),
            "valid_to": forms.DateInput(attrs={"class": "govuk-input--width-10"}),
        }
        error_messages = {
            "byday": {"required": "Select the day", "invalid_choice": "Select the day"},
            "opens_at": {"required": "Enter the opening time", "invalid": "Enter the opening time like 09:30"},
            "closes_at": {"required": "Enter the closing time", "invalid": "Enter the closing time like 15:00"},
            "valid_from": {"invalid": "Enter the start date like 2027-01-31"},
            "valid_to": {"invalid": "Enter the end date like 2027-07-20"},
            "service_at_location": {"invalid_choice": "Select a location from the list"},
            "description": {"max_length": "Notes must be 500 characters or fewer"},
        }

    def __init__(self, *args, service: Service, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["byday"].choices = Schedule._meta.get_field("byday").choices
        self.fields["opens_at"].required = self.fields["closes_at"].required = True
        links = ServiceAtLocation.objects.filter(service=service).select_related("location").order_by("location__name")
        where = self.fields["service_at_location"]
        where.queryset = links
        where.label_from_instance = lambda link: link.location.name
        where.empty_label = "Every location"
        if not links:
            del self.fields["service_at_location"]
        self.instance.service = service


# Verification

class SendBackForm(GovukPlainForm):
    comment = forms.CharField(
        label="What needs to change?", max_length=2000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="The organisation sees this comment on its page and on the form to change the record.",
        error_messages={"required": "Enter a comment saying what the organisation needs to change",
                        "max_length": "The comment must be 2,000 characters or fewer"})

    def clean_comment(self):
        comment = self.cleaned_data["comment"].strip()
        if not comment:
            raise ValidationError("Enter a comment saying what the organisation needs to change")
        return comment
