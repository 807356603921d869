"""The feed pages in a browser, checked with axe: the list, the form with its errors, and a report."""

import pytest
from playwright.sync_api import expect

from kith.testing.fixtures import assert_accessible, sign_in_browser

from .conftest import MESSY_FEED

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_import_a_file_and_read_its_report(page, people, needs):
    sign_in_browser(page, people["lio_staff"])
    page.goto("/imports/feeds/")
    assert_accessible(page)
    page.get_by_role("link", name="Import a feed").click()
    page.get_by_role("button", name="Start the import").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Name for this feed").fill("Council feed")
    page.get_by_label("Or a JSON file").set_input_files(str(MESSY_FEED))
    page.get_by_role("button", name="Start the import").click()
    page.wait_for_url("**/imports/feeds/runs/**")
    expect(page.get_by_role("heading", name="Rejected records (8)")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Council feed").first.click()
    expect(page.get_by_role("heading", name="Council feed")).to_be_visible()
    assert_accessible(page)
    page.goto("/imports/feeds/")
    expect(page.get_by_role("link", name="Council feed")).to_be_visible()
    assert_accessible(page)
