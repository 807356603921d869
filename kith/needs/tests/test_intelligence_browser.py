"""Local intelligence pages in headless Chromium: WCAG 2.2 AA on the form (with errors), the list, a need and the
aggregated page, and a member recording a need by postcode."""

import pytest
from playwright.sync_api import expect

from kith.directory import taxonomy
from kith.directory.models import TaxonomyTerm, UnmetSearch
from kith.needs.models import RecordedNeed
from kith.testing.fixtures import assert_accessible, sign_in_browser

from .intelligence_places import make_place

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def place():
    taxonomy.load()
    return make_place()


def test_a_member_records_a_need_by_postcode_after_fixing_errors(page, people, org_a, place):
    sign_in_browser(page, people["member_a"])
    page.goto("/needs/recorded/new/")
    page.get_by_role("button", name="Record the need").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_role("link", name="Describe the need")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Which organisation saw this need?").select_option(label=org_a.name)
    page.get_by_label("What kind of need is it?").select_option(label="Debt advice")
    page.get_by_label("Or a postcode in Sunderland").fill("sr1 1aa")
    page.get_by_label("Describe the need").fill("Families behind on rent with no debt advice nearby.")
    page.get_by_label("How many people have this need?").fill("9")
    page.get_by_role("button", name="Record the need").click()
    expect(page.get_by_text("Need recorded.")).to_be_visible()
    expect(page.get_by_role("heading", level=1, name="Debt advice in Sunderland 001A")).to_be_visible()
    assert_accessible(page)
    assert RecordedNeed.objects.get().area.code == place["lsoa_1"].code


def test_the_list_a_need_with_its_review_form_and_the_aggregated_page_are_accessible(page, people, org_a, place):
    term = TaxonomyTerm.objects.get(code="food-banks")
    for area in ("lsoa_1", "lsoa_3", "ward_2"):
        RecordedNeed.objects.create(theme=term, area=place[area], source_organisation=org_a, status="accepted",
                                    description="Weekend food parcels", people_count=5)
    need = RecordedNeed.objects.create(theme=term, area=place["lsoa_2"], source_organisation=org_a,
                                       description="Weekend food parcels")
    UnmetSearch.objects.create(words="", term_codes=["food-banks"], district="SR2")
    sign_in_browser(page, people["lio_staff"])
    page.goto("/needs/recorded/")
    expect(page.get_by_role("heading", name="4 recorded needs")).to_be_visible()
    assert_accessible(page)
    page.goto(f"/needs/recorded/{need.pk}/")
    page.get_by_role("button", name="Save review").click()
    expect(page.get_by_role("link", name="Choose accept or not used")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Accept: count it in local intelligence").check()
    page.get_by_role("button", name="Save review").click()
    expect(page.get_by_text("Review saved: accepted.")).to_be_visible()
    page.goto("/needs/local-intelligence/")
    expect(page.get_by_role("table", name="The whole of Sunderland")).to_be_visible()
    assert_accessible(page)
