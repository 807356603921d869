"""Administrators edit the framework between rounds in the admin; answered statements cannot be deleted, and a
round added there asks the framework's statements like any other."""
import datetime

import pytest
from django.utils import timezone

from kith.assessments.models import Round, Statement

from .rounds_support import answer_all, open_round, start

pytestmark = pytest.mark.django_db


def test_an_administrator_edits_a_statement_but_cannot_delete_an_answered_one(client, people):
    round_ = open_round()
    token = start(client.__class__(), round_)
    answer_all(client, round_, token)
    answered = Statement.objects.filter(answers__isnull=False).first()
    client.force_login(people["administrator"])
    page = client.get(f"/admin/assessments/statement/{answered.pk}/change/")
    assert page.status_code == 200
    assert client.get(f"/admin/assessments/statement/{answered.pk}/delete/").status_code == 403
    response = client.post(f"/admin/assessments/statement/{answered.pk}/change/", {
        "element": answered.element_id, "text": "Reworded for next year.", "order": 1, "active": "on"})
    assert response.status_code == 302
    answered.refresh_from_db()
    assert answered.text == "Reworded for next year." and answered.answers.exists()


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
