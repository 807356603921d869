"""The action form: what, which principle, who owns it, by when, how far it has got."""

import datetime

from django import forms

from kith.core.forms import GovukModelForm

from ..models import Action, Principle, Round
from ..rounds.forms import GovukDateField, GovukDateWidget

# A due date far outside these bounds is a typing slip (2205 for 2025), not a plan.
DESCRIPTION_LIMIT = 2000  # a plan's details are read in a table and printed: a paragraph, not a document
EARLIEST_BEFORE_ROUND = datetime.timedelta(days=366)
LATEST_AFTER_ROUND = datetime.timedelta(days=366 * 10)
PARTS = ("day", "month", "year")
ERROR_CLASS = "govuk-input--error"


class PartsDateWidget(GovukDateWidget):
    """The round form's date input, highlighting only the boxes at fault when the field knows which they are
    (GOV.UK: a missing month highlights the month, not the whole date)."""

    bad_parts: tuple[int, ...] | None = None

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if self.bad_parts is not None:
            for index, subwidget in enumerate(context["widget"]["subwidgets"]):
                if index not in self.bad_parts:
                    subwidget["attrs"]["class"] = " ".join(
                        c for c in subwidget["attrs"].get("class", "").split() if c != ERROR_CLASS)
        return context


class PartsDateField(GovukDateField):
    """The round form's date field with GOV.UK's date-input messages: which part is missing, a year of four
    numbers, a real date; and which boxes to highlight."""

    widget = PartsDateWidget

    def __init__(self, *, noun: str, **kwargs):
        self.noun = noun  # how the messages start, "Due date", where `what` ends "Enter the due date"
        super().__init__(**kwargs)

    def _refuse(self, message: str, parts: tuple[int, ...]) -> None:
        self.widget.bad_parts = parts
        raise forms.ValidationError(message)

    def compress(self, data_list):
        if not data_list or not any(data_list):
            return super().compress(data_list)
        missing = tuple(i for i, part in enumerate(data_list) if not part)
        if missing:
            self._refuse(f"{self.noun} must include a " + " and ".join(PARTS[i] for i in missing), missing)
        not_numbers = tuple(i for i, part in enumerate(data_list) if not (part.isascii() and part.isdigit()))
        if not_numbers:
            self._refuse(f"{self.noun} must be a real date", not_numbers)
        if len(data_list[2]) != 4:
            self._refuse("Year must include 4 numbers", (2,))
        day, month, year = (int(part) for part in data_list)
        if year < 1:
            self._refuse(f"{self.noun} must be a real date", (2,))
        if not 1 <= month <= 12:
            self._refuse(f"{self.noun} must be a real date", (1,))
        try:
            return datetime.date(year, month, day)
        except (ValueError, OverflowError):  # day 0, 31 February, or a day of 40 digits
            self._refuse(f"{self.noun} must be a real date", (0,))


class ActionForm(GovukModelForm):
    due_on = PartsDateField(noun="Due date", what="the due date", label="Due date",
                            help_text="For example, 31 3 2027",
                            template_name="assessments/rounds/includes/date_field.html")

    class Meta:
        model = Action
        fields = ["title", "principle", "description", "owner_name", "owner_sector", "due_on", "status"]
        labels = {"title": "Action", "principle": "Principle it strengthens", "description": "Details",
                  "owner_name": "Owner", "owner_sector": "Owner’s sector", "status": "Status"}
        help_texts = {"title": "A short description of what will be done.",
                      "owner_name": "A named person or body, for example “Head of Communities”."}
        widgets = {
            "title": forms.TextInput(),
            "description": forms.Textarea(attrs={"rows": 4}),
            "owner_sector": forms.RadioSelect,
            "status": forms.RadioSelect,
        }
        error_messages = {
            "title": {"required": "Enter the action", "max_length": "The action must be 200 characters or fewer"},
            "principle": {"required": "Select the principle the action strengthens",
                          "invalid_choice": "Select a principle from the list"},
            "owner_name": {"required": "Enter who owns the action",
                           "max_length": "The owner must be 160 characters or fewer"},
            "owner_sector": {"required": "Select the owner’s sector", "invalid_choice": "Select the owner’s sector"},
            "status": {"required": "Select the status", "invalid_choice": "Select the status"},
        }

    def __init__(self, *args, round: Round, **kwargs):
        super().__init__(*args, **kwargs)
        self.round = round
        self.fields["principle"].queryset = Principle.objects.all()
        self.fields["principle"].empty_label = "Select a principle"
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
            raise forms.ValidationError(f"Due date must be on or after {earliest:%-d %B %Y}")
        if due_on > latest:
            raise forms.ValidationError(f"Due date must be on or before {latest:%-d %B %Y}")
        return due_on
