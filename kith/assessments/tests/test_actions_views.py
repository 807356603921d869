"""The action plan: adding and changing actions, who may, what is refused, overdue in words, the audit trail."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from kith.assessments.models import Action, Principle
from kith.core.models import Event
from kith.testing import factories

from .actions_support import due_fields, make_action, make_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def lead_member(db):
    council = factories.OrganisationFactory(organisation_type="council")
    return factories.MembershipFactory(organisation=council, role="lead_member").user


def _form(**fields) -> dict:
    due = timezone.localdate() + datetime.timedelta(days=90)
    return {"title": "Publish the forum’s decisions within a week", "principle": Principle.objects.first().pk,
            "description": "", "owner_name": "Head of Communities", "owner_sector": "joint",
            "status": "not_started"} | due_fields(due.day, due.month, due.year) | fields


def test_a_council_officer_adds_an_action_and_it_is_audited(client, people):
    round = make_round()
    client.force_login(people["council_officer"])
    response = client.post(reverse("assessments:actions", args=[round.uuid]), _form())
    assert response.status_code == 302
    action = Action.objects.get(round=round)
    assert action.owner_sector == "joint"
    event = Event.objects.get(verb="action_added")
    assert event.object_id == str(action.pk) and event.after["title"] == action.title


@pytest.mark.parametrize("fields, message", [
    ({"title": ""}, "Enter the action"),
    ({"title": "   "}, "Enter the action"),
    ({"title": "x" * 201}, "200 characters or fewer"),
    ({"owner_name": ""}, "Enter who owns the action"),
    ({"description": "d" * 2001}, "The details must be 2,000 characters or fewer"),
    ({"owner_sector": "mayor"}, "Select the owner’s sector"),
    ({"principle": "abc"}, "Select a principle from the list"),
    ({"principle": "999999"}, "Select a principle from the list"),
    ({"status": "finished"}, "Select the status"),
    (due_fields("", "", ""), "Enter the due date"),
    (due_fields(1, 1, 1900), "Due date must be on or after"),
    (due_fields(31, 12, 2999), "Due date must be on or before"),
    ({"title": "Nul\x00byte"}, "Null characters are not allowed"),
])
def test_bad_input_gets_the_error_summary_and_writes_nothing(client, people, fields, message):
    round = make_round()
    client.force_login(people["lio_staff"])
    response = client.post(reverse("assessments:actions", args=[round.uuid]), _form(**fields))
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page and message in page
    assert not Action.objects.exists() and not Event.objects.filter(verb="action_added").exists()


def test_hostile_text_is_kept_as_text_and_shown_inert(client, people):
    round = make_round()
    client.force_login(people["council_officer"])
    hostile = '<script>alert("x")</script>\'; DROP TABLE assessments_action; --'
    client.post(reverse("assessments:actions", args=[round.uuid]), _form(title=hostile, owner_name=hostile,
                                                                            description=hostile))
    assert Action.objects.get().description == hostile
    page = client.get(reverse("assessments:actions", args=[round.uuid])).content.decode()
    assert "<script>alert" not in page and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page


def test_changing_only_the_status_is_audited_as_a_status_change(client, people):
    round = make_round()
    action = make_action(round)
    client.force_login(people["council_officer"])
    url = reverse("assessments:action_edit", args=[round.uuid, action.pk])
    data = _form(title=action.title, owner_name=action.owner_name, owner_sector=action.owner_sector,
                 principle=action.principle.pk, status="in_progress",
                 **due_fields(action.due_on.day, action.due_on.month, action.due_on.year))
    assert client.post(url, data).status_code == 302
    event = Event.objects.get(verb="action_status_changed")
    assert event.before == {"status": "not_started"} and event.after == {"status": "in_progress"}
    client.post(url, data)  # the same again changes nothing, so records nothing
    assert Event.objects.filter(object_id=str(action.pk)).count() == 1


def test_an_action_of_another_round_is_not_found(client, people):
    action = make_action(make_round(name="One"))
    other = make_round(name="Two")
    client.force_login(people["council_officer"])
    assert client.get(reverse("assessments:action_edit", args=[other.uuid, action.pk])).status_code == 404


def test_lead_members_read_the_plan_but_may_not_change_it(client, lead_member):
    round = make_round()
    make_action(round, title="Quarterly forum with VCS seats")
    client.force_login(lead_member)
    page = client.get(reverse("assessments:actions", args=[round.uuid]))
    assert page.status_code == 200 and "Quarterly forum with VCS seats" in page.content.decode()
    assert "Add an action" not in page.content.decode()
    assert client.get(reverse("assessments:report", args=[round.uuid])).status_code == 200
    assert client.post(reverse("assessments:actions", args=[round.uuid]), _form()).status_code == 403
    action = Action.objects.get()
    assert client.get(reverse("assessments:action_edit", args=[round.uuid, action.pk])).status_code == 403
    assert client.post(reverse("assessments:publish", args=[round.uuid])).status_code == 403
    assert Action.objects.count() == 1 and not Event.objects.exists()


def test_an_open_action_past_its_date_is_marked_overdue_in_words(client, people):
    round = make_round()
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    make_action(round, title="Late and open", due_on=yesterday)
    make_action(round, title="Late but done", due_on=yesterday, status="done")
    client.force_login(people["council_officer"])
    page = client.get(reverse("assessments:actions", args=[round.uuid])).content.decode()
    rows = page.split('<tr class="govuk-table__row">')
    late_open = next(r for r in rows if "Late and open" in r)
    late_done = next(r for r in rows if "Late but done" in r)
    assert "Overdue" in late_open and "Overdue" not in late_done


def test_an_absurd_action_number_is_not_found_rather_than_an_error(client, people):
    round = make_round()
    client.force_login(people["council_officer"])
    url = reverse("assessments:action_edit", args=[round.uuid, 1]).replace("/1/", "/99999999999999999999999/")
    assert client.get(url).status_code == 404
