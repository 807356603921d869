"""Workflows of a round: opening it, inviting respondents, starting, saving and submitting a response."""
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from kith.core.audit import record_event, snapshot

from ..models import (Answer, Invitation, Principle, PrincipleEvidence, Response, Round, new_token,
                      resume_token_hash)

_ROUND_FIELDS = ["name", "form", "opens_on", "closes_on", "anonymity_threshold"]


class AlreadySubmitted(Exception):
    """The invitation or response has been used to submit answers already."""


@transaction.atomic
def round_create(*, name: str, form: str, opens_on, closes_on, by) -> Round:
    """Open a round and fix the statements it asks."""
    round_ = Round.objects.create(name=name, form=form, opens_on=opens_on, closes_on=closes_on, opened_by=by)
    round_.snapshot_statements()
    if not round_.round_statements.exists():
        raise ValidationError("The framework has no statements for this form yet. An administrator must load it")
    record_event(actor=by, verb="assessment_round_opened", obj=round_, after=snapshot(round_, _ROUND_FIELDS))
    return round_


def _link(name: str, token: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(name, args=[token])


def share_link(round_: Round) -> str:
    return _link("assessments:answer_start", round_.share_token)


def invitations_send(*, round_: Round, emails: list[str], by) -> int:
    """Email each address its own private link; an address already invited is not invited twice. Each invitation
    is saved only once its email has gone, so a mail failure leaves nothing half-sent. A closed round invites
    nobody: its links would only lead to the closed page."""
    if round_.state == "closed":
        raise ValidationError(f"{round_.name} closed at the end of {round_.closes_on:%-d %B %Y}: it takes no more "
                              "answers, so no invitations were sent")
    already = set(round_.invitations.filter(email__in=emails).values_list("email", flat=True))
    sent = 0
    for email in emails:
        if email in already:
            continue
        token, token_hash = new_token()
        context = {"round": round_, "link": _link("assessments:answer_start", token),
                   "place_name": settings.KITH_PLACE_NAME}
        subject = " ".join(f"Your view of the council and VCS relationship: {round_.name}"[:200].split())
        try:
            send_mail(subject, render_to_string("assessments/rounds/email/invitation.txt", context), None, [email])
        except OSError as error:
            raise ValidationError(f"We could not send the email to {email}. {sent} invitations were sent; "
                                  "try the rest again in a few minutes") from error
        Invitation.objects.create(round=round_, email=email, token_hash=token_hash, sent_on=timezone.localdate())
        sent += 1
    if sent:
        record_event(actor=by, verb="assessment_invitations_sent", obj=round_, after={"count": sent})
    return sent


def response_start(*, round_: Round, sector: str, token: str | None = None) -> tuple[Response, str]:
    """Begin a response. From an invitation, `token` is the invitation's token and also resumes the response;
    from the shareable link a fresh token is made. Returns the response and its resume token."""
    token = token or new_token()[0]
    try:
        with transaction.atomic():
            response = Response.objects.create(round=round_, sector=sector, started_at=timezone.localdate(),
                                               resume_token_hash=resume_token_hash(token))
    except IntegrityError:  # the same invitation started twice at once: carry on with the first
        response = Response.objects.get(resume_token_hash=resume_token_hash(token))
    return response, token


@transaction.atomic
def answers_save(*, response: Response, principle: Principle, answers: dict, evidence: str) -> None:
    """Keep a page's answers (statement id → 1–5 or None for don't know) and its evidence."""
    if response.submitted_at is not None:
        raise AlreadySubmitted
    for statement_id, value in answers.items():
        Answer.objects.update_or_create(response=response, statement_id=statement_id, defaults={"value": value})
    evidence = evidence.strip()
    if evidence:
        PrincipleEvidence.objects.update_or_create(response=response, principle=principle,
                                                   defaults={"text": evidence})
    else:
        PrincipleEvidence.objects.filter(response=response, principle=principle).delete()


def unanswered(response: Response):
    """The round's statements this response has not answered yet."""
    return response.round.asked_statements().exclude(answers__response=response)


@transaction.atomic
def response_submit(*, response: Response, token: str) -> None:
    """Submit a complete response. Through an invitation, the invitation is marked used so it cannot submit
    again; nothing records which response it was, and the response's resume hash is replaced by a random one,
    so the invitation's token (in an inbox, a mail log) no longer leads to it. The invitation alone says it
    was used. A shareable link's token belongs to no one, so it keeps finding its response to say it was sent."""
    response = Response.objects.select_for_update().get(pk=response.pk)
    if response.submitted_at is not None:
        raise AlreadySubmitted
    invitation = Invitation.objects.select_for_update().by_token(token).filter(round=response.round).first()
    if invitation is not None and invitation.used:
        raise AlreadySubmitted
    if unanswered(response).exists():
        raise ValidationError("Answer every statement before you submit")
    response.submitted_at = timezone.localdate()
    if invitation is not None:
        response.resume_token_hash = resume_token_hash(new_token()[0])
        invitation.used = True
        invitation.save(update_fields=["used"])
    response.save(update_fields=["submitted_at", "resume_token_hash"])
