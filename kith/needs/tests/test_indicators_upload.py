import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from kith.areas.models import Area
from kith.needs.indicators import check_indicator_csv, save_indicator
from kith.needs.models import Indicator, IndicatorValue

from .test_indicators_official import make_area

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def areas():
    return [make_area("E01000001"), make_area("E01000002"), make_area("E05000001", kind=Area.Kind.WARD)]


def upload(text: str | bytes, name: str = "figures.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode() if isinstance(text, str) else text, content_type="text/csv")


def messages(text: str | bytes, name: str = "figures.csv") -> list[str]:
    rows, problems = check_indicator_csv(upload(text, name))
    return [str(problem) for problem in problems]


def test_a_good_file_is_checked_and_saved_with_rank_and_decile():
    rows, problems = check_indicator_csv(upload("area_code,value,rank,decile\nE01000001,12.5,2,1\ne01000002 ,3,,\n"))
    assert problems == []
    indicator, report = save_indicator(name="Fuel poverty", rows=rows, unit="%", higher_is_more_need=True)

    assert (indicator.slug, indicator.area_kind, indicator.unit) == ("upload-fuel-poverty", "lsoa21", "%")
    values = {v.area.code: (v.value, v.rank, v.decile) for v in IndicatorValue.objects.select_related("area")}
    assert values == {"E01000001": (12.5, 2, 1), "E01000002": (3.0, None, None)}
    assert report.added == 2


def test_uploading_the_same_name_again_replaces_the_figures_whole():
    save_indicator(name="Fuel poverty", rows=check_indicator_csv(upload("area_code,value\nE01000001,1\nE01000002,2\n"))[0])
    _, report = save_indicator(name="Fuel poverty", rows=check_indicator_csv(upload("area_code,value\nE01000001,5\n"))[0])

    assert list(IndicatorValue.objects.values_list("area__code", "value")) == [("E01000001", 5.0)]
    assert (report.changed, report.removed) == (1, 1)
    assert Indicator.objects.count() == 1


def test_long_names_alike_at_the_start_are_kept_apart_and_each_replaces_only_itself():
    stem = "Households in fuel poverty under the low income low energy efficiency measure, by LSOA"
    rows = check_indicator_csv(upload("area_code,value\nE01000001,1\n"))[0]
    first, _ = save_indicator(name=f"{stem}, 2022", rows=rows)
    second, _ = save_indicator(name=f"{stem}, 2023", rows=rows)
    again, _ = save_indicator(name=f"{stem}, 2022", rows=check_indicator_csv(upload("area_code,value\nE01000001,7\n"))[0])

    assert first.slug != second.slug and again.slug == first.slug
    assert sorted(Indicator.objects.values_list("name", flat=True)) == [f"{stem}, 2022", f"{stem}, 2023"]
    assert IndicatorValue.objects.get(indicator=first).value == 7
    assert IndicatorValue.objects.get(indicator=second).value == 1


@pytest.mark.parametrize(
    "text, expected",
    [
        ("area_code,value\nE01000009,1\n", ["Line 2, column area_code: E01000009 is not an area Kith knows (it needs a GSS code of a loaded LSOA, ward or authority)"]),
        ("area_code,value\nE01000001,lots\n", ["Line 2, column value: 'lots' is not a number"]),
        ("area_code,value\nE01000001,\"1,200\"\n", ["Line 2, column value: '1,200' is not a number (write numbers without thousands separators)"]),
        ("area_code,value\nE01000001,nan\n", ["Line 2, column value: 'nan' is not a finite number"]),
        ("area_code,value\nE01000001,\n", ["Line 2, column value: the value is missing"]),
        ("area_code,value\n,4\n", ["Line 2, column area_code: the area code is missing"]),
        ("area_code,value\n\nE01000001,1\n\nE01000002,x\n", ["Line 5, column value: 'x' is not a number"]),
        ("area_code,value\nE01000001,1\nE01000002,2\nE01000001,3\n", ["Line 4, column area_code: E01000001 is repeated (first on line 2)"]),
        ("area_code,value,decile\nE01000001,1,11\n", ["Line 2, column decile: decile must be between 1 and 10"]),
        ("area_code,value,rank\nE01000001,1,2.5\n", ["Line 2, column rank: '2.5' is not a whole number"]),
        ("area_code,value\nE01000001,1\nE05000001,2\n", ["Line 3, column area_code: E05000001 is a Ward, but the rows before it are LSOA (2021) areas; one file holds one kind of area"]),
        ("code,amount\nE01000001,1\n", ["Line 1, column area_code: the column area_code is missing; the file has: code, amount",
                                       "Line 1, column value: the column value is missing; the file has: code, amount"]),
        ("area_code,value\n", ["The file: figures.csv has a header but no rows of figures."]),
        ("", ["The file: figures.csv is empty."]),
        ("area_code;value\nE01000001;1\n", ["The file: figures.csv separates its columns with semicolons; Kith reads comma-separated files."]),
        (b"PK\x03\x04\x14\x00", ["The file: figures.csv is a zip or Excel workbook, not a CSV file. Save it as CSV (comma-separated, UTF-8) and try again."]),
        ("area_code,value\nE01000001,1\n".encode("utf-16"), ["The file: figures.csv is not a text file, so not a CSV file."]),
        ("area_code,name,value\nE01000001,Hendon – east,1\n".encode("cp1252"), ["The file: figures.csv is not UTF-8 text (line 2 cannot be read). Save it as CSV UTF-8 and try again."]),
    ],
)
def test_each_problem_is_reported_by_line_and_column(text, expected):
    assert messages(text) == expected


def test_headings_are_read_whatever_their_case_or_spacing():
    rows, problems = check_indicator_csv(upload("Area Code,VALUE,Rank,Area name\nE01000001,12.5,2,Hendon\n"))

    assert problems == []
    assert [(row.code, row.value, row.rank) for row in rows] == [("E01000001", 12.5, 2)]


def test_two_columns_with_the_same_heading_are_refused():
    assert messages("area_code,value,Value\nE01000001,1,2\n") == [
        "Line 1, column value: there are 2 columns headed value; keep one and remove or rename the others"]


def test_every_problem_in_the_file_is_reported_at_once():
    found = messages("area_code,value\nE01000009,x\nE01000001,1\nE01000001,y\n")
    assert found == [
        "Line 2, column area_code: E01000009 is not an area Kith knows (it needs a GSS code of a loaded LSOA, ward or authority)",
        "Line 2, column value: 'x' is not a number",
        "Line 4, column area_code: E01000001 is repeated (first on line 3)",
        "Line 4, column value: 'y' is not a number",
    ]


def test_the_command_loads_a_good_file(tmp_path):
    path = tmp_path / "fuel.csv"
    path.write_text("area_code,value\nE01000001,12\nE01000002,8\n")
    out = io.StringIO()
    call_command("load_indicator_csv", str(path), "--name", "Fuel poverty", "--unit", "%", "--higher-is-less-need", stdout=out)

    indicator = Indicator.objects.get()
    assert not indicator.higher_is_more_need and indicator.values.count() == 2
    assert "2 values added" in out.getvalue()


def test_the_command_lists_every_problem_and_writes_nothing(tmp_path):
    path = tmp_path / "fuel.csv"
    path.write_text("area_code,value\nE01000001,12\nE01000009,x\n")
    with pytest.raises(CommandError) as error:
        call_command("load_indicator_csv", str(path), "--name", "Fuel poverty", stdout=io.StringIO())

    assert "fuel.csv was not loaded; nothing was written" in str(error.value)
    assert "Line 3, column area_code: E01000009 is not an area Kith knows" in str(error.value)
    assert "Line 3, column value: 'x' is not a number" in str(error.value)
    assert not Indicator.objects.exists() and not IndicatorValue.objects.exists()
