"""axe-core finds no WCAG 2.2 A/AA violations on the questionnaire's start page, a principle page with errors,
check your answers, the closed page and the page for opening a round (with errors)."""
import datetime

import pytest
from playwright.sync_api import expect
from django.utils import timezone

from kith.testing.fixtures import assert_accessible, sign_in_browser

from .rounds_support import open_round

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_questionnaire_pages_are_accessible(page):
    round_ = open_round()
    page.goto(f"/relationship/answer/{round_.share_token}/")
    assert_accessible(page)
    page.get_by_role("button", name="Start now").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Council", exact=True).check()
    page.get_by_role("button", name="Start now").click()
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
    page.goto(page.url.split("/principles/")[0] + "/check/")
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_text("Answer every statement before you submit")).to_be_visible()
    assert_accessible(page)
    round_.closes_on = timezone.localdate() - datetime.timedelta(days=1)
    round_.save()
    page.goto(f"/relationship/answer/{round_.share_token}/")
    expect(page.get_by_role("heading", name="This round is closed")).to_be_visible()
    assert_accessible(page)


def test_opening_a_round_is_accessible_with_errors(page, people):
    sign_in_browser(page, people["council_officer"])
    page.goto("/relationship/rounds/new/")
    assert_accessible(page)
    page.get_by_role("button", name="Open the round").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
