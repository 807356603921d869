"""The PDF report is made once per round and kept until something it shows changes: answers and responses,
actions, publication, the round's details or the framework's wording. Rendering is counted with a spy that
still calls WeasyPrint, so every PDF served is a real one."""

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from kith.assessments.actions import report as report_module
from kith.assessments.models import Action, Answer, Response, Round, Statement, new_token

from .actions_support import answered_round_with_plan, make_action, make_round, respond

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def renders(monkeypatch):
    cache.clear()
    made = []
    real = report_module.render_pdf

    def counting(html: str) -> bytes:
        made.append(html)
        return real(html)

    monkeypatch.setattr(report_module, "render_pdf", counting)
    yield made
    cache.clear()


@pytest.fixture
def round_with_answers():
    return answered_round_with_plan()


def _pdf(client, round) -> bytes:
    response = client.get(reverse("assessments:report_pdf", args=[round.uuid]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    return response.content


def test_a_second_request_is_served_the_kept_pdf(client, people, round_with_answers, renders):
    client.force_login(people["council_officer"])
    first = _pdf(client, round_with_answers)
    second = _pdf(client, round_with_answers)
    assert len(renders) == 1
    assert second == first


def test_the_public_pdf_shares_the_kept_copy(client, people, round_with_answers, renders):
    round_with_answers.results_published_at = timezone.now()
    round_with_answers.save()
    client.force_login(people["lio_staff"])
    private = _pdf(client, round_with_answers)
    client.logout()
    public = client.get(reverse("assessments:published_pdf", args=[round_with_answers.uuid]))
    assert public.content == private
    assert len(renders) == 1


def _submit_a_started_response(round):
    response = Response.objects.create(round=round, sector="vcfse", resume_token_hash=new_token()[1])
    Answer.objects.bulk_create(Answer(response=response, statement=s, value=1) for s in round.asked_statements())
    return lambda: Response.objects.filter(pk=response.pk).update(submitted_at=timezone.now())


def _new_response(round):
    return lambda: respond(round, "council", 1, 1)


def _answer_changed(round):
    # A queryset update sends no signal: the kept PDF must still be found out of date.
    return lambda: Answer.objects.filter(response__round=round, response__sector="council").update(value=1)


def _action_added(round):
    return lambda: make_action(round, title="Pay representatives for their time")


def _action_status_changed(round):
    return lambda: Action.objects.filter(round=round).update(status=Action.Status.DONE)


def _action_due_date_changed(round):
    return lambda: Action.objects.filter(round=round).update(due_on=datetime.date(2031, 3, 14))


def _action_deleted(round):
    return lambda: Action.objects.filter(round=round).delete()


def _published(round):
    return lambda: Round.objects.filter(pk=round.pk).update(results_published_at=timezone.now())


def _renamed(round):
    return lambda: Round.objects.filter(pk=round.pk).update(name="Winter round, renamed")


def _dates_changed(round):
    return lambda: Round.objects.filter(pk=round.pk).update(closes_on=round.closes_on + datetime.timedelta(days=3))


def _threshold_changed(round):
    return lambda: Round.objects.filter(pk=round.pk).update(anonymity_threshold=7)


def _statement_reworded(round):
    statement = round.asked_statements().first()
    return lambda: Statement.objects.filter(pk=statement.pk).update(text="A forum with VCS seats meets quarterly")


@pytest.mark.parametrize("change", [
    _submit_a_started_response, _new_response, _answer_changed, _action_added, _action_status_changed,
    _action_due_date_changed, _action_deleted, _published, _renamed, _dates_changed, _threshold_changed,
    _statement_reworded,
], ids=lambda change: change.__name__.strip("_"))
def test_a_change_the_report_shows_makes_a_new_pdf(client, people, round_with_answers, renders, change):
    client.force_login(people["council_officer"])
    apply = change(round_with_answers)
    first = _pdf(client, round_with_answers)
    apply()
    second = _pdf(client, round_with_answers)
    assert len(renders) == 2
    assert renders[0] != renders[1] and second != first
    _pdf(client, round_with_answers)
    assert len(renders) == 2  # and the new one is kept in turn


def test_unpublishing_makes_a_new_pdf(client, people, round_with_answers, renders):
    Round.objects.filter(pk=round_with_answers.pk).update(results_published_at=timezone.now())
    client.force_login(people["council_officer"])
    _pdf(client, round_with_answers)
    client.post(reverse("assessments:unpublish", args=[round_with_answers.uuid]))
    _pdf(client, round_with_answers)
    assert len(renders) == 2


def test_an_unsent_response_changes_nothing_shown_so_the_pdf_is_kept(client, people, round_with_answers, renders):
    client.force_login(people["council_officer"])
    _pdf(client, round_with_answers)
    _submit_a_started_response(round_with_answers)  # started, answered, not sent
    _pdf(client, round_with_answers)
    assert len(renders) == 1


def test_each_round_keeps_its_own_pdf(client, people, round_with_answers, renders):
    other = make_round(name="Another round")
    client.force_login(people["council_officer"])
    _pdf(client, round_with_answers)
    _pdf(client, other)
    _pdf(client, round_with_answers)
    _pdf(client, other)
    assert len(renders) == 2
