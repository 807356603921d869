"""Forms for recording, reviewing and filtering needs. Every choice is checked against what the person may pick."""

from django import forms
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator

from kith.areas.models import Area
from kith.core.forms import GovukPlainForm
from kith.directory.models import TaxonomyTerm
from kith.organisations.models import Organisation
from kith.postcodes import lookup

from ..models import RecordedNeed
from .places import area_choices, lsoas_of

MOST_PEOPLE = 1_000_000
CHOOSE_AREA = "Choose a ward or small area, or enter a postcode"
CHOOSE_THEME = "Choose the kind of need from the list"


def theme_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Each theme as a group: the theme itself (any part of it) first, then its terms. One query."""
    terms = list(TaxonomyTerm.objects.order_by("name", "pk").values_list("pk", "name", "parent_id"))
    children: dict = {}
    for pk, name, parent in terms:
        if parent:
            children.setdefault(parent, []).append((str(pk), name))
    return [(name, [(str(pk), f"{name} – any"), *children.get(pk, [])]) for pk, name, parent in terms if parent is None]


def _flat(groups) -> set[str]:
    return {value for _, choices in groups for value, _ in choices}


class RecordNeedForm(GovukPlainForm):
    source_organisation = forms.ModelChoiceField(
        label="Which organisation saw this need?", queryset=Organisation.objects.none(), empty_label="Choose an organisation",
        error_messages={"required": "Choose the organisation that saw this need",
                        "invalid_choice": "Choose one of the organisations in the list"})
    theme = forms.ChoiceField(
        label="What kind of need is it?", help_text="Choose the closest match. Each group is a theme; pick a "
        "particular need within it if one fits.",
        error_messages={"required": CHOOSE_THEME, "invalid_choice": CHOOSE_THEME})
    area = forms.ChoiceField(
        label="Where is the need?", required=False,
        help_text="A ward, or one of its small areas (2021 LSOAs) if you know it. Or leave this and enter a postcode below.",
        error_messages={"invalid_choice": "Choose a ward or small area from the list"})
    postcode = forms.CharField(
        label="Or a postcode in the area", required=False, max_length=40,
        help_text="For example, SR1 3SD. We only keep the small area it is in, not the postcode.",
        error_messages={"max_length": lookup.MALFORMED})
    description = forms.CharField(
        label="Describe the need", max_length=2000, widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What people need and cannot get. Do not name anyone or give details that could identify them.",
        error_messages={"required": "Describe the need",
                        "max_length": "Describe the need in 2,000 characters or fewer"})
    evidence = forms.CharField(
        label="How do you know?", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Requests turned away, waiting lists, a survey, casework. Do not name anyone.",
        error_messages={"max_length": "Describe the evidence in 2,000 characters or fewer"})
    people_count = forms.IntegerField(
        label="How many people have this need?", required=False, help_text="A whole number, if you know it.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-5"}),
        validators=[MinValueValidator(1, "Enter a number of people of 1 or more"),
                    MaxValueValidator(MOST_PEOPLE, f"Enter a number of people of {MOST_PEOPLE:,} or fewer")],
        error_messages={"invalid": "Enter how many people as a whole number, like 12"})

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.place = settings.KITH_PLACE_CODE
        self.fields["source_organisation"].queryset = organisations
        self.fields["theme"].choices = [("", "Choose a kind of need"), *theme_choices()]
        self.fields["area"].choices = [("", "Choose a ward or small area"), *area_choices(self.place)]
        self.fields["postcode"].label = f"Or a postcode in {settings.KITH_PLACE_NAME}"

    def clean_theme(self) -> TaxonomyTerm:
        term = TaxonomyTerm.objects.filter(pk=self.cleaned_data["theme"]).first()
        if term is None:  # gone since the page was drawn
            raise forms.ValidationError(CHOOSE_THEME)
        return term

    def clean(self):
        cleaned = super().clean()
        code, postcode = cleaned.get("area"), (cleaned.get("postcode") or "").strip()
        if "area" in self.errors or "postcode" in self.errors:
            return cleaned
        if code and postcode:
            self.add_error("postcode", "Choose an area or enter a postcode, not both")
        elif code:
            cleaned["place"] = Area.objects.filter(code=code, local_authority=self.place).first()
            if cleaned["place"] is None:
                self.add_error("area", "Choose a ward or small area from the list")
        elif postcode:
            self._place_postcode(cleaned, postcode)
        else:
            self.add_error("area", CHOOSE_AREA)
        return cleaned

    def _place_postcode(self, cleaned: dict, text: str) -> None:
        try:
            match = lookup.find(text)
        except lookup.PostcodeError as error:
            self.add_error("postcode", error.message)
            return
        if match.is_district:
            self.add_error("postcode", f"Enter a full postcode, like {match.outcode} 1AA, or choose the area from the list"
                           if not match.fallback else
                           f"We could not find {match.postcode}: check it, or choose the area from the list")
            return
        lsoas = lsoas_of(self.place)
        code = lsoas.containing(match.latitude, match.longitude)
        if code is None and match.local_authority == self.place:
            # Boundaries are simplified: a postcode on the edge of the place may miss every shape.
            code = lsoas.nearest(match.latitude, match.longitude)
        if code is None:
            self.add_error("postcode", f"{match.postcode} is not in {settings.KITH_PLACE_NAME}: enter a postcode in "
                           f"{settings.KITH_PLACE_NAME}, or choose the area from the list")
            return
        cleaned["place"] = Area.objects.get(code=code)


class ReviewForm(GovukPlainForm):
    decision = forms.ChoiceField(
        label="Decision", widget=forms.RadioSelect,
        choices=[(RecordedNeed.Status.ACCEPTED, "Accept: count it in local intelligence"),
                 (RecordedNeed.Status.NOT_USED, "Not used: leave it out of local intelligence")],
        error_messages={"required": "Choose accept or not used", "invalid_choice": "Choose accept or not used"})
    note = forms.CharField(
        label="Note for the organisation", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed when it is not used: say why, so the organisation knows.",
        error_messages={"max_length": "Write the note in 2,000 characters or fewer"})

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == RecordedNeed.Status.NOT_USED and not cleaned.get("note", "").strip():
            self.add_error("note", "Say why this need is not used")
        return cleaned


class FilterForm(GovukPlainForm):
    mark_optional = False

    status = forms.ChoiceField(label="Status", required=False,
                               choices=[("", "Any status"), *RecordedNeed.Status.choices],
                               error_messages={"invalid_choice": "Choose a status from the list"})
    theme = forms.ChoiceField(label="Theme", required=False, error_messages={"invalid_choice": "Choose a theme from the list"})
    ward = forms.ChoiceField(label="Ward", required=False, error_messages={"invalid_choice": "Choose a ward from the list"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        themes = TaxonomyTerm.objects.filter(parent__isnull=True).order_by("name", "pk").values_list("pk", "name")
        self.fields["theme"].choices = [("", "Any theme"), *((str(pk), name) for pk, name in themes)]
        wards = Area.objects.filter(kind=Area.Kind.WARD, local_authority=settings.KITH_PLACE_CODE).order_by("name")
        self.fields["ward"].choices = [("", "Any ward"), *wards.values_list("code", "name")]
