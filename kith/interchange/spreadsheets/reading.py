"""Reading an uploaded CSV or XLSX into rows of text keyed by column, or one problem with the file.

Every problem with the file as a whole (its type, size, encoding, columns, number of rows) is a
FileProblem whose message is written for the person who uploaded it; rows are checked afterwards.
"""

import csv
import datetime
import difflib
import io
import itertools
import zipfile
from dataclasses import dataclass

from django.utils.text import get_valid_filename

from .layout import BY_KEY, COLUMNS, HEADERS

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
# A workbook is a zip: far more inside than outside means a zip bomb, not a directory.
MAX_UNZIPPED_BYTES = 100 * 1024 * 1024
DATA_SHEET = "Directory"


class FileProblem(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class SheetRow:
    number: int                 # as the spreadsheet shows it: the column names are row 1
    cells: dict[str, str]       # column key -> text as typed, "" when empty
    formulas: tuple = ()        # keys of cells holding a formula rather than a value


def _fold(header) -> str:
    return " ".join(str(header or "").split()).casefold()


_KEY_BY_HEADER = {_fold(column.header): column.key for column in COLUMNS}


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat(" ", "minutes")
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M")
    return str(value).strip()


def _column_keys(headers: list) -> list[str | None]:
    """The key of each column, in the file's order; a FileProblem naming the columns that are wrong."""
    folded = [_fold(h) for h in headers]
    while folded and not folded[-1]:
        folded.pop()
    if not any(folded):
        raise FileProblem("The first row must hold the column names from the template, like “Organisation name”")
    keys, unknown, seen = [], [], set()
    for position, name in enumerate(folded):
        key = _KEY_BY_HEADER.get(name)
        if not name:
            keys.append(None)
            continue
        if key is None:
            unknown.append(headers[position])
        elif key in seen:
            raise FileProblem(f"The column “{BY_KEY[key].header}” appears twice. Keep one of them")
        seen.add(key)
        keys.append(key)
    missing = [column.header for column in COLUMNS if column.key not in seen]
    if unknown or missing:
        parts = []
        for name in unknown[:5]:
            near = difflib.get_close_matches(str(name), [h for h in HEADERS if h in missing], n=1, cutoff=0.5)
            hint = f" (did you mean “{near[0]}”?)" if near else ""
            parts.append(f"“{str(name)[:60]}” is not a column of the template{hint}")
        if missing:
            parts.append("missing column" + ("s" if len(missing) > 1 else "") + ": " + ", ".join(f"“{m}”" for m in missing))
        raise FileProblem("The column names in row 1 do not match the template: " + "; ".join(parts)
                          + ". Use the column names from the template exactly")
    return keys


def _rows(table, keys: list[str | None]) -> list[SheetRow]:
    rows = []
    for number, (values, formulas) in enumerate(table, start=2):
        if number - 1 > MAX_ROWS:
            raise FileProblem(f"The file has more than {MAX_ROWS:,} rows. Split it into files of {MAX_ROWS:,} rows or fewer")
        cells = {key: "" for key in BY_KEY}
        formula_keys = []
        for position, value in enumerate(values[:len(keys)]):
            key = keys[position]
            if key is not None:
                cells[key] = value
                # Text starting "=" is a formula typed into a CSV, or one planted to run when opened.
                if position in formulas or value.startswith("="):
                    formula_keys.append(key)
        if any(cells.values()):
            rows.append(SheetRow(number=number, cells=cells, formulas=tuple(formula_keys)))
    if not rows:
        raise FileProblem("The file has no rows under the column names. Add a row for each service")
    return rows


def _csv_table(data: bytes):
    if data.startswith(b"PK"):
        raise FileProblem("The selected file is an Excel workbook with a name ending .csv. Rename it to end .xlsx, "
                          "or save it from your spreadsheet as CSV UTF-8")
    if b"\x00" in data:
        raise FileProblem("The selected file is not a CSV file. Save it from your spreadsheet as CSV UTF-8 (comma delimited)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileProblem("The selected file is not saved as UTF-8, so some letters would come out wrong. "
                          "In your spreadsheet choose Save As, then “CSV UTF-8 (Comma delimited)”") from None
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    try:
        lines = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))
    except csv.Error as error:
        raise FileProblem(f"The selected file could not be read as CSV ({error}). Save it again as CSV UTF-8") from None
    return lines[0] if lines else [], (([cell.strip() for cell in line], ()) for line in lines[1:MAX_ROWS + 2])


def _xlsx_table(data: bytes):
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_UNZIPPED_BYTES:
                raise FileProblem("The workbook is too large once opened. Keep only the Directory sheet and try again")
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except FileProblem:
        raise
    except Exception:  # noqa: BLE001 — openpyxl raises many kinds for a damaged file; all mean the same here
        raise FileProblem("The selected file could not be opened as an Excel workbook. Save it again as .xlsx "
                          "or as CSV UTF-8") from None
    sheet = book[DATA_SHEET] if DATA_SHEET in book.sheetnames else _sheet_with_columns(book)
    rows = sheet.iter_rows()
    header = next(rows, ())

    def table():
        for row in itertools.islice(rows, MAX_ROWS + 1):
            values, formulas = [], set()
            for position, cell in enumerate(row):
                values.append(_text(cell.value))
                if getattr(cell, "data_type", None) == "f":
                    formulas.add(position)
            yield values, formulas

    return [_text(cell.value) for cell in header], table()


def _sheet_with_columns(book):
    """A renamed Directory sheet: the first whose row 1 starts like the template's (else the first sheet)."""
    for sheet in book.worksheets:
        first = next(sheet.iter_rows(max_row=1, max_col=len(HEADERS), values_only=True), ())
        if _KEY_BY_HEADER.get(_fold(first[0] if first else "")):
            return sheet
    return book.worksheets[0]


def read_upload(uploaded) -> tuple[str, list[SheetRow]]:
    """(a safe copy of the file's name, its rows) from an UploadedFile; FileProblem if it cannot be used."""
    name = get_valid_filename(uploaded.name or "upload")[:100] or "upload"
    if not uploaded.size:
        raise FileProblem("The selected file is empty")
    if uploaded.size > MAX_BYTES:
        raise FileProblem(f"The selected file must be smaller than {MAX_BYTES // (1024 * 1024)} MB")
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension == "xls":
        raise FileProblem("The selected file is in the old Excel format (.xls). Save it as an Excel workbook (.xlsx) "
                          "or as CSV UTF-8")
    if extension not in ("csv", "xlsx"):
        raise FileProblem("The selected file must be a CSV or an Excel workbook (.xlsx)")
    data = uploaded.read(MAX_BYTES + 1)
    header, table = _csv_table(data) if extension == "csv" else _xlsx_table(data)
    keys = _column_keys(header)
    return name, _rows(table, keys)
