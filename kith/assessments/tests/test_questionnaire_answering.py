"""Answering a round without an account: page by page, save and resume, check answers, one submission per
invitation or browser, closed rounds, and bad or hostile input refused without a 500."""
import datetime

import pytest
from django.test import Client
from django.utils import timezone

from kith.assessments.models import Answer, Invitation, PrincipleEvidence, Response, new_token
from kith.assessments.rounds.services import invitations_send

from .rounds_support import answer_all, open_round, page_answers, principle_slugs, start

pytestmark = pytest.mark.django_db


def _page(client, token, slug, data):
    return client.post(f"/relationship/respond/{token}/principles/{slug}/", data)


def test_a_respondent_answers_page_by_page_saves_resumes_and_submits(client):
    round_ = open_round()
    start_page = client.get(f"/relationship/answer/{round_.share_token}/").content.decode()
    assert "Your answers are anonymous" in start_page and 'type="radio"' in start_page
    token = start(client, round_, "council")
    slugs = principle_slugs(round_)
    assert slugs == ["shared-foundations", "relational-culture", "effective-structures", "capacity-and-resources"]
    page = client.get(f"/relationship/respond/{token}/principles/{slugs[0]}/").content.decode()
    for label in ("Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree",
                  "Don’t know"):
        assert label in page
    first = page_answers(round_, slugs[0], "5")
    first[next(iter(first))] = "dk"
    response = _page(client, token, slugs[0], {**first, "evidence": "The compact was signed in 2024."})
    assert response["Location"] == f"/relationship/respond/{token}/principles/{slugs[1]}/"
    # Half of the next page, then save and come back later.
    partial = dict(list(page_answers(round_, slugs[1], "2").items())[:2])
    response = _page(client, token, slugs[1], {**partial, "save": "1"})
    assert response["Location"] == f"/relationship/respond/{token}/saved/"
    saved = client.get(response["Location"]).content.decode()
    assert f"/relationship/respond/{token}/" in saved
    # In a new browser, the resume link carries on where they left off, with answers kept.
    later = Client()
    resume = later.get(f"/relationship/respond/{token}/").content.decode()
    assert f"/relationship/respond/{token}/principles/{slugs[1]}/" in resume
    again = later.get(f"/relationship/respond/{token}/principles/{slugs[1]}/").content.decode()
    assert again.count(" checked") == 2
    for slug in slugs[1:]:
        assert _page(later, token, slug, page_answers(round_, slug, "3")).status_code == 302
    check = later.get(f"/relationship/respond/{token}/check/").content.decode()
    assert "The compact was signed in 2024." in check and "Don’t know" in check and "Council" in check
    done = later.post(f"/relationship/respond/{token}/check/")
    assert done["Location"] == f"/relationship/rounds/{round_.uuid}/thank-you/"
    response_row = Response.objects.get()
    assert response_row.submitted_at is not None and response_row.sector == "council"
    assert response_row.answers.count() == round_.asked_statements().count()
    assert response_row.answers.filter(value__isnull=True).count() == 1
    assert PrincipleEvidence.objects.get().text == "The compact was signed in 2024."
    # Sent answers cannot be changed, and the link says so.
    refused = later.post(f"/relationship/respond/{token}/principles/{slugs[0]}/", page_answers(round_, slugs[0], "1"))
    assert refused.status_code == 409 and "already sent your answers" in refused.content.decode()
    assert not Answer.objects.filter(value=1).exists()


@pytest.mark.parametrize("bad", [None, "6", "0", "-1", "3.5", "<script>alert(1)</script>", "\x00"])
def test_a_missing_or_out_of_range_answer_is_refused_with_an_error_summary(client, bad):
    round_ = open_round()
    token = start(client, round_)
    slug = principle_slugs(round_)[0]
    data = page_answers(round_, slug)
    key = next(iter(data))
    if bad is None:
        del data[key]
    else:
        data[key] = bad
    response = _page(client, token, slug, data)
    page = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in page and f'href="#id_{key}_0"' in page
    assert "<script>alert" not in page
    assert not Answer.objects.exists()


def test_an_out_of_range_answer_is_refused_even_when_saving_for_later(client):
    round_ = open_round()
    token = start(client, round_)
    slug = principle_slugs(round_)[0]
    key = next(iter(page_answers(round_, slug)))
    response = _page(client, token, slug, {key: "9", "save": "1"})
    assert response.status_code == 200 and "Choose one of the answers" in response.content.decode()
    assert not Answer.objects.exists()


def test_submitting_with_unanswered_statements_is_refused(client):
    round_ = open_round()
    token = start(client, round_)
    slug = principle_slugs(round_)[0]
    _page(client, token, slug, page_answers(round_, slug))
    response = client.post(f"/relationship/respond/{token}/check/")
    page = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in page and "Answer every statement" in page
    assert Response.objects.get().submitted_at is None


def test_tampered_ids_of_other_rounds_statements_and_long_evidence_are_inert_or_refused(client):
    round_ = open_round(form="short")
    token = start(client, round_)
    slug = principle_slugs(round_)[0]
    not_asked = [s for s in round_.asked_statements().model.objects.exclude(rounds=round_)][:3]
    data = {**page_answers(round_, slug), **{f"s{s.pk}": "1" for s in not_asked}, "s999999": "1"}
    assert _page(client, token, slug, data).status_code == 302
    assert not Answer.objects.filter(statement__in=not_asked).exists()
    assert Answer.objects.count() == len(page_answers(round_, slug))
    too_long = _page(client, token, slug, {**page_answers(round_, slug), "evidence": "x" * 2001})
    assert too_long.status_code == 200 and "2000 characters or fewer" in too_long.content.decode()
    script = "<script>alert('x')</script>"
    _page(client, token, slug, {**page_answers(round_, slug), "evidence": script})
    check = client.get(f"/relationship/respond/{token}/check/").content.decode()
    assert script not in check and "&lt;script&gt;" in check


