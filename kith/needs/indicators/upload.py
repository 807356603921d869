"""Any further indicator, uploaded as a CSV of area codes and values, checked row by row before anything is saved.

check_indicator_csv reads and checks the whole file and returns the rows together with every problem
found (by line and column), so a form can show them all at once; save_indicator is called only when
there are none, and writes the indicator and all its values in one transaction.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import IO

from django.db import transaction
from django.utils.text import slugify

from kith.areas.models import Area
from kith.core.audit import record_event
from kith.needs.models import Indicator

from .reading import ReadError, read_csv
from .saving import Report, upsert_indicator

CODE, VALUE, RANK, DECILE = "area_code", "value", "rank", "decile"
REQUIRED = [CODE, VALUE]
SLUG_PREFIX = "upload-"
SLUG_ROOM = 72  # of the slug's 80 characters, leaving room for a number that tells apart names alike at the start
BIG_FILE = 2000  # rows


@dataclass(frozen=True)
class Problem:
    line: int | None  # the file's line (the header is line 1); None for the file as a whole
    column: str
    message: str
    value: str = ""  # what the cell held, so a report can show it beside the problem

    def __str__(self) -> str:
        where = f"Line {self.line}" if self.line else "The file"
        return f"{where}{f', column {self.column}' if self.column else ''}: {self.message}"


@dataclass(frozen=True)
class UploadRow:
    area_id: int
    code: str
    value: float
    rank: int | None
    decile: int | None


def column_key(heading: str) -> str:
    """The column a heading names: spreadsheets write headings as Area Code or AREA_CODE as often as area_code."""
    return "_".join(heading.lower().split())


def parse_value(text: str) -> float | str:
    """The number, or what is wrong with the text."""
    if not text:
        return "the value is missing"
    try:
        value = float(text)
    except ValueError:
        hint = " (write numbers without thousands separators)" if "," in text else ""
        return f"{text!r} is not a number{hint}"
    return value if math.isfinite(value) else f"{text!r} is not a finite number"


def parse_whole(text: str, column: str, highest: int | None = None) -> int | None | str:
    if not text:
        return None
    try:
        whole = int(text)
    except ValueError:
        return f"{text!r} is not a whole number"
    if whole < 1 or (highest and whole > highest):
        return f"{column} must be between 1 and {highest}" if highest else f"{column} must be 1 or more"
    return whole


class OfficialIndicatorError(ValueError):
    """An upload named like an official indicator: official figures are loaded from their own files only."""


def official_named(name: str) -> Indicator | None:
    """The official (not uploaded) indicator of this name, if any: an upload must not pass for it."""
    return Indicator.objects.filter(name__iexact=name.strip()).exclude(slug__startswith=SLUG_PREFIX).first()


def known_areas(codes: set[str]) -> dict[str, tuple[int, str]]:
    """Id and kind of each known code. For a long file, reading every area is quicker than asking for each:
    on PostgreSQL, 0.03 s for all of England's against 0.5 s for a list of 33,755 codes."""
    areas = Area.objects.all() if len(codes) > BIG_FILE else Area.objects.filter(code__in=codes)
    return {code: (pk, kind) for code, pk, kind in areas.values_list("code", "pk", "kind") if code in codes}


