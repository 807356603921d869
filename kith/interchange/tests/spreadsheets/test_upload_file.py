"""Problems with the file as a whole: each gets its own message on the upload page, and nothing is written."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from kith.core.models import Job
from kith.interchange.spreadsheets import reading
from kith.interchange.spreadsheets.layout import HEADERS

from .conftest import csv_bytes, directory_counts, good_row, upload, xlsx_bytes

pytestmark = pytest.mark.django_db


def _post(client, file):
    before = directory_counts()
    response = client.post("/imports/spreadsheets/", {"file": file})
    assert response.status_code == 200
    assert directory_counts() == before
    assert not Job.objects.exists()
    return response.content.decode()


@pytest.mark.parametrize("name, data, message", [
    ("directory.csv", b"", "The selected file is empty"),
    ("directory.txt", b"hello", "The selected file must be a CSV or an Excel workbook (.xlsx)"),
    ("directory.xls", b"\xd0\xcf\x11\xe0", "The selected file is in the old Excel format (.xls)"),
    ("directory.csv", "Organisation name\nCafé".encode("cp1252"), "The selected file is not saved as UTF-8"),
    ("directory.csv", b"PK\x03\x04rest", "The selected file is an Excel workbook with a name ending .csv"),
    ("directory.csv", b"Organisation name\x00,x\n", "The selected file is not a CSV file"),
    ("directory.xlsx", b"this is not a zip", "The selected file could not be opened as an Excel workbook"),
    ("directory.csv", b"\n\n", "The first row must hold the column names from the template"),
])
def test_a_file_that_cannot_be_read_is_refused_with_its_reason(lio_client, name, data, message):
    page = _post(lio_client, SimpleUploadedFile(name, data))
    assert "There is a problem" in page
    assert message in page.replace("&#x27;", "'")


def test_no_file_chosen(lio_client):
    page = lio_client.post("/imports/spreadsheets/", {}).content.decode()
    assert "Select a CSV or Excel file" in page


def test_a_file_over_5_mb_is_refused(lio_client):
    page = _post(lio_client, SimpleUploadedFile("big.csv", b"x" * (reading.MAX_BYTES + 1)))
    assert "The selected file must be smaller than 5 MB" in page


def test_missing_and_renamed_columns_are_named(lio_client):
    headers = [("Org name" if h == "Organisation name" else h) for h in HEADERS if h != "Opening times"]
    page = _post(lio_client, SimpleUploadedFile("d.csv", csv_bytes([], headers=headers)))
    assert "“Org name” is not a column of the template (did you mean “Organisation name”?)" in page
    assert "missing columns: “Organisation name”, “Opening times”" in page


def test_an_unknown_column_is_named(lio_client):
    page = _post(lio_client, SimpleUploadedFile("d.csv", csv_bytes([good_row()], headers=[*HEADERS, "Notes"])))
    assert "“Notes” is not a column of the template" in page


def test_a_column_twice_is_refused(lio_client):
    page = _post(lio_client, SimpleUploadedFile("d.csv", csv_bytes([], headers=[*HEADERS, "Postcode"])))
    assert "The column “Postcode” appears twice" in page


def test_a_file_with_only_the_column_names_has_no_rows(lio_client):
    page = _post(lio_client, upload([], "xlsx"))
    assert "The file has no rows under the column names" in page


def test_more_than_5000_rows_is_refused(lio_client, monkeypatch):
    monkeypatch.setattr(reading, "MAX_ROWS", 3)
    page = _post(lio_client, upload([good_row(service_name=f"S{i}") for i in range(4)]))
    assert "The file has more than 3 rows. Split it into files of 3 rows or fewer" in page


def test_column_names_are_matched_whatever_their_case_and_spacing_and_in_any_order():
    headers = [f"  {h.upper()} " for h in reversed(HEADERS)]
    row = good_row()
    data = csv_bytes([{f"  {h.upper()} ": v for h, v in row.items()}], headers=headers)
    _, rows = reading.read_upload(SimpleUploadedFile("d.csv", data))
    assert rows[0].cells["organisation.name"] == "Hendon Young Families"
    assert rows[0].cells["service.opening_times"] == "Monday 09:30-11:30; Thursday 13:00-15:00"


def test_semicolon_separated_csv_is_read():
    data = (";".join(HEADERS) + "\n" + ";".join(f'"{v}"' for v in good_row().values()) + "\n").encode()
    _, rows = reading.read_upload(SimpleUploadedFile("d.csv", data))
    assert rows[0].cells["service.name"] == "Stay and play"


def test_row_numbers_are_those_the_spreadsheet_shows_and_empty_rows_are_skipped():
    rows = [good_row(service_name="A"), {}, good_row(service_name="B\nwith a line break"), good_row(service_name="C")]
    for fmt in ("csv", "xlsx"):
        _, read = reading.read_upload(upload(rows, fmt))
        assert [(r.number, r.cells["service.name"]) for r in read] == [(2, "A"), (4, "B\nwith a line break"), (5, "C")]


def test_numbers_and_dates_typed_into_a_workbook_are_read_as_text():
    book = Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    row = list(good_row().values())
    row[HEADERS.index("Youngest age")] = 0
    row[HEADERS.index("Oldest age")] = 4.0
    row[HEADERS.index("Charity number")] = 1090095
    row[HEADERS.index("Cost in pounds")] = 2.5
    sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    _, rows = reading.read_upload(SimpleUploadedFile("d.xlsx", buffer.getvalue()))
    cells = rows[0].cells
    assert (cells["service.minimum_age"], cells["service.maximum_age"]) == ("0", "4")
    assert cells["organisation.charity_number"] == "1090095"
    assert cells["service.cost_amount"] == "2.5"


def test_csv_and_xlsx_of_the_same_rows_read_the_same():
    rows = [good_row(), good_row(service_name="Café Ñandú – 日本語 🙂", opening_times="")]
    assert [r.cells for r in reading.read_upload(upload(rows, "csv"))[1]] == \
        [r.cells for r in reading.read_upload(upload(rows, "xlsx"))[1]]
    assert xlsx_bytes(rows)[:2] == b"PK"


def test_the_filled_in_template_is_read_from_its_directory_sheet_even_when_renamed(lio_client, terms):
    book = load_workbook(io.BytesIO(lio_client.get("/imports/spreadsheets/template.xlsx").content))
    book["Directory"].append(list(good_row().values()))
    book["Directory"].title = "Our services"
    buffer = io.BytesIO()
    book.save(buffer)
    _, rows = reading.read_upload(SimpleUploadedFile("filled.xlsx", buffer.getvalue()))
    assert [r.cells["service.name"] for r in rows] == ["Stay and play"]
