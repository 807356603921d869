"""Saving a view: its name and a note; the address comes from the page it was saved on."""

from django import forms

from kith.core.forms import GovukModelForm
from kith.needs.models import SavedView


class SavedViewForm(GovukModelForm):
    class Meta:
        model = SavedView
        fields = ["name", "note"]
        labels = {"name": "Name", "note": "Note"}
        help_texts = {"name": "So colleagues know what it shows, such as “Debt advice cold spots, Hendon”.",
                      "note": "What you found, or why you saved it."}
        widgets = {"note": forms.Textarea(attrs={"rows": 4})}
        error_messages = {"name": {"required": "Enter a name for the view"}}
