"""Writing the layout as CSV (streamed line by line) or as an XLSX workbook.

Every cell goes through `neutralise`, so text that a spreadsheet would run as a formula is shown
as text. The template workbook adds a Guidance sheet, the list of needs and drop-downs for the
columns with fixed choices.
"""

import csv
import io
from collections.abc import Iterable, Iterator

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from kith.directory.models import TaxonomyTerm

from .layout import COLUMNS, HEADERS, TEXT_KEYS, example_row, neutralise
from .reading import DATA_SHEET, MAX_ROWS

LISTS_SHEET = "Lists"


def csv_lines(rows: Iterable[list[str]], *, header: bool = True) -> Iterator[bytes]:
    """UTF-8 CSV, a line at a time, with a byte-order mark so that Excel reads the accents right."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    yield "\ufeff".encode()
    for row in _with_header(rows, header):
        writer.writerow([neutralise(value) for value in row])
        yield buffer.getvalue().encode()
        buffer.seek(0)
        buffer.truncate()


def _with_header(rows: Iterable[list[str]], header: bool) -> Iterator[list[str]]:
    if header:
        yield HEADERS
    yield from rows


def write_xlsx(rows: Iterable[list[str]], target) -> None:
    """The rows under the column names in a workbook written as it goes (write-only: constant memory)."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(DATA_SHEET)
    sheet.freeze_panes = "A2"
    sheet.append(HEADERS)
    for row in rows:
        sheet.append([neutralise(value) for value in row])
    book.save(target)


def write_template(target) -> None:
    """An empty Directory sheet with drop-downs, the Guidance sheet and the Needs sheet."""
    book = Workbook()
    sheet = book.active
    sheet.title = DATA_SHEET
    sheet.append(HEADERS)
    sheet.freeze_panes = "A2"
    lists = book.create_sheet(LISTS_SHEET)
    list_count = 0
    for position, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(position)
        sheet[f"{letter}1"].font = Font(bold=True)
        sheet.column_dimensions[letter].width = max(14, min(40, len(column.header) + 4))
        if column.key in TEXT_KEYS:
            # Text, so that 0191 stays 0191 and a long number is not shown in scientific notation.
            for row in range(2, 1002):
                sheet[f"{letter}{row}"].number_format = "@"
        if column.choices:
            list_count += 1
            list_column = get_column_letter(list_count)
            lists[f"{list_column}1"] = column.header
            for offset, choice in enumerate(column.choices, start=2):
                lists[f"{list_column}{offset}"] = choice
            validation = DataValidation(
                type="list", formula1=f"={LISTS_SHEET}!${list_column}$2:${list_column}${len(column.choices) + 1}",
                allow_blank=True, showErrorMessage=True, errorTitle=column.header,
                error=f"Choose {column.header.lower()} from the list")
            validation.add(f"{letter}2:{letter}{MAX_ROWS + 1}")
            sheet.add_data_validation(validation)
    lists.sheet_state = "hidden"
    _guidance(book.create_sheet("Guidance"))
    _needs(book.create_sheet("Needs"))
    book.move_sheet("Guidance", offset=-(len(book.sheetnames) - 2))
    book.save(target)


def _guidance(sheet) -> None:
    sheet.append(["How to fill in the Directory sheet"])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(["One row for each service at each location. Row 1 holds the column names: do not change them. "
                  "Leave a column empty if it does not apply. Nothing is added until you upload the file, check "
                  "the report and confirm."])
    sheet.append([])
    sheet.append(["Column", "What to write", "Example"])
    for cell in sheet[4]:
        cell.font = Font(bold=True)
    for column, example in zip(COLUMNS, example_row()):
        sheet.append([column.header, column.guidance, example])
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 80
    sheet.column_dimensions["C"].width = 50
    for row in sheet.iter_rows(min_row=5):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def _needs(sheet) -> None:
    sheet.append(["Need (write this name or its code in the Needs column)", "Code", "Theme"])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for name, code, theme in (TaxonomyTerm.objects.order_by("parent__name", "name")
                              .values_list("name", "code", "parent__name")):
        sheet.append([name, code, theme or "(a theme)"])
    sheet.column_dimensions["A"].width = 50
    sheet.column_dimensions["B"].width = 36
    sheet.column_dimensions["C"].width = 40
