"""The needs map's choice of indicator: a GET form, so a map is a link anyone can share."""

from django import forms

from kith.core.forms import GovukForm
from kith.needs.models import Indicator

DEFAULT_INDICATOR = "iod2025-imd"


class MapForm(GovukForm, forms.Form):
    mark_optional = False
    indicator = forms.ChoiceField(label="Indicator", error_messages={
        "invalid_choice": "Choose an indicator from the list; the one in the address is not known",
    })

    def __init__(self, *args, indicators: list[Indicator], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = [(indicator.slug, indicator.name) for indicator in indicators]
