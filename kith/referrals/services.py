"""Workflows that change referrals: each writes its audit (ReferralEvent, and core Event for state
changes) in the same transaction as the change."""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from kith.core.audit import record_event
from kith.directory.models import Service
from kith.organisations.models import Organisation

from . import signals
from .models import Consent, EventKind, Referral, ReferralEvent, Status, new_reference
from .notifications import sending
from .private.links import private_link_issue, private_url

PERSONAL_FIELDS = ["person_name", "person_email", "person_phone", "preferred_contact", "date_of_birth", "age",
                   "postcode", "reason"]


class NotReady(Exception):
    """The draft lacks a step, or is no longer a draft."""


def _event(referral: Referral, *, by, organisation: Organisation | None, kind: str, before: str = "", fields: str = ""):
    return ReferralEvent.objects.create(
        referral=referral, actor=by if by is not None and by.is_authenticated else None,
        actor_organisation=organisation, kind=kind, from_status=before, to_status=referral.status, fields=fields)


@transaction.atomic
def referral_start(*, service: Service, by, organisation: Organisation | None) -> Referral:
    """The person's draft for this service (an unfinished one is picked up again rather than copied)."""
    existing = Referral.objects.drafts_of(by).filter(service=service, referring_organisation=organisation).first()
    if existing is not None:
        return existing
    for _ in range(5):
        try:
            with transaction.atomic():
                referral = Referral.objects.create(
                    reference=new_reference(), service=service, receiving_organisation=service.organisation,
                    referring_organisation=organisation, referred_by=by, self_referral=organisation is None)
            break
        except IntegrityError:  # the one-in-a-trillion clash of references: draw another
            continue
    else:
        raise RuntimeError("Could not draw a unique referral reference.")
    _event(referral, by=by, organisation=organisation, kind=EventKind.CREATED)
    return referral


@transaction.atomic
def consent_record(*, referral: Referral, by, **consent) -> Consent:
    """Record the consent a draft rests on, replacing one given earlier in the same draft."""
    referral.consents.all().delete()
    return Consent.objects.create(referral=referral, recorded_by=by, **consent)


@transaction.atomic
def referral_send(*, referral: Referral, by) -> Referral:
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    if not referral.is_draft or referral.missing_step() is not None:
        raise NotReady(referral.missing_step() or "sent")
    referral.status = Status.SENT
    referral.sent_at = timezone.now()
    referral.version += 1
    referral.save(update_fields=["status", "sent_at", "version", "updated_at"])
    _event(referral, by=by, organisation=referral.referring_organisation, kind=EventKind.SENT, before=Status.DRAFT)
    record_event(actor=by, verb="referral_sent", obj=referral,
                 before={"status": Status.DRAFT}, after={"status": Status.SENT, "service": str(referral.service_id)})
    transaction.on_commit(lambda: signals.referral_sent.send(sender=Referral, referral=referral, by=by))
    # A self-referrer follows their referral through a private link: its token exists in plain only here,
    # on the returned referral (for the confirmation page) and in their confirmation email.
    referral.private_link_token = private_link_issue(referral) if referral.self_referral else ""
    if referral.private_link_token:
        link = private_url(referral.private_link_token, absolute=True)
        transaction.on_commit(lambda: sending.self_referral_sent(referral, private_link=link))
    return referral


def referral_record_view(*, referral: Referral, by, organisation: Organisation | None, fields: list[str]) -> None:
    """Audit that someone saw the person's details (which ones, never their values)."""
    _event(referral, by=by, organisation=organisation, kind=EventKind.VIEWED, before=referral.status,
           fields=",".join(fields))


def referral_record_sharing(*, referral: Referral, by, organisation: Organisation, fields: list[str],
                            onward: Referral) -> None:
    """Audit that the person's details (which ones, never their values) went into an onward referral."""
    _event(referral, by=by, organisation=organisation, kind=EventKind.SHARED_ONWARD, before=referral.status,
           fields=",".join(fields))
    record_event(actor=by, verb="referral_shared_onward", obj=referral,
                 after={"fields": ",".join(fields), "onward_referral": str(onward.pk)})


def delete_stale_drafts(*, older_than: datetime.timedelta = datetime.timedelta(days=1)) -> int:
    """Delete drafts nobody has touched for a day (unsent personal details are not kept); how many."""
    _, per_model = Referral.objects.stale_drafts(older_than=older_than).delete()
    return per_model.get(Referral._meta.label, 0)