@pytest.mark.parametrize("path", ["/relationship/answer/{bad}/", "/relationship/respond/{bad}/",
                                  "/relationship/respond/{bad}/check/", "/relationship/respond/{bad}/saved/",
                                  "/relationship/respond/{bad}/principles/shared-foundations/"])
@pytest.mark.parametrize("bad", ["nonsense", "a" * 43, "%3Cscript%3E", "x" * 5000])
def test_unknown_or_hostile_tokens_are_not_found(client, path, bad):
    open_round()
    assert client.get(path.format(bad=bad)).status_code == 404
    assert client.post(path.format(bad=bad), {"sector": "vcfse"}).status_code == 404
    assert not Response.objects.exists()


def test_a_principle_not_in_the_round_is_not_found(client):
    round_ = open_round()
    token = start(client, round_)
    assert client.get(f"/relationship/respond/{token}/principles/no-such-principle/").status_code == 404


@pytest.mark.parametrize("sector", ["", "mayor", "<b>council</b>"])
def test_a_missing_or_unknown_sector_is_refused(client, sector):
    round_ = open_round()
    response = client.post(f"/relationship/answer/{round_.share_token}/", {"sector": sector})
    assert response.status_code == 200 and "govuk-error-summary" in response.content.decode()
    assert not Response.objects.exists()


@pytest.mark.parametrize("opens, closes, words", [(1, 10, "opens for answers on"), (-10, -1, "closed at the end of")])
def test_a_closed_round_shows_a_clear_page_and_refuses_answers(client, opens, closes, words):
    round_ = open_round()
    token = start(client, round_)
    slug = principle_slugs(round_)[0]
    today = timezone.localdate()
    round_.opens_on, round_.closes_on = today + datetime.timedelta(days=opens), today + datetime.timedelta(days=closes)
    round_.save()
    for response in (client.get(f"/relationship/answer/{round_.share_token}/"),
                     client.post(f"/relationship/answer/{round_.share_token}/", {"sector": "lio"}),
                     _page(client, token, slug, page_answers(round_, slug)),
                     client.post(f"/relationship/respond/{token}/check/")):
        page = response.content.decode()
        assert response.status_code == 403 and "This round is closed" in page and words in page
    assert Response.objects.count() == 1 and not Answer.objects.exists()


def test_an_invitation_submits_once_and_its_link_resumes(client, people):
    round_ = open_round()
    invitations_send(round_=round_, emails=["vcs@example.org"], by=people["council_officer"])
    token, token_hash = new_token()
    Invitation.objects.filter(email="vcs@example.org").update(token_hash=token_hash)
    assert start(client, round_, "vcfse", token=token) == token
    # The invitation's link, opened again in another browser, resumes rather than starting a second response.
    other = Client()
    assert other.get(f"/relationship/answer/{token}/")["Location"] == f"/relationship/respond/{token}/"
    answer_all(other, round_, token)
    assert other.post(f"/relationship/respond/{token}/check/").status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.used
    for again in (client.get(f"/relationship/answer/{token}/"),
                  client.post(f"/relationship/answer/{token}/", {"sector": "council"}),
                  client.post(f"/relationship/respond/{token}/check/")):
        assert again.status_code == 409 and "already sent your answers" in again.content.decode()
    assert Response.objects.count() == 1


def test_the_shareable_link_answers_once_per_browser(client):
    round_ = open_round()
    token = start(client, round_, "vcfse")
    # The same browser, opening the shareable link again, carries on with its own response.
    assert client.get(f"/relationship/answer/{round_.share_token}/")["Location"] == f"/relationship/respond/{token}/"
    answer_all(client, round_, token)
    client.post(f"/relationship/respond/{token}/check/")
    again = client.get(f"/relationship/answer/{round_.share_token}/")
    assert again.status_code == 409 and "already sent your answers" in again.content.decode()
    assert client.post(f"/relationship/answer/{round_.share_token}/", {"sector": "vcfse"}).status_code == 409
    # Another browser is another respondent.
    start(Client(), round_, "council")
    assert Response.objects.count() == 2


def test_responses_carry_nothing_that_identifies_the_respondent():
    fields = {f.name for f in Response._meta.get_fields()}
    assert fields == {"id", "uuid", "round", "sector", "resume_token_hash", "started_at", "submitted_at",
                      "answers", "evidence"}
    related = {f.related_model for f in Response._meta.get_fields() if f.is_relation}
    from kith.assessments.models import Answer as AnswerModel, PrincipleEvidence as Evidence, Round

    assert related == {Round, AnswerModel, Evidence}
    invitation_relations = {f.related_model for f in Invitation._meta.get_fields() if f.is_relation}
    assert Response not in invitation_relations
    for model in (AnswerModel, Evidence):
        assert not any(f.related_model and f.related_model._meta.label == "accounts.User"
                       for f in model._meta.get_fields() if f.is_relation)


def test_an_invitations_response_cannot_be_joined_to_it_through_the_database(client, people):
    round_ = open_round()
    token, token_hash = new_token()
    Invitation.objects.create(round=round_, email="someone@example.org", token_hash=token_hash)
    start(client, round_, "council", token=token)
    answer_all(client, round_, token)
    client.post(f"/relationship/respond/{token}/check/")
    response, invitation = Response.objects.get(), Invitation.objects.get()
    assert response.resume_token_hash != invitation.token_hash
    # Once submitted, even the invitation's token (kept in an inbox or a mail log) no longer finds the response.
    assert not Response.objects.by_resume_token(token).exists()
    assert invitation.used and response.submitted_at == timezone.localdate()
