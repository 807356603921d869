"""The indicator upload form: what the figures are, and the CSV holding them."""

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.text import slugify

from kith.areas.models import Area
from kith.core.forms import GovukPlainForm

from .upload import official_named

def max_upload_bytes() -> int:
    return settings.KITH_INDICATOR_UPLOAD_MAX_BYTES


def size_label(size: int) -> str:
    return filesizeformat(size).replace("\xa0", " ")


class UploadForm(GovukPlainForm):
    name = forms.CharField(max_length=200, label="Name", help_text="What the figures measure, as people will read "
                           "it on the map, such as “Households in fuel poverty”. Uploading again under the same name "
                           "replaces that indicator’s figures.",
                           error_messages={"required": "Enter the name of the indicator"})
    description = forms.CharField(required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
                                  label="Description", help_text="How the figures were made and what they count.")
    source = forms.CharField(required=False, max_length=300, label="Source", help_text="Who published the figures.")
    unit = forms.CharField(required=False, max_length=50, label="Unit", help_text="Such as %, people or households.")
    period = forms.CharField(required=False, max_length=20, label="Period",
                             help_text="The year or period the figures describe, such as 2024.")
    higher_is_more_need = forms.TypedChoiceField(
        label="Does a higher value mean more need?", widget=forms.RadioSelect, coerce=lambda value: value == "yes",
        choices=[("yes", "Yes, higher means more need (such as a deprivation score)"),
                 ("no", "No, higher means less need (such as life expectancy)")],
        error_messages={"required": "Select whether a higher value means more need"})
    area_kind = forms.ChoiceField(label="Kind of area", widget=forms.RadioSelect, choices=Area.Kind.choices,
                                  help_text="Every code in the file must be an area of this kind.",
                                  error_messages={"required": "Select the kind of area the figures are for"})
    file = forms.FileField(label="CSV file", error_messages={
        "required": "Select a CSV file", "empty": "The selected file is empty", "invalid": "Select a CSV file"},
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_bytes = max_upload_bytes()
        self.fields["file"].help_text = f"A CSV file (comma-separated, UTF-8), no larger than {size_label(self.max_bytes)}."

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if not slugify(name):
            raise forms.ValidationError("Enter a name with letters or numbers in it")
        official = official_named(name)
        if official:
            raise forms.ValidationError(f"“{official.name}” is an official indicator and cannot be replaced by an "
                                        "upload; give your figures another name")
        return name

    def clean_file(self):
        file = self.cleaned_data["file"]
        if file.size > self.max_bytes:
            raise forms.ValidationError(f"The selected file is {size_label(file.size)}; it must be no larger than "
                                        f"{size_label(self.max_bytes)}. Split it by area kind or authority")
        return file
