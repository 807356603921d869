"""The receiving organisation's forms: answering a referral, and choosing a service to refer on to."""

from django import forms

from kith.core.forms import GovukPlainForm
from kith.directory.models import Service

from ..forms import parse_date
from ..models import DeclineReason, Outcome, Referral, Status
from . import answering

DECISION_LABELS = {
    Status.OPENED: "Mark as opened",
    Status.ACCEPTED: "Accept the referral",
    Status.WAITING_LIST: "Put them on the waiting list",
    Status.DECLINED: "Decline the referral",
    Status.COULD_NOT_CONTACT: "We could not contact them",
    Status.OUTCOME_RECORDED: "Record the outcome",
    Status.CLOSED: "Close the referral",
}
# Answers that need more than the choice itself, and the fields revealed under it.
REVEALS = {Status.WAITING_LIST: ["expected_date"], Status.DECLINED: ["decline_reason", "decline_text"],
           Status.OUTCOME_RECORDED: ["outcome", "outcome_text"]}


def _text(label: str, help_text: str = "") -> forms.CharField:
    return forms.CharField(label=label, required=False, help_text=help_text, widget=forms.Textarea(attrs={"rows": 3}),
                           strip=False, max_length=answering.LONGEST_TEXT,
                           error_messages={"max_length": f"Enter {answering.LONGEST_TEXT} characters or fewer",
                                           "null_characters_not_allowed": "Remove the unusual characters from the text"})


class AnswerForm(GovukPlainForm):
    mark_optional = False
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1,
                                 error_messages={k: "The page was out of date: reload it and answer again"
                                                 for k in ("required", "invalid", "min_value", "max_value")})
    decision = forms.ChoiceField(label="What is your answer?", widget=forms.RadioSelect,
                                 error_messages={"required": "Select your answer",
                                                 "invalid_choice": "Select one of the answers offered"})
    expected_date = forms.CharField(label="When do you expect to help them?", required=False, max_length=40,
                                    help_text="For example, 27 3 2027",
                                    error_messages={"max_length": "Enter a date, for example 27 3 2027"})
    decline_reason = forms.ChoiceField(label="Why are you declining it?", widget=forms.RadioSelect, required=False,
                                       choices=DeclineReason.choices,
                                       error_messages={"invalid_choice": "Select one of the reasons offered"})
    decline_text = _text("Tell the referrer more", "Needed when the reason is “Other”. Say what would help, not "
                                                   "more about the person than needed.")
    outcome = forms.ChoiceField(label="What was the outcome?", widget=forms.RadioSelect, required=False,
                                choices=Outcome.choices, error_messages={"invalid_choice": "Select one of the outcomes offered"})
    outcome_text = _text("Anything the referrer should know (optional)")

    def __init__(self, *args, referral: Referral, **kwargs):
        super().__init__(*args, **kwargs)
        self.referral = referral
        # Opening happens by itself; the person answers from there on.
        self.fields["decision"].choices = [(status, DECISION_LABELS[status]) for status in Status.values
                                           if status in answering.allowed_next(referral.status) and status != Status.OPENED]
        if not self.is_bound and "version" not in self.initial:
            self.initial["version"] = referral.version
        choices = self.fields["decision"].choices
        if len(choices) == 1:  # one way on (record the outcome, or close): nothing to choose between
            self.initial.setdefault("decision", choices[0][0])
            if self.is_bound and not self.data.get("decision"):
                self.data = self.data.copy()
                self.data["decision"] = choices[0][0]

    @property
    def has_choices(self) -> bool:
        return bool(self.fields["decision"].choices)

    def options(self):
        """Each decision radio with the fields revealed under it, for the template."""
        for option in self["decision"]:
            yield option, [self[name] for name in REVEALS.get(option.data["value"], [])]

    def clean(self):
        data = super().clean()
        if "version" in self.errors:  # a hidden field: said at the top, where the error summary shows it
            self.add_error(None, self.errors["version"][0])
        decision = data.get("decision")
        if not decision:
            return data
        expected = None
        if decision == Status.WAITING_LIST and data.get("expected_date", "").strip():
            expected = parse_date(data["expected_date"])
            if expected is None:
                self.add_error("expected_date", "Enter a real date, for example 27 3 2027")
                return data
        for name, message in answering.check_answer(
                decision, expected_date=expected, decline_reason=data.get("decline_reason", ""),
                decline_text=data.get("decline_text", ""), outcome=data.get("outcome", ""),
                outcome_text=data.get("outcome_text", "")).items():
            if name not in self.errors:
                self.add_error(name, message)
        data["expected_date"] = expected
        return data

    def answer(self) -> dict:
        data = self.cleaned_data
        return {"to_status": data["decision"], "version": data["version"], "expected_date": data["expected_date"],
                "decline_reason": data["decline_reason"] if data["decision"] == Status.DECLINED else "",
                "decline_text": data["decline_text"] if data["decision"] == Status.DECLINED else "",
                "outcome": data["outcome"] if data["decision"] == Status.OUTCOME_RECORDED else "",
                "outcome_text": data["outcome_text"] if data["decision"] == Status.OUTCOME_RECORDED else ""}


class OnwardForm(GovukPlainForm):
    service = forms.ChoiceField(label="Service", widget=forms.Select,
                                error_messages={"required": "Select the service to refer them on to",
                                                "invalid_choice": "Select one of the services listed"})

    def __init__(self, *args, services: list[Service], **kwargs):
        super().__init__(*args, **kwargs)
        self.services = {str(service.pk): service for service in services}
        self.fields["service"].choices = [("", "Choose a service")] + [
            (pk, f"{service.name} ({service.organisation.name})") for pk, service in self.services.items()]

    def chosen(self) -> Service:
        return self.services[self.cleaned_data["service"]]
