"""Subject access: everything held about a person in a set of referrals, as plain data (JSON-ready), and
the record that it was exported."""

from django.db import transaction

from kith.core.audit import record_event
from kith.organisations.models import Organisation

from ..models import EventKind, Referral, ReferralEvent
from .erasure import ERASABLE_CONSENT_FIELDS, ERASABLE_REFERRAL_FIELDS


def _when(value) -> str | None:
    return value.isoformat() if value else None


def _who(user) -> str | None:
    return (user.get_full_name() or user.email) if user is not None else None


def _organisation(organisation: Organisation | None) -> str | None:
    return organisation.name if organisation is not None else None


def referral_export(referral: Referral) -> dict:
    """One referral, every field held: the person's details, consents, needs, statuses and the audit trail."""
    return {
        "reference": referral.reference,
        "service": referral.service_name,
        "receiving_organisation": referral.receiving_name,
        "referring_organisation": "Self-referral" if referral.self_referral else _organisation(referral.referring_organisation),
        "referred_by": _who(referral.referred_by),
        "status": referral.get_status_display(),
        "person": {name: getattr(referral, name) for name in ERASABLE_REFERRAL_FIELDS},
        "decline_reason": referral.get_decline_reason_display(),
        "outcome": referral.get_outcome_display(),
        "expected_date": _when(referral.expected_date),
        "needs": [term.name for term in referral.needs.order_by("name")],
        "previous_referral": referral.previous.reference if referral.previous_id else None,
        "created_at": _when(referral.created_at), "sent_at": _when(referral.sent_at),
        "opened_at": _when(referral.opened_at), "closed_at": _when(referral.closed_at),
        "anonymised_at": _when(referral.anonymised_at),
        "consents": [{
            "given_by": consent.get_given_by_display(),
            **{name: getattr(consent, name) for name in ERASABLE_CONSENT_FIELDS},
            "shared_items": consent.shared_items, "shared_with_onward": consent.shared_with_onward,
            "purpose": consent.purpose, "method": consent.get_method_display(),
            "recorded_by": _who(consent.recorded_by), "recorded_at": _when(consent.recorded_at),
            "withdrawn_at": _when(consent.withdrawn_at),
        } for consent in referral.consents.select_related("recorded_by").order_by("recorded_at")],
        "audit_trail": [{
            "at": _when(event.at), "what": event.get_kind_display(), "by": _who(event.actor),
            "organisation": _organisation(event.actor_organisation),
            "from_status": event.get_from_status_display(), "to_status": event.get_to_status_display(),
            "fields": [name for name in event.fields.split(",") if name],
        } for event in referral.events.select_related("actor", "actor_organisation")],
    }


@transaction.atomic
def export_and_record(referrals, *, by, organisation: Organisation | None, output: str) -> list[dict]:
    """The export of these referrals, each recorded as exported (by whom, for which organisation, in which form)."""
    referrals = list(referrals.select_related("service", "receiving_organisation", "referring_organisation",
                                              "referred_by", "previous").order_by("sent_at"))
    data = [referral_export(referral) for referral in referrals]
    actor = by if by is not None and by.is_authenticated else None
    for referral in referrals:
        ReferralEvent.objects.create(referral=referral, actor=actor, actor_organisation=organisation,
                                     kind=EventKind.EXPORTED, from_status=referral.status, to_status=referral.status,
                                     fields=output)
        record_event(actor=by, verb="referral_exported", obj=referral, after={"format": output})
    return data


_LABELS = {"person_name": "Name", "person_email": "Email", "person_phone": "Phone", "preferred_contact": "Preferred contact",
           "date_of_birth": "Date of birth", "age": "Age", "postcode": "Postcode", "reason": "Reason for the referral",
           "decline_text": "Why it was declined", "outcome_text": "About the outcome",
           "given_by_name": "Name of who agreed", "given_by": "Who agreed", "shared_items": "Agreed to share",
           "shared_with_onward": "May be shared with services it is referred on to", "purpose": "Purpose",
           "method": "How they agreed", "recorded_by": "Recorded by", "recorded_at": "Recorded",
           "withdrawn_at": "Withdrawn"}
_SUMMARY = ["service", "receiving_organisation", "referring_organisation", "referred_by", "status", "decline_reason",
            "outcome", "expected_date", "needs", "previous_referral", "created_at", "sent_at", "opened_at", "closed_at",
            "anonymised_at"]


def _label(name: str) -> str:
    return _LABELS.get(name, name.replace("_", " ").capitalize())


def _text(value) -> str:
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return "" if value is None else str(value)


def for_page(item: dict) -> dict:
    """One exported referral as labelled rows for the readable page (the same data as the JSON)."""
    return {
        "reference": item["reference"],
        "summary": [(_label(name), _text(item[name])) for name in _SUMMARY],
        "person_rows": [(_label(name), _text(value)) for name, value in item["person"].items()],
        "consents": [[(_label(name), _text(value)) for name, value in consent.items()] for consent in item["consents"]],
        "audit_trail": item["audit_trail"],
    }
