"""The action form: what, which principle, who owns it, by when, how far it has got."""

import datetime

from django import forms

from kith.core.forms import GovukModelForm

from ..models import Action, Principle, Round

# A due date far outside these bounds is a typing slip (2205 for 2025), not a plan.
DESCRIPTION_LIMIT = 2000  # a plan's details are read in a table and printed: a paragraph, not a document
EARLIEST_BEFORE_ROUND = datetime.timedelta(days=366)
LATEST_AFTER_ROUND = datetime.timedelta(days=366 * 10)


class ActionForm(GovukModelForm):
    class Meta:
        model = Action
        fields = ["title", "principle", "description", "owner_name", "owner_sector", "due_on", "status"]
        labels = {"title": "Action", "principle": "Principle it strengthens", "description": "Details",
                  "owner_name": "Owner", "owner_sector": "Owner’s sector", "due_on": "Due date",
                  "status": "Status"}
        help_texts = {"title": "A short description of what will be done.",
                      "owner_name": "A named person or body, for example “Head of Communities”.",
                      "due_on": "For example, 2027-03-31."}
        widgets = {
            "title": forms.TextInput(),
            "description": forms.Textarea(attrs={"rows": 4}),
            "owner_sector": forms.RadioSelect,
            "status": forms.RadioSelect,
            "due_on": forms.DateInput(attrs={"class": "govuk-input--width-10"}),
        }
        error_messages = {
            "title": {"required": "Enter the action", "max_length": "The action must be 200 characters or fewer"},
            "principle": {"required": "Select the principle the action strengthens",
                          "invalid_choice": "Select a principle from the list"},
            "owner_name": {"required": "Enter who owns the action",
                           "max_length": "The owner must be 160 characters or fewer"},
            "owner_sector": {"required": "Select the owner’s sector", "invalid_choice": "Select the owner’s sector"},
            "due_on": {"required": "Enter the due date", "invalid": "Enter the due date like 2027-03-31"},
            "status": {"required": "Select the status", "invalid_choice": "Select the status"},
        }

    def __init__(self, *args, round: Round, **kwargs):
        super().__init__(*args, **kwargs)
        self.round = round
        self.fields["principle"].queryset = Principle.objects.all()
        self.fields["principle"].empty_label = "Select a principle"
        self.fields["due_on"].required = True
        self.fields["description"].required = False
        self.fields["status"].choices = Action.Status.choices

    def clean_description(self) -> str:
        description = self.cleaned_data["description"]
        if len(description) > DESCRIPTION_LIMIT:
            raise forms.ValidationError(f"The details must be {DESCRIPTION_LIMIT:,} characters or fewer")
        return description

    def clean_title(self) -> str:
        return " ".join(self.cleaned_data["title"].split())

    def clean_due_on(self) -> datetime.date:
        due_on = self.cleaned_data["due_on"]
        earliest = self.round.opens_on - EARLIEST_BEFORE_ROUND
        latest = self.round.closes_on + LATEST_AFTER_ROUND
        if due_on < earliest:
            raise forms.ValidationError(f"The due date must be after {earliest:%-d %B %Y}")
        if due_on > latest:
            raise forms.ValidationError(f"The due date must be before {latest:%-d %B %Y}")
        return due_on
