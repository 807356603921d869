from django import forms

from kith.core.forms import GovukPlainForm

from . import reading

MAX_UPLOAD_BYTES = 50 * 1024 * 1024


class FeedImportForm(GovukPlainForm):
    """A feed's address, or a JSON file: exactly one. A file is read and checked here, so a bad one writes nothing."""

    name = forms.CharField(label="Name for this feed", max_length=200, required=False,
                           help_text="How Kith lists it, like “Sunderland Council family hubs”. "
                                     "Importing again under the same name updates the same records.")
    url = forms.CharField(label="Feed address", max_length=500, required=False,
                          help_text="The ORUK API's base address, like https://example.org/api/oruk")
    file = forms.FileField(label="Or a JSON file", required=False,
                           help_text="A page of services, one service, a list of services or a package, as ORUK JSON.")

    def clean_url(self):
        url = self.cleaned_data["url"].strip()
        if url:
            problem = reading.check_url(url)
            if problem:
                raise forms.ValidationError(problem)
        return url

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload:
            return None
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("The file must be smaller than 50 MB")
        try:
            return reading.read_bytes(upload.read(), upload.name)
        except reading.FeedError as error:
            raise forms.ValidationError(f"{error} Nothing was imported.") from None

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        if cleaned.get("url") and cleaned.get("file"):
            self.add_error("url", "Give the feed's address or a file, not both")
        elif not cleaned.get("url") and not cleaned.get("file"):
            self.add_error("url", "Enter the feed's address, or choose a JSON file")
        return cleaned
