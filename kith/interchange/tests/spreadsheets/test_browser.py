"""The pages in a real browser, checked with axe, and an LIO's journey from template to directory."""

import csv
import io

import pytest
from playwright.sync_api import expect

from kith.directory import taxonomy
from kith.directory.models import Service
from kith.testing.fixtures import assert_accessible, sign_in_browser

from .conftest import good_row, upload

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_imports_upload_report_and_exports_pages_are_accessible(page, people, tmp_path):
    taxonomy.load()
    sign_in_browser(page, people["lio_staff"])
    page.locator(".govuk-service-navigation").get_by_role("link", name="Imports and exports").click()
    page.wait_for_url("**/imports/")
    assert_accessible(page)
    page.get_by_role("link", name="Upload a spreadsheet").click()
    expect(page.get_by_role("button", name="Check the file")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Check the file").click()
    page.wait_for_selector(".govuk-error-summary")
    assert "Select a CSV or Excel file" in page.locator(".govuk-error-summary").inner_text()
    assert page.title().startswith("Error: ")
    assert_accessible(page)
    path = tmp_path / "wrong.txt"
    path.write_text("hello")
    page.get_by_label("Upload a file").set_input_files(str(path))
    page.get_by_role("button", name="Check the file").click()
    page.wait_for_selector(".govuk-error-summary")
    assert "must be a CSV or an Excel workbook" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)
    path = tmp_path / "rows.xlsx"
    path.write_bytes(upload([good_row(), good_row(service_name="Bad", oldest_age="200")], "xlsx").read())
    page.get_by_label("Upload a file").set_input_files(str(path))
    page.get_by_role("button", name="Check the file").click()
    page.wait_for_selector("#problems")
    assert_accessible(page)
    page.goto("/exports/")
    assert_accessible(page)


def test_lio_staff_onboard_from_the_template_leaving_out_a_bad_row(page, people, tmp_path):
    taxonomy.load()
    sign_in_browser(page, people["lio_staff"])
    page.goto("/imports/spreadsheets/")
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV template").click()
    template = tmp_path / "template.csv"
    download.value.save_as(template)
    with template.open(encoding="utf-8-sig", newline="") as file:
        headers = next(csv.reader(file))
    rows = [good_row(), good_row(service_name="Baby massage", opening_times="Friday 10:00-11:00"),
            good_row(service_name="Dads' group", organisation_email="dads@")]
    filled = tmp_path / "filled.csv"
    with filled.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(headers)
        for row in rows:
            writer.writerow([row[h] for h in headers])
    page.get_by_label("Upload a file").set_input_files(str(filled))
    page.get_by_role("button", name="Check the file").click()
    page.wait_for_selector("#problems")
    problems = page.locator("table.kith-report tbody tr")
    assert problems.count() == 1
    assert problems.first.inner_text().split("\t")[:2] == ["4", "Organisation email"]
    assert "Row 2 gives “hello@hendonyoungfamilies.example.org”" in problems.first.inner_text()
    assert Service.objects.count() == 0
    page.get_by_role("button", name="Import only the valid rows").click()
    page.wait_for_selector(".govuk-error-summary")
    assert Service.objects.count() == 0
    page.get_by_label("Import only the 2 valid rows").check()
    page.get_by_role("button", name="Import only the valid rows").click()
    page.wait_for_selector("h1:has-text('Imported')")
    assert "Finished" in page.locator("[data-job-status]").inner_text()
    assert_accessible(page)
    page.get_by_role("link", name="Baby massage").click()
    expect(page.locator("main")).to_contain_text("Not yet verified")
    page.goto("/verification/")
    queue = page.locator("main").inner_text()
    assert "Baby massage" in queue and "Stay and play" in queue and "Dads' group" not in queue
    assert sorted(Service.objects.values_list("name", flat=True)) == ["Baby massage", "Stay and play"]


def test_an_export_downloads_from_the_exports_page(page, people, tmp_path):
    taxonomy.load()
    sign_in_browser(page, people["lio_staff"])
    page.goto("/exports/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download as CSV (UTF-8)").click()
    path = tmp_path / "export.csv"
    download.value.save_as(path)
    assert next(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))[0] == "Organisation name"
