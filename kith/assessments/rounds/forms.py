"""Forms for opening a round, inviting respondents and answering the questionnaire."""
import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from kith.core.forms import GovukForm, GovukModelForm, GovukPlainForm

from ..models import Rating, Round, Sector

DONT_KNOW = "dk"
ANSWER_CHOICES = [(str(value), label) for value, label in Rating.choices] + [(DONT_KNOW, "Don’t know")]
MAX_INVITATIONS = 200
EVIDENCE_MAX = 2000


class GovukDateWidget(forms.MultiWidget):
    """The GOV.UK date input: day, month and year boxes."""

    template_name = "assessments/rounds/widgets/date.html"

    def __init__(self, attrs=None):
        super().__init__([forms.TextInput(), forms.TextInput(), forms.TextInput()], attrs)

    def decompress(self, value):
        return [value.day, value.month, value.year] if value else [None, None, None]


class GovukDateField(forms.MultiValueField):
    widget = GovukDateWidget

    def __init__(self, *, what: str, **kwargs):
        self.what = what
        fields = [forms.CharField(required=False) for _ in range(3)]
        super().__init__(fields, require_all_fields=False, error_messages={"required": f"Enter {what}"}, **kwargs)

    def compress(self, data_list):
        if not data_list or not any(data_list):
            if self.required:  # boxes of spaces get past MultiValueField's own required check
                raise ValidationError(self.error_messages["required"], code="required")
            return None
        if not all(data_list):
            raise ValidationError(f"{self.what.capitalize()} must include a day, month and year")
        try:
            day, month, year = (int(part) for part in data_list)
            if not 2000 <= year <= 2100:
                raise ValueError
            return datetime.date(year, month, day)
        except (ValueError, OverflowError):  # a day of 40 digits overflows rather than failing to convert
            raise ValidationError(f"{self.what.capitalize()} must be a real date, like 27 3 2027") from None


class RoundForm(GovukModelForm):
    opens_on = GovukDateField(what="the date the round opens", label="Opens on",
                              help_text="For example, 27 3 2027")
    closes_on = GovukDateField(what="the date the round closes", label="Closes on",
                               help_text="Respondents can answer until the end of this day")

    class Meta:
        model = Round
        fields = ["name", "opens_on", "closes_on", "form"]
        labels = {"name": "Name of the round", "form": "Which questions"}
        help_texts = {"name": "For example, Sunderland council and VCS relationship 2027"}
        widgets = {"form": forms.RadioSelect}
        error_messages = {"name": {"required": "Enter a name for the round"},
                          "form": {"required": "Choose the full form or the short form"}}

    def clean(self):
        cleaned = super().clean()
        opens, closes = cleaned.get("opens_on"), cleaned.get("closes_on")
        if opens and closes and closes < opens:
            self.add_error("closes_on", "The closing date must be on or after the opening date")
        return cleaned


class InviteForm(GovukPlainForm):
    emails = forms.CharField(
        label="Email addresses", widget=forms.Textarea(attrs={"rows": 6}), max_length=MAX_INVITATIONS * 260,
        help_text="One a line, or separated by commas. Each person gets their own private link.",
        error_messages={"required": "Enter at least one email address"})

    def clean_emails(self) -> list[str]:
        raw = self.cleaned_data["emails"].replace(",", "\n").replace(";", "\n").split()
        emails = list(dict.fromkeys(e.strip().lower() for e in raw if e.strip()))
        if not emails:
            raise ValidationError("Enter at least one email address")
        if len(emails) > MAX_INVITATIONS:
            raise ValidationError(f"Send at most {MAX_INVITATIONS} invitations at a time")
        for email in emails:
            try:
                validate_email(email)
            except ValidationError:
                raise ValidationError(f"“{email[:80]}” is not an email address, like name@example.org") from None
        return emails


class SectorForm(GovukPlainForm):
    sector = forms.ChoiceField(choices=Sector.choices, widget=forms.RadioSelect,
                               label="Which sector are you answering for?",
                               error_messages={"required": "Choose the sector you are answering for",
                                               "invalid_choice": "Choose one of the sectors listed"})


class PrincipleForm(GovukForm, forms.Form):
    """One radio question per statement of a principle, and optional evidence. With partial=True (save and come
    back later) unanswered statements are allowed but an answer given must still be one of the choices."""

    def __init__(self, *args, statements, principle, partial: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.statements = list(statements)
        for statement in self.statements:
            self.fields[f"s{statement.pk}"] = forms.ChoiceField(
                choices=ANSWER_CHOICES, widget=forms.RadioSelect, label=statement.text, required=not partial,
                error_messages={"required": f"Choose how far you agree that: {statement.text}",
                                "invalid_choice": f"Choose one of the answers for: {statement.text}"})
        self.fields["evidence"] = forms.CharField(
            label=f"Evidence for your answers on {principle.name.lower()}", required=False,
            max_length=EVIDENCE_MAX, widget=forms.Textarea(attrs={"rows": 4}),
            help_text="Examples that explain your answers. Do not include names or anything that identifies you.",
            error_messages={"max_length": f"Evidence must be {EVIDENCE_MAX} characters or fewer"})

    def by_element(self) -> list[tuple[object, list]]:
        """The statement questions grouped under their key elements, in order, for the page's headings."""
        groups: dict[int, tuple[object, list]] = {}
        for statement in self.statements:
            groups.setdefault(statement.element_id, (statement.element, []))[1].append(self[f"s{statement.pk}"])
        return list(groups.values())

    def answers(self) -> dict[int, int | None | str]:
        """Statement id → 1–5, or None for don't know; statements left unanswered are absent."""
        result = {}
        for statement in self.statements:
            value = self.cleaned_data.get(f"s{statement.pk}")
            if value:
                result[statement.pk] = None if value == DONT_KNOW else int(value)
        return result
