"""The gaps journey in headless Chromium: from the needs map to the top cold-spot for debt advice and the
services that could meet it there, with axe-core on the gaps page and the profile."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from kith.directory import taxonomy
from kith.directory.models import TaxonomyTerm
from kith.testing.fixtures import assert_accessible

from .gaps_helpers import service

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo():
    call_command("load_demo_areas", verbosity=0)
    call_command("load_demo_indicators", verbosity=0)
    taxonomy.load()
    debt = TaxonomyTerm.objects.get(code="debt-advice")
    # Two debt services in the city centre and Washington, the only ones; the coast's north is far from both.
    service(debt, (54.9046, -1.3822), name="City centre debt clinic", extents=("E08000024",))
    service(debt, (54.9000, -1.5200), name="Washington money advice", accepting_referrals=False)


def test_from_the_map_to_the_top_cold_spot_for_debt_advice_and_who_could_meet_it(page, demo):
    page.goto("/needs/")
    page.get_by_label("Indicator").select_option(label="Income deprivation (IoD 2025)")
    page.get_by_role("button", name="Show map").click()
    expect(page.get_by_role("heading", name="Income deprivation (IoD 2025)")).to_be_visible()
    page.get_by_role("link", name="coverage and gaps").click()

    page.get_by_label("Need", exact=True).select_option(label="Debt advice")
    page.get_by_role("button", name="Show gaps").click()
    expect(page.get_by_role("heading", name="Cold-spots: the 10 biggest gaps")).to_be_visible()
    assert page.locator(".kith-map-points circle").count() == 2
    assert_accessible(page)

    top = page.locator("ol[aria-labelledby='cold-spots-heading'] li a").first
    name = top.inner_text()
    top.click()
    expect(page.get_by_role("heading", level=1, name=name)).to_be_visible()
    expect(page.get_by_role("heading", name=f"Debt advice: services serving {name} or within 2 miles")).to_be_visible()
    # The city-wide service serves every neighbourhood of Sunderland, so it is listed, taking referrals.
    row = page.get_by_role("row", name="City centre debt clinic")
    expect(row).to_contain_text("Taking referrals")
    expect(row).to_contain_text("Serves Sunderland")
    expect(page.get_by_text("Gap score (0 to 100, higher is a bigger gap)")).to_be_visible()
    assert_accessible(page)


def test_the_profile_says_when_no_service_meets_a_need(page, demo):
    page.goto("/needs/areas/E01008736/?need=youth-clubs")
    expect(page.get_by_text("No service in the directory meets youth clubs and activities in this area.")).to_be_visible()
    assert_accessible(page)
