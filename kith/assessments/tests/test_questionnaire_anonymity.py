"""Responses are anonymous to everyone, administrators included: nothing stored on an invitation or a response
(its answers, its evidence) lets someone holding the database pair the two, by time, by reference or by form."""
import uuid

import pytest
from django.db import models
from django.test import Client
from django.utils import timezone

from kith.assessments.models import Answer, Invitation, PrincipleEvidence, Response, new_token
from kith.core.models import Event

from .rounds_support import answer_all, open_round, principle_slugs, start

pytestmark = pytest.mark.django_db

ANSWERING_MODELS = (Response, Answer, PrincipleEvidence)
# Every stored field, so a new one has to be judged here before it lands.
STORED_FIELDS = {
    Invitation: {"id", "round", "email", "token_hash", "sent_on", "used"},
    Response: {"id", "uuid", "round", "sector", "resume_token_hash", "started_at", "submitted_at"},
    Answer: {"id", "response", "statement", "value"},
    PrincipleEvidence: {"id", "response", "principle", "text"},
}
FINER_THAN_A_DAY = (models.DateTimeField, models.TimeField, models.DurationField)


@pytest.mark.parametrize("model", list(STORED_FIELDS), ids=lambda m: m.__name__)
def test_no_stored_field_holds_a_time_or_a_link_to_the_other_side(model):
    fields = model._meta.concrete_fields
    assert {f.name for f in fields} == STORED_FIELDS[model]
    other_side = set(ANSWERING_MODELS) if model is Invitation else {Invitation}
    for field in fields:
        assert not isinstance(field, FINER_THAN_A_DAY), f"{model.__name__}.{field.name} keeps a time of day"
        if field.is_relation:
            assert field.related_model not in other_side, f"{model.__name__}.{field.name} points across"
            assert field.related_model._meta.label != "accounts.User", f"{model.__name__}.{field.name} names a user"
    for relation in model._meta.related_objects:
        assert relation.related_model not in other_side, f"{relation.related_model.__name__} points at {model}"


def _invited(round_, email: str) -> str:
    token, hashed = new_token()
    Invitation.objects.create(round=round_, email=email, token_hash=hashed, sent_on=timezone.localdate())
    return token


def _evidence(client, round_, token) -> None:
    slug = principle_slugs(round_)[0]
    statements = round_.asked_statements().filter(element__principle__slug=slug)
    client.post(f"/relationship/respond/{token}/principles/{slug}/",
                {**{f"s{s.pk}": "4" for s in statements}, "evidence": "Forum minutes are published"})


def _submit(client, round_, token: str) -> None:
    answer_all(client, round_, token)
    _evidence(client, round_, token)
    assert client.post(f"/relationship/respond/{token}/check/").status_code == 302


def test_stored_rows_after_answering_hold_only_days_and_nothing_shared_with_the_invitation(client):
    round_ = open_round()
    token = _invited(round_, "kept-apart@example.org")
    events_before = Event.objects.count()
    start(client, round_, "council", token=token)
    _submit(client, round_, token)
    # Answering writes no audit event: its time and actor would pair the respondent with the response.
    assert Event.objects.count() == events_before
    invitation = Invitation.objects.values().get()
    response = Response.objects.values().get()
    rows = [invitation, response, *Answer.objects.values(), *PrincipleEvidence.objects.values()]
    for row in rows:
        for name, value in row.items():
            assert not hasattr(value, "hour"), f"{name} holds a time: {value!r}"
    assert invitation["used"] is True
    # The day is shared by everyone who answered that day; no hash, token or other value is shared at all.
    shared = {name: value for name, value in response.items()
              if name not in ("id", "round_id", "started_at", "submitted_at") and value in invitation.values()}
    assert shared == {}
    assert not Response.objects.by_resume_token(token).exists()


def _stored(response: Response) -> tuple[dict, list, list]:
    row = Response.objects.values().get(pk=response.pk)
    assert uuid.UUID(str(row.pop("uuid"))).version == 4
    hashed = row.pop("resume_token_hash")
    assert len(hashed) == 64 and int(hashed, 16) >= 0
    row.pop("id")
    answers = sorted(response.answers.values_list("statement_id", "value"))
    evidence = sorted(response.evidence.values_list("principle_id", "text"))
    return row, answers, evidence


def test_a_response_from_an_invitation_is_stored_exactly_like_one_from_the_shareable_link():
    round_ = open_round()
    invited_browser, shared_browser = Client(), Client()
    token = _invited(round_, "via-invitation@example.org")
    start(invited_browser, round_, "vcfse", token=token)
    _submit(invited_browser, round_, token)
    shared_token = start(shared_browser, round_, "vcfse")
    _submit(shared_browser, round_, shared_token)
    through_invitation, through_link = Response.objects.order_by("id")
    assert _stored(through_invitation) == _stored(through_link)
    assert through_invitation.submitted_at == timezone.localdate()
