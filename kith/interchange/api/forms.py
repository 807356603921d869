"""The API's query parameters, validated by Django forms: a bad value is a 400 naming the parameter.

Limits (stated in the OpenAPI document too): page 1..MAX_PAGE, per_page 1..MAX_PER_PAGE (default
DEFAULT_PER_PAGE), search at most MAX_SEARCH_LENGTH characters and its first MAX_WORDS words,
proximity 1..MAX_PROXIMITY metres and only with a postcode, age 0..MAX_AGE. Parameters the API
does not know are ignored, as a client may send ones it knows from elsewhere.
"""

import datetime
import re
import uuid

from django import forms

from kith.directory.models import Weekday
from kith.postcodes import lookup

MAX_PAGE = 1_000_000
MAX_PER_PAGE = 200
DEFAULT_PER_PAGE = 50
MAX_SEARCH_LENGTH = 200
MAX_WORDS = 8
MAX_PROXIMITY = 100_000
MAX_AGE = 120


class BooleanParameter(forms.Field):
    """`true` or `false` (also 1 and 0, any case); absent is None. Anything else is an error, not false."""

    default_error_messages = {"invalid": "Enter true or false."}

    def to_python(self, value):
        if value in (None, ""):
            return None
        text = str(value).strip().lower()
        if text in ("true", "1"):
            return True
        if text in ("false", "0"):
            return False
        raise forms.ValidationError(self.error_messages["invalid"], code="invalid")


class DateTimeParameter(forms.DateTimeField):
    """ISO 8601. The "+" of an offset left unencoded in the address arrives as a space: read it as "+"."""

    _SPACED_OFFSET = re.compile(r"(\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?) (\d{2}:?\d{2})$")

    def to_python(self, value):
        if isinstance(value, str):
            value = self._SPACED_OFFSET.sub(r"\1+\2", value.strip())
        try:
            value = super().to_python(value)
            # The database holds UTC: a time whose UTC falls outside years 1 to 9999 cannot be compared.
            return value.astimezone(datetime.timezone.utc) if value is not None else None
        except OverflowError:
            raise forms.ValidationError("Enter a date and time between the years 1 and 9999.", code="invalid") from None


def _uuid_field() -> forms.UUIDField:
    return forms.UUIDField(required=False, error_messages={"invalid": "Enter an id: a UUID like 3f7b145d-84af-42d7-8fae-eaca714b02b2."})


class PageForm(forms.Form):
    page = forms.IntegerField(required=False, min_value=1, max_value=MAX_PAGE)
    per_page = forms.IntegerField(required=False, min_value=1, max_value=MAX_PER_PAGE)
    search = forms.CharField(required=False, max_length=MAX_SEARCH_LENGTH, strip=True)
    format = forms.ChoiceField(required=False, choices=[("json", "json")],
                               error_messages={"invalid_choice": "Only json is served."})

    def clean_page(self) -> int:
        return self.cleaned_data["page"] or 1

    def clean_per_page(self) -> int:
        return self.cleaned_data["per_page"] or DEFAULT_PER_PAGE

    def clean_search(self) -> list[str]:
        return self.cleaned_data["search"].split()[:MAX_WORDS]


class TaxonomyTermListForm(PageForm):
    taxonomy_id = _uuid_field()
    parent_id = _uuid_field()
    top_only = BooleanParameter(required=False)


class OrganizationForm(forms.Form):
    full_service = BooleanParameter(required=False)


class OrganizationListForm(PageForm, OrganizationForm):
    full = BooleanParameter(required=False)


class ServiceFilterForm(PageForm):
    """What /services and /service_at_locations share."""

    taxonomy_term_id = _uuid_field()
    taxonomy_id = _uuid_field()
    organization_id = _uuid_field()
    modified_after = DateTimeParameter(required=False)
    full = BooleanParameter(required=False)
    postcode = forms.CharField(required=False, max_length=40)
    proximity = forms.IntegerField(required=False, min_value=1, max_value=MAX_PROXIMITY)
    age = forms.IntegerField(required=False, min_value=0, max_value=MAX_AGE)
    day = forms.ChoiceField(required=False, choices=Weekday.choices,
                            error_messages={"invalid_choice": "Enter a day as MO, TU, WE, TH, FR, SA or SU."})

    def clean_postcode(self) -> lookup.PostcodeMatch | None:
        text = self.cleaned_data["postcode"]
        if not text:
            return None
        try:
            return lookup.find(text)
        except lookup.PostcodeError as error:
            raise forms.ValidationError(error.message) from error

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("proximity") is not None and not self.data.get("postcode"):
            self.add_error("proximity", "Give a postcode to measure the proximity from.")
        return cleaned


class ServiceListForm(ServiceFilterForm):
    minimal = BooleanParameter(required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("minimal") and cleaned.get("full"):
            self.add_error("minimal", "Ask for minimal or full records, not both.")
        return cleaned


def parse_id(text: str) -> uuid.UUID | None:
    """A path's id as a UUID, or None if it is not one."""
    try:
        return uuid.UUID(text)
    except ValueError:
        return None
