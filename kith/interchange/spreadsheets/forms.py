"""The upload form and the choice to import only the rows without problems."""

from django import forms

from kith.core.forms import GovukPlainForm

from .reading import MAX_BYTES


class UploadForm(GovukPlainForm):
    file = forms.FileField(
        label="Upload a file", help_text=f"A CSV (UTF-8) or Excel workbook (.xlsx), smaller than {MAX_BYTES // 2**20} MB.",
        error_messages={"required": "Select a CSV or Excel file", "empty": "The selected file is empty",
                        "invalid": "Select a CSV or Excel file"},
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv,"
                                               "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}))


def _rows(count: int, noun: str) -> str:
    return f"{count:,} {noun}" if count == 1 else f"{count:,} {noun}s"


class ConfirmForm(GovukPlainForm):
    only_valid = forms.BooleanField(required=False)

    def __init__(self, *args, valid_rows: int, problem_rows: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.problem_rows = problem_rows
        self.fields["only_valid"].label = (f"Import only the {_rows(valid_rows, 'valid row')} and leave out the "
                                           f"{_rows(problem_rows, 'row')} with problems")

    def clean(self):
        cleaned = super().clean()
        if self.problem_rows and not cleaned.get("only_valid"):
            self.add_error("only_valid", "Select “Import only the valid rows” to import without the rows with "
                                         "problems, or upload a corrected file")
        return cleaned
