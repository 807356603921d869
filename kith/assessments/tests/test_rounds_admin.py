"""Administrators edit the framework between rounds in the admin; answered statements are retired, never deleted
or reworded (past results show the words people rated), and a round added there asks the framework's statements
like any other."""
import datetime

import pytest
from django.utils import timezone

from kith.assessments.models import Round, Statement

from .rounds_support import answer_all, open_round, start

pytestmark = pytest.mark.django_db


def _answered_statement(client) -> Statement:
    round_ = open_round()
    answer_all(client.__class__(), round_, start(client.__class__(), round_))
    return Statement.objects.filter(answers__isnull=False).first()


def test_an_administrator_retires_an_answered_statement_but_can_neither_delete_nor_reword_it(client, people):
    answered = _answered_statement(client)
    wording = answered.text
    client.force_login(people["administrator"])
    page = client.get(f"/admin/assessments/statement/{answered.pk}/change/")
    assert page.status_code == 200
    assert client.get(f"/admin/assessments/statement/{answered.pk}/delete/").status_code == 403
    url = f"/admin/assessments/statement/{answered.pk}/change/"
    response = client.post(url, {"element": answered.element_id, "text": "Reworded for next year.", "order": 1,
                                 "active": "on"})
    assert response.status_code == 200
    assert "People have already rated this wording, so it cannot change" in response.content.decode()
    answered.refresh_from_db()
    assert answered.text == wording
    response = client.post(url, {"element": answered.element_id, "text": wording, "order": 1})
    assert response.status_code == 302
    answered.refresh_from_db()
    assert not answered.active and answered.answers.exists()


def test_an_unanswered_statement_is_reworded(client, people):
    open_round()
    statement = Statement.objects.first()
    client.force_login(people["administrator"])
    response = client.post(f"/admin/assessments/statement/{statement.pk}/change/", {
        "element": statement.element_id, "text": "Reworded before anyone rated it.", "order": 1, "active": "on"})
    assert response.status_code == 302
    statement.refresh_from_db()
    assert statement.text == "Reworded before anyone rated it."


def test_an_answered_statement_is_not_reworded_from_its_elements_page_either(client, people):
    answered = _answered_statement(client)
    wording, element = answered.text, answered.element
    statements = list(element.statements.all())
    data = {"principle": element.principle_id, "name": element.name, "order": element.order,
            "statements-TOTAL_FORMS": len(statements), "statements-INITIAL_FORMS": len(statements),
            "statements-MIN_NUM_FORMS": 0, "statements-MAX_NUM_FORMS": 1000}
    for n, statement in enumerate(statements):
        data |= {f"statements-{n}-id": statement.pk, f"statements-{n}-element": element.pk,
                 f"statements-{n}-text": "Reworded in the inline." if statement == answered else statement.text,
                 f"statements-{n}-order": statement.order, f"statements-{n}-active": "on"}
    client.force_login(people["administrator"])
    response = client.post(f"/admin/assessments/element/{element.pk}/change/", data)
    assert response.status_code == 200
    assert "People have already rated this wording" in response.content.decode()
    answered.refresh_from_db()
    assert answered.text == wording


def test_a_round_added_in_the_admin_asks_the_framework(client, people):
    open_round()
    client.force_login(people["administrator"])
    today = timezone.localdate()
    response = client.post("/admin/assessments/round/add/", {
        "name": "Admin round", "form": "short", "opens_on": today.isoformat(),
        "closes_on": (today + datetime.timedelta(days=5)).isoformat(), "anonymity_threshold": 5})
    assert response.status_code == 302, response.content[:2000]
    round_ = Round.objects.get(name="Admin round")
    assert round_.asked_statements().count() == Statement.objects.filter(in_short_form=True).count()
    assert client.get(f"/relationship/answer/{round_.share_token}/").status_code == 200


def test_a_round_asking_nothing_shows_the_closed_page_rather_than_failing(client):
    round_ = open_round()
    round_.round_statements.all().delete()
    assert client.get(f"/relationship/answer/{round_.share_token}/").status_code == 403
