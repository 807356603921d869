"""The action plan, the public page and the printable report in headless Chromium, checked with axe-core."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from kith.testing.fixtures import assert_accessible, sign_in_browser

from .actions_support import make_action, make_round, respond

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _answered_round(**kwargs):
    round = make_round(threshold=5, **kwargs)
    respond(round, "council", 5, 4)
    respond(round, "vcfse", 5, 2)
    respond(round, "vcfse", 1, None)
    return round


def _fill_due_date(page, day: str, month: str, year: str) -> None:
    due = page.get_by_role("group", name="Due date")
    due.get_by_label("Day").fill(day)
    due.get_by_label("Month").fill(month)
    due.get_by_label("Year").fill(year)


def test_adding_an_action_with_errors_then_publishing(page, live_server, people):
    round = _answered_round()
    sign_in_browser(page, people["council_officer"])
    page.goto(reverse("assessments:actions", args=[round.uuid]))
    _fill_due_date(page, "31", "2", "2027")
    page.get_by_role("button", name="Add the action").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_role("link", name="Enter the action")).to_be_visible()
    expect(page.get_by_role("link", name="Due date must be a real date")).to_be_visible()
    expect(page.get_by_role("group", name="Due date").get_by_label("Month")).to_have_value("2")
    assert_accessible(page)

    page.get_by_label("Action", exact=True).fill("Agree written priorities for the area")
    page.get_by_label("Principle it strengthens").select_option(index=1)
    page.get_by_label("Owner", exact=True).fill("Chief Executive, Voluntary Action")
    page.get_by_label("VCFSE sector").check()
    _fill_due_date(page, "31", "3", "2027")
    page.get_by_label("In progress").check()
    page.get_by_role("button", name="Add the action").click()
    expect(page.get_by_role("cell", name="Agree written priorities for the area")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Publish the results and plan").click()
    expect(page.get_by_role("button", name="Publish")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_role("heading", name="Action plan")).to_be_visible()
    page.context.clear_cookies()
    page.goto(reverse("assessments:published", args=[round.uuid]))
    expect(page.get_by_role("img", name="Council and VCFSE averages by principle")).to_be_visible()
    assert_accessible(page)


def test_the_printable_report_is_accessible(page, live_server, people):
    round = _answered_round()
    make_action(round, title="Open the forum’s minutes", due_on=round.opens_on)
    sign_in_browser(page, people["lio_staff"])
    assert page.goto(reverse("assessments:report", args=[round.uuid])).status == 200
    expect(page.get_by_text("Overdue")).to_be_visible()
    assert_accessible(page)
    page.emulate_media(media="print")
    expect(page.locator(".govuk-service-navigation")).to_be_hidden()
    expect(page.get_by_role("heading", name="Method")).to_be_visible()
