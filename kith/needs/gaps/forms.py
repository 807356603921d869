"""The gaps page's and the area profile's choices: GET forms, so every view is a link anyone can share."""

from django import forms

from kith.core.forms import GovukForm
from kith.directory.models import TaxonomyTerm
from kith.needs.coverage import KM_PER_MILE, RURAL_THRESHOLD_KM
from kith.needs.models import Indicator

from .report import LEVELS

# As public search: distances in whole miles.
DISTANCES_MILES = (1, 2, 3, 5)
DEFAULT_DISTANCE_MILES = 2
DEFAULT_RURAL_MILES = round(RURAL_THRESHOLD_KM / KM_PER_MILE)  # coverage.py's threshold, about 6 miles
# GOV.UK asks for text inputs with a numeric keyboard rather than number inputs, sized to the answer.
NUMBER = {"class": "govuk-input--width-3", "inputmode": "numeric", "spellcheck": "false"}
LAYERS = {"gap": "Gap score", "provision": "Provision per 1,000 residents", "nearest": "Miles to the nearest service"}


def need_choices(terms: list[TaxonomyTerm]) -> list:
    """Each theme, then its terms under it: one optgroup per theme so the long list reads in order."""
    themes = [t for t in terms if t.parent_id is None]
    children: dict = {}
    for term in terms:
        if term.parent_id is not None:
            children.setdefault(term.parent_id, []).append(term)
    return [("", "Choose a need")] + [
        (theme.name, [(theme.code, f"{theme.name} (all)")] + [(t.code, t.name) for t in children.get(theme.pk, [])])
        for theme in themes]


def need_terms() -> list[TaxonomyTerm]:
    return list(TaxonomyTerm.objects.only("code", "name", "parent_id").order_by("name"))


class NeedField(forms.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(label="Need", error_messages={
            "required": "Choose a need",
            "invalid_choice": "Choose a need from the list; the one in the address is not known"}, **kwargs)


class AgeField(forms.IntegerField):
    def __init__(self, **kwargs):
        super().__init__(label="Age of the person", required=False, min_value=0, max_value=120,
                         widget=forms.TextInput(attrs=NUMBER),
                         help_text="Only services for people of this age count.", error_messages={
                             "invalid": "Enter the age as a whole number, like 8",
                             "min_value": "Enter an age of 0 or more",
                             "max_value": "Enter an age of 120 or less"}, **kwargs)


class DistanceField(forms.TypedChoiceField):
    def __init__(self, **kwargs):
        super().__init__(label="Services in reach within", coerce=int, required=False,
                         empty_value=DEFAULT_DISTANCE_MILES, initial=DEFAULT_DISTANCE_MILES,
                         choices=[(str(n), f"{n} mile{'' if n == 1 else 's'}") for n in DISTANCES_MILES],
                         error_messages={"invalid_choice": "Choose a distance from the list"}, **kwargs)


def with_defaults(data, **defaults):
    """The query with the usual choices filled in, so the form shows the choices the figures were made with."""
    if data is None:
        return None
    data = data.copy()
    for name, value in defaults.items():
        if not data.get(name):
            data[name] = str(value)
    return data


class GapsForm(GovukForm, forms.Form):
    need = NeedField()
    indicator = forms.ChoiceField(label="Measure of need", required=False, help_text=(
        "Leave as it is for the usual measure of this need."), error_messages={
        "invalid_choice": "Choose a measure of need from the list; the one in the address is not known"})
    within = DistanceField()
    level = forms.ChoiceField(label="Show figures for each", required=False, choices=list(LEVELS.items()),
                              error_messages={"invalid_choice": "Choose neighbourhoods, wards or the local authority"})
    age = AgeField()
    rural = forms.IntegerField(label="Rural proofing: flag areas whose nearest service is more than (miles)",
                               required=False, min_value=1, max_value=100, initial=DEFAULT_RURAL_MILES,
                               widget=forms.TextInput(attrs=NUMBER), error_messages={
                                   "invalid": "Enter the rural threshold as a whole number of miles, like 6",
                                   "min_value": "Enter a rural threshold of 1 mile or more",
                                   "max_value": "Enter a rural threshold of 100 miles or less"})

    def __init__(self, data=None, *, terms: list[TaxonomyTerm], indicators: list[Indicator]):
        super().__init__(with_defaults(data, within=DEFAULT_DISTANCE_MILES, level="lsoa", rural=DEFAULT_RURAL_MILES))
        self.fields["need"].choices = need_choices(terms)
        self.fields["indicator"].choices = [("", "The usual measure for this need")] + [
            (i.slug, i.name) for i in indicators]


class ProfileForm(GovukForm, forms.Form):
    """The profile's optional need: without one it shows what no one meets."""

    need = NeedField(required=False)
    age = AgeField()
    within = DistanceField()

    def __init__(self, data=None, *, terms: list[TaxonomyTerm]):
        super().__init__(with_defaults(data, within=DEFAULT_DISTANCE_MILES))
        self.fields["need"].choices = need_choices(terms)
