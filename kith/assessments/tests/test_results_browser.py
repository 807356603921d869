"""The results page in headless Chromium: the gap is visible, and axe-core finds no WCAG 2.2 A/AA violations."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from kith.assessments.models import Principle, PrincipleEvidence
from kith.testing.fixtures import assert_accessible, sign_in_browser

from .results_support import answered_round, respond

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_council_officer_sees_the_gap_on_an_accessible_results_page(page, live_server, people):
    # The threshold is lowered so that one council officer and two VCFSE members are shown apart.
    round = answered_round("Spring 2026", councils=1, vcfses=2, council=(5, 4, 4), vcfse=(2, 2, 3), threshold=1)
    lio = respond(round, "lio", [3, 3, 3])
    PrincipleEvidence.objects.create(response=lio, principle=Principle.objects.get(slug="p0"),
                                     text="The compact is quoted in every bid we write.")
    sign_in_browser(page, people["council_officer"])
    assert page.goto(reverse("assessments:results", args=[round.uuid])).status == 200
    expect(page.get_by_role("heading", name="The perception gap")).to_be_visible()
    expect(page.get_by_role("img", name="Council and VCFSE averages by principle")).to_be_visible()
    gap_table = page.locator("#gap-table")
    expect(gap_table.get_by_role("row", name="Shared foundations")).to_contain_text("+2.5")
    expect(page.get_by_text("Gap of 0.5 or more").first).to_be_visible()
    page.get_by_text("Shared foundations: 1 comment").click()
    expect(page.get_by_text("The compact is quoted in every bid we write.")).to_be_visible()
    assert_accessible(page)


def test_the_results_page_with_a_folded_sector_is_accessible(page, live_server, people):
    round = answered_round("Autumn 2026", councils=5, vcfses=3)
    sign_in_browser(page, people["lio_staff"])
    assert page.goto(reverse("assessments:results", args=[round.uuid])).status == 200
    expect(page.get_by_text("The gap is not shown")).to_be_visible()
    assert_accessible(page)
