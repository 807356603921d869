"""The needs map in headless Chromium: WCAG 2.2 AA on the map and a profile, and the map's areas reached by keyboard."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from kith.testing.fixtures import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo():
    call_command("load_demo_areas", verbosity=0)
    call_command("load_demo_indicators", verbosity=0)


def test_the_map_is_accessible_and_tab_reaches_an_area_whose_profile_opens_with_enter(page, demo):
    assert page.goto("/needs/?indicator=iod2025-income").status == 200
    expect(page.get_by_role("heading", name="Income deprivation (IoD 2025)")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Show map").focus()
    page.keyboard.press("Tab")
    # First the link that lets keyboard users skip every area, then the map's first area.
    assert page.evaluate("() => document.activeElement.getAttribute('href')") == "#figures-heading"
    page.keyboard.press("Tab")
    focused = page.evaluate("() => [document.activeElement.closest('svg') !== null, document.activeElement.getAttribute('href'),"
                            " document.activeElement.getAttribute('aria-label')]")
    in_map, href, label = focused
    assert in_map and href.startswith("/needs/areas/E01")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{href}")
    area_name = label.split(" (")[0]
    expect(page.get_by_role("heading", level=1, name=area_name)).to_be_visible()
    expect(page.get_by_role("link", name="Income deprivation (IoD 2025)")).to_be_visible()
    assert_accessible(page)


def test_an_unknown_indicator_page_is_accessible(page, demo):
    page.goto("/needs/?indicator=nothing")
    expect(page.get_by_text("Choose an indicator from the list").first).to_be_visible()
    assert_accessible(page)