def check_indicator_csv(file: str | IO[bytes], *, max_problems: int = 200,
                        kind: str | None = None) -> tuple[list[UploadRow], list[Problem]]:
    """Rows of an indicator CSV (columns area_code and value, optionally rank and decile) and every problem in it.

    With kind, every code must be an area of that kind; without it, of the same kind as the first known code."""
    try:
        name, header, raw_rows = read_csv(file)
    except ReadError as error:
        return [], [Problem(None, "", str(error))]
    keys = [column_key(heading) for heading in header]
    repeated = [column for column in (CODE, VALUE, RANK, DECILE) if keys.count(column) > 1]
    if repeated:
        return [], [Problem(1, column, f"there are {keys.count(column)} columns headed {column}; keep one and "
                                       "remove or rename the others") for column in repeated]
    raw_rows = [(line, {column_key(heading): cell for heading, cell in row.items() if heading is not None})
                for line, row in raw_rows]
    missing = [column for column in REQUIRED if column not in keys]
    if missing:
        return [], [Problem(1, column, f"the column {column} is missing; the file has: {', '.join(header) or 'none'}") for column in missing]
    if not raw_rows:
        return [], [Problem(None, "", f"{name} has a header but no rows of figures.")]
    codes = {(row.get(CODE) or "").strip().upper() for _, row in raw_rows}
    areas = known_areas(codes)
    rows, problems, first_line = [], [], {}
    expected = kind
    for line, row in raw_rows:
        raw_code = (row.get(CODE) or "").strip()
        code = raw_code.upper()
        found = []
        if not code:
            found.append(Problem(line, CODE, "the area code is missing"))
        elif code in first_line:
            found.append(Problem(line, CODE, f"{code} is repeated (first on line {first_line[code]})", raw_code))
        elif code not in areas:
            found.append(Problem(line, CODE, f"{code} is not an area Kith knows (it needs a GSS code of a loaded LSOA, ward or authority)", raw_code))
        else:
            first_line[code] = line
            area_kind = areas[code][1]
            if kind and area_kind != kind:
                found.append(Problem(line, CODE, f"{code} is a {Area.Kind(area_kind).label}, but the figures are for {Area.Kind(kind).label} areas; give only codes of that kind", raw_code))
            elif expected is None:
                expected = area_kind
            elif area_kind != expected:
                found.append(Problem(line, CODE, f"{code} is a {Area.Kind(area_kind).label}, but the rows before it are {Area.Kind(expected).label} areas; one file holds one kind of area", raw_code))
        cells = {column: (row.get(column) or "").strip() for column in (VALUE, RANK, DECILE)}
        value = parse_value(cells[VALUE])
        rank = parse_whole(cells[RANK], RANK)
        decile = parse_whole(cells[DECILE], DECILE, 10)
        found += [Problem(line, column, parsed, cells[column])
                  for column, parsed in ((VALUE, value), (RANK, rank), (DECILE, decile)) if isinstance(parsed, str)]
        if found:
            problems += found
        else:
            rows.append(UploadRow(areas[code][0], code, value, rank, decile))
        if len(problems) >= max_problems:
            problems.append(Problem(None, "", f"Checking stopped after {max_problems} problems; mend these and upload again."))
            break
    return rows, problems


def upload_slug(name: str) -> str:
    """The slug of the upload of this name: the one it had if uploaded before, else one no indicator has. Slugs
    are cut to fit, so two long names alike at the start would otherwise share one and the second upload
    would replace the first."""
    earlier = Indicator.objects.filter(slug__startswith=SLUG_PREFIX, name__iexact=name).values_list("slug", flat=True)
    if earlier:
        return earlier[0]
    base = (SLUG_PREFIX + slugify(name))[:SLUG_ROOM].rstrip("-")
    slug, number = base, 1
    while Indicator.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


def save_indicator(
    *,
    name: str,
    rows: Sequence[UploadRow],
    unit: str = "",
    higher_is_more_need: bool = True,
    description: str = "",
    source: str = "",
    period: str = "",
) -> tuple[Indicator, Report]:
    """The uploaded indicator with exactly these values: an upload of the same name replaces the last one whole."""
    if not rows:
        raise ValueError("An indicator needs at least one row of figures.")
    official = official_named(name)
    if official:
        raise OfficialIndicatorError(
            f"{official.name} is an official indicator, loaded from its publisher's file; an upload cannot replace it. "
            "Give your figures another name.")
    kind = Area.objects.get(pk=rows[0].area_id).kind
    definition = {
        "slug": upload_slug(name),
        "name": name,
        "description": description,
        "source": source,
        "attribution": "",
        "unit": unit,
        "higher_is_more_need": higher_is_more_need,
        "area_kind": kind,
        "period": period,
    }
    report = Report()
    with transaction.atomic():
        indicator = upsert_indicator(definition, {row.area_id: (row.value, row.rank, row.decile) for row in rows}, report, replace=True)
    return indicator, report


def indicator_upload_save(*, by, file_name: str, rows: Sequence[UploadRow], **fields) -> tuple[Indicator, Report]:
    """An uploaded indicator saved and its upload recorded in the audit trail, both or neither."""
    with transaction.atomic():
        indicator, report = save_indicator(rows=rows, **fields)
        record_event(actor=by, verb="indicator_uploaded", obj=indicator, comment=file_name,
                     after={"file": file_name, "rows": len(rows), "added": report.added, "changed": report.changed,
                            "unchanged": report.unchanged, "removed": report.removed})
    return indicator, report
