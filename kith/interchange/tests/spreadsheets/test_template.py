"""The template a volunteer fills in: the CSV's header, and the workbook's guidance, needs and drop-downs."""

import io

import pytest
from openpyxl import load_workbook

from kith.directory.models import TaxonomyTerm
from kith.interchange.spreadsheets.layout import COLUMNS, DELIVERY_CHOICES, HEADERS, example_row
from kith.organisations.models import OrganisationType

pytestmark = pytest.mark.django_db


def test_csv_template_is_the_header_only_in_utf8_with_a_byte_order_mark(lio_client):
    response = lio_client.get("/imports/spreadsheets/template.csv")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="kith-directory-template.csv"'
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    assert text[1:].splitlines() == [",".join(HEADERS)]


def test_the_layout_has_the_columns_a_volunteer_needs():
    assert HEADERS[:7] == ["Organisation name", "Organisation type", "Charity number", "Company number",
                           "Organisation website", "Organisation email", "Organisation description"]
    assert HEADERS[7:11] == ["Location name", "Address line 1", "Town or city", "Postcode"]
    assert {"Service name", "Needs", "How it is delivered", "Accepting referrals", "Opening times", "Youngest age",
            "Oldest age", "Cost in pounds"} <= set(HEADERS)
    assert len(set(HEADERS)) == len(HEADERS)


def _workbook(client):
    response = client.get("/imports/spreadsheets/template.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return load_workbook(io.BytesIO(response.content))


def test_xlsx_template_has_an_empty_directory_sheet_under_the_column_names(lio_client, terms):
    book = _workbook(lio_client)
    sheet = book["Directory"]
    assert [cell.value for cell in sheet[1]] == HEADERS
    assert sheet.max_row == 1 or all(cell.value is None for row in sheet.iter_rows(min_row=2) for cell in row)
    phone = HEADERS.index("Service phone") + 1
    assert sheet.cell(row=2, column=phone).number_format == "@"


def test_xlsx_guidance_explains_every_column_with_the_example_row(lio_client, terms):
    sheet = _workbook(lio_client)["Guidance"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=5)]
    assert [row[0] for row in rows] == HEADERS
    assert [row[1] for row in rows] == [column.guidance for column in COLUMNS]
    assert [row[2] or "" for row in rows] == example_row()


def test_xlsx_lists_every_need_by_name_and_code(lio_client, terms):
    sheet = _workbook(lio_client)["Needs"]
    listed = {(row[0].value, row[1].value) for row in sheet.iter_rows(min_row=2)}
    assert listed == set(TaxonomyTerm.objects.values_list("name", "code"))
    assert len(listed) > 50


def test_xlsx_drop_downs_offer_the_choices_of_each_choice_column(lio_client, terms):
    book = _workbook(lio_client)
    sheet, lists = book["Directory"], book["Lists"]
    assert lists.sheet_state == "hidden"
    found = {}
    for validation in sheet.data_validations.dataValidation:
        assert validation.type == "list"
        target = str(validation.sqref)
        column = HEADERS[ord(target[0]) - ord("A")]
        assert target.endswith(":" + target.split(":")[0][0] + "5001")
        sheet_name, cells = validation.formula1.lstrip("=").split("!")
        first, last = cells.replace("$", "").split(":")
        found[column] = [c.value for row in book[sheet_name][f"{first}:{last}"] for c in row]
    assert found == {
        "Organisation type": [label for _, label in OrganisationType.choices],
        "How it is delivered": DELIVERY_CHOICES,
        "Accepting referrals": ["Yes", "No"],
    }
    assert "In person; Online; By phone" in DELIVERY_CHOICES and len(DELIVERY_CHOICES) == 7


def test_template_of_another_type_is_not_found(lio_client):
    assert lio_client.get("/imports/spreadsheets/template.txt").status_code == 404
