"""The upload and saved-view pages in headless Chromium: WCAG 2.2 AA empty, with errors and with a report,
and an officer's journey from an upload to its map, saving the view and finding it in the list."""

import pytest
from playwright.sync_api import expect

from kith.testing.fixtures import assert_accessible, sign_in_browser

from .test_indicators_official import make_area

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def officer(page, people):
    make_area("E01000001")
    make_area("E01000002")
    sign_in_browser(page, people["council_officer"])
    return people["council_officer"]


def upload(page, tmp_path, text: str, name: str = "Fuel poverty"):
    path = tmp_path / "fuel.csv"
    path.write_text(text)
    page.get_by_label("Name", exact=True).fill(name)
    page.get_by_label("Yes, higher means more need").check()
    page.get_by_label("LSOA (2021)").check()
    page.get_by_label("CSV file").set_input_files(str(path))
    page.get_by_role("button", name="Check and save").click()


def test_the_upload_page_is_accessible_empty_with_errors_and_with_a_report(page, officer, tmp_path):
    page.goto("/needs/indicators/upload/")
    expect(page.get_by_role("heading", name="Upload an indicator")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Check and save").click()
    expect(page.get_by_role("link", name="Enter the name of the indicator")).to_be_visible()
    assert_accessible(page)

    upload(page, tmp_path, "area_code,value\nE01000009,1\nE01000001,lots\n")
    expect(page.get_by_role("heading", name="fuel.csv was not saved")).to_be_visible()
    expect(page.get_by_role("cell", name="'lots' is not a number")).to_be_visible()
    assert_accessible(page)


def test_an_officer_uploads_an_indicator_saves_its_map_and_finds_it_in_the_list(page, officer, tmp_path):
    page.goto("/needs/indicators/upload/")
    upload(page, tmp_path, "area_code,value\nE01000001,12.5\nE01000002,3\n")
    expect(page.get_by_text("“Fuel poverty” is saved from fuel.csv: 2 areas")).to_be_visible()

    page.get_by_role("link", name="Save this view").click()
    expect(page.get_by_role("button", name="Save view")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Name").fill("Fuel poverty in Sunderland")
    page.get_by_label("Note").fill("For the June board")
    page.get_by_role("button", name="Save view").click()

    expect(page.get_by_role("link", name="Fuel poverty in Sunderland", exact=True)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Fuel poverty in Sunderland", exact=True).click()
    page.wait_for_url("**/needs/?indicator=upload-fuel-poverty")


def test_the_indicator_list_is_accessible(page, officer, tmp_path):
    page.goto("/needs/indicators/upload/")
    upload(page, tmp_path, "area_code,value\nE01000001,12.5\n")
    page.goto("/needs/indicators/")
    expect(page.get_by_role("link", name="Fuel poverty")).to_be_visible()
    assert_accessible(page)
