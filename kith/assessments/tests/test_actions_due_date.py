"""The due date is the GOV.UK date input: day, month and year boxes, GOV.UK's messages, only the faulty boxes
highlighted, and nothing typed ever a server error."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from kith.assessments.models import Action, Principle

from .actions_support import due_fields, make_action, make_round

pytestmark = pytest.mark.django_db

BOX = re.compile(r'<input class="([^"]*)" id="id_due_on_(\d)" name="due_on_\d"[^>]*?(?: value="([^"]*)")?>')


def _post(client, round, **due) -> tuple[int, str]:
    data = {"title": "Hold the forum in community venues", "principle": Principle.objects.first().pk,
            "description": "", "owner_name": "Head of Communities", "owner_sector": "joint",
            "status": "not_started"} | due
    response = client.post(reverse("assessments:actions", args=[round.uuid]), data)
    return response.status_code, response.content.decode()


def _boxes(page: str) -> dict[int, tuple[bool, str]]:
    """Box index → (highlighted, value shown)."""
    return {int(i): ("govuk-input--error" in css, value) for css, i, value in BOX.findall(page)}


@pytest.mark.parametrize("day, month, year, message, highlighted", [
    ("", 3, 2027, "Due date must include a day", {0}),
    (31, "", 2027, "Due date must include a month", {1}),
    (31, 3, "", "Due date must include a year", {2}),
    ("", "", 2027, "Due date must include a day and month", {0, 1}),
    (31, "", "", "Due date must include a month and year", {1, 2}),
    ("9" * 40, 3, 2027, "Due date must be a real date", {0}),
    ("ab", 3, 2027, "Due date must be a real date", {0}),
    ("-1", 3, 2027, "Due date must be a real date", {0}),
    ("\u0663", 3, 2027, "Due date must be a real date", {0}),  # an Arabic-Indic three is not a day we read
    (31, 2, 2027, "Due date must be a real date", {0}),
    (0, 3, 2027, "Due date must be a real date", {0}),
    (1, 13, 2027, "Due date must be a real date", {1}),
    (1, "March", 2027, "Due date must be a real date", {1}),
    (1, 3, "0000", "Due date must be a real date", {2}),
    (1, 3, 0, "Year must include 4 numbers", {2}),
    (1, 3, 27, "Year must include 4 numbers", {2}),
    (1, 3, "9" * 40, "Year must include 4 numbers", {2}),
    (1, 1, 1900, "Due date must be on or after", {0, 1, 2}),
    (31, 12, 2999, "Due date must be on or before", {0, 1, 2}),
])
def test_a_wrong_due_date_gets_govuk_messages_and_highlights_the_boxes_at_fault(client, people, day, month, year,
                                                                               message, highlighted):
    round = make_round()
    client.force_login(people["council_officer"])
    status, page = _post(client, round, **due_fields(day, month, year))
    assert status == 200
    assert "There is a problem" in page and page.count(message) == 2  # the summary and beside the boxes
    boxes = _boxes(page)
    assert {i for i, (bad, _) in boxes.items() if bad} == highlighted
    assert boxes[1][1] == str(month)  # what was typed comes back for correcting
    assert not Action.objects.exists()


def test_no_due_date_at_all_asks_for_one_and_highlights_every_box(client, people):
    round = make_round()
    client.force_login(people["council_officer"])
    for due in [due_fields("", "", ""), due_fields(" ", " ", " "), {}]:
        status, page = _post(client, round, **due)
        assert status == 200 and page.count("Enter the due date") == 2
        assert all(bad for bad, _ in _boxes(page).values()) and len(_boxes(page)) == 3
    assert not Action.objects.exists()


def test_a_null_character_in_a_box_is_refused_not_a_server_error(client, people):
    round = make_round()
    client.force_login(people["council_officer"])
    status, page = _post(client, round, **due_fields("1\x00", 3, 2027))
    assert status == 200 and "There is a problem" in page and not Action.objects.exists()


def test_the_boxes_sit_in_a_fieldset_with_legend_and_hint(client, people):
    round = make_round()
    client.force_login(people["council_officer"])
    page = client.get(reverse("assessments:actions", args=[round.uuid])).content.decode()
    group = re.search(r'<fieldset class="govuk-fieldset" role="group" aria-describedby="id_due_on_helptext">'
                      r'.*?</fieldset>', page, re.S).group(0)
    assert '<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Due date</legend>' in group
    assert "For example, 31 3 2027" in group
    assert [re.search(rf'for="id_due_on_{i}">(\w+)<', group).group(1) for i in range(3)] == ["Day", "Month", "Year"]
    assert sorted(_boxes(group)) == [0, 1, 2] and not any(bad for bad, _ in _boxes(group).values())


def test_spaces_and_leading_zeros_are_forgiven(client, people):
    round = make_round()
    due = timezone.localdate() + datetime.timedelta(days=90)
    client.force_login(people["council_officer"])
    status, _ = _post(client, round, **due_fields(f" {due.day:02d} ", f"{due.month:02d}", f" {due.year}"))
    assert status == 302 and Action.objects.get().due_on == due


def test_changing_an_action_shows_its_date_in_the_three_boxes(client, people):
    round = make_round()
    due = timezone.localdate() + datetime.timedelta(days=120)
    action = make_action(round, due_on=due)
    client.force_login(people["council_officer"])
    page = client.get(reverse("assessments:action_edit", args=[round.uuid, action.pk])).content.decode()
    assert {i: value for i, (_, value) in _boxes(page).items()} == {0: str(due.day), 1: str(due.month),
                                                                     2: str(due.year)}


def test_an_action_without_a_due_date_shows_empty_boxes_and_must_be_given_one(client, people):
    round = make_round()
    action = make_action(round, due_on=None)
    client.force_login(people["council_officer"])
    url = reverse("assessments:action_edit", args=[round.uuid, action.pk])
    page = client.get(url).content.decode()
    assert {i: value for i, (_, value) in _boxes(page).items()} == {0: "", 1: "", 2: ""}
    data = {"title": action.title, "principle": action.principle.pk, "description": "",
            "owner_name": action.owner_name, "owner_sector": action.owner_sector, "status": "done"}
    response = client.post(url, data | due_fields("", 4, ""))
    assert response.status_code == 200 and "Due date must include a day and year" in response.content.decode()
    action.refresh_from_db()
    assert action.status == "not_started" and action.due_on is None
