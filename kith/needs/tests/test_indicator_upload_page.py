"""The indicator pages: the list for everyone, and the upload page, where any problem in the file writes nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kith.areas.models import Area
from kith.core.models import Event
from kith.needs.models import Indicator, IndicatorValue

from .test_indicators_official import make_area

pytestmark = pytest.mark.django_db
URL = "/needs/indicators/upload/"


@pytest.fixture(autouse=True)
def areas():
    return [make_area("E01000001"), make_area("E01000002"), make_area("E05000001", kind=Area.Kind.WARD)]


@pytest.fixture
def officer(client, people):
    client.force_login(people["council_officer"])
    return people["council_officer"]


def post(client, content: bytes | str, file_name: str = "fuel.csv", **fields):
    data = {"name": "Fuel poverty", "unit": "%", "source": "DESNZ", "period": "2023", "description": "",
            "higher_is_more_need": "yes", "area_kind": "lsoa21", **fields}
    if content is not None:
        data["file"] = SimpleUploadedFile(file_name, content.encode() if isinstance(content, str) else content)
    return client.post(URL, data)


def counts() -> tuple[int, int, int]:
    return Indicator.objects.count(), IndicatorValue.objects.count(), Event.objects.count()


def test_a_clean_file_is_saved_audited_and_shown_on_its_map(client, officer):
    response = post(client, "area_code,value,rank,decile\nE01000001,12.5,1,1\nE01000002,3,2,\n")

    assert response.status_code == 302 and response.url == "/needs/?indicator=upload-fuel-poverty"
    indicator = Indicator.objects.get()
    assert (indicator.name, indicator.unit, indicator.source, indicator.period, indicator.higher_is_more_need) == (
        "Fuel poverty", "%", "DESNZ", "2023", True)
    assert sorted(indicator.values.values_list("area__code", "value", "rank", "decile")) == [
        ("E01000001", 12.5, 1, 1), ("E01000002", 3.0, 2, None)]
    event = Event.objects.get(verb="indicator_uploaded")
    assert (event.actor, event.object_id, event.after["rows"], event.after["file"]) == (officer, str(indicator.pk), 2, "fuel.csv")
    page = client.get(response.url)
    assert "“Fuel poverty” is saved from fuel.csv: 2 areas" in page.content.decode()


def test_uploading_the_same_name_again_replaces_its_figures_whole(client, officer):
    post(client, "area_code,value\nE01000001,1\nE01000002,2\n")
    response = post(client, "area_code,value\nE01000002,7\n", higher_is_more_need="no")

    assert response.status_code == 302
    indicator = Indicator.objects.get()
    assert not indicator.higher_is_more_need
    assert list(indicator.values.values_list("area__code", "value")) == [("E01000002", 7.0)]


def test_a_replacement_with_a_problem_leaves_the_last_upload_whole(client, officer):
    post(client, "area_code,value\nE01000001,1\nE01000002,2\n")
    before = sorted(IndicatorValue.objects.values_list("area__code", "value"))
    response = post(client, "area_code,value\nE01000001,5\nE01000002,lots\n")

    assert response.status_code == 200
    assert sorted(IndicatorValue.objects.values_list("area__code", "value")) == before


def test_an_official_indicator_is_never_overwritten(client, officer):
    official = Indicator.objects.create(slug="iod2025-imd", name="Index of Multiple Deprivation (IoD 2025)", source="MHCLG")
    official.values.create(area=Area.objects.get(code="E01000001"), value=40.0)
    before = counts()
    response = post(client, "area_code,value\nE01000001,1\n", name="index of multiple deprivation (IoD 2025)")

    assert response.status_code == 200
    assert "is an official indicator and cannot be replaced by an upload" in response.content.decode()
    assert counts() == before
    assert IndicatorValue.objects.get().value == 40.0


@pytest.mark.parametrize("content, file_name, message", [
    (b"PK\x03\x04\x14\x00\x06\x00", "fuel.xlsx", "fuel.xlsx is a zip or Excel workbook, not a CSV file"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "map.png", "map.png is a PNG image, not a CSV file"),
    (b"\x00\x01\x02\x03binary\x00", "fuel.csv", "fuel.csv is not a text file, so not a CSV file"),
    ("area_code,name,value\nE01000001,Hendon – east,1\n".encode("cp1252"), "fuel.csv",
     "fuel.csv is not UTF-8 text (line 2 cannot be read)"),
    ("code,amount\nE01000001,1\n", "fuel.csv", "the column area_code is missing; the file has: code, amount"),
    ("area_code,value\n", "fuel.csv", "fuel.csv has a header but no rows of figures"),
    ("area_code;value\nE01000001;1\n", "fuel.csv", "separates its columns with semicolons"),
    ("area_code,value\nE01000001,1\nE01000001,2\n", "fuel.csv", "E01000001 is repeated (first on line 2)"),
    ("area_code,value\nE01999999,1\n", "fuel.csv", "E01999999 is not an area Kith knows"),
    ("area_code,value\nE01000001,lots\n", "fuel.csv", "&#x27;lots&#x27; is not a number"),
    ("area_code,value\nE05000001,1\n", "fuel.csv", "E05000001 is a Ward, but the figures are for LSOA (2021) areas"),
])
def test_each_bad_file_gets_its_own_report_and_writes_nothing(client, officer, content, file_name, message):
    before = counts()
    response = post(client, content, file_name)

    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page and "was not saved" in page
    assert message in page
    assert counts() == before


def test_the_report_lists_row_column_value_and_what_to_fix(client, officer):
    response = post(client, "area_code,value\nE01999999,x\nE01000001,1\n")
    rows = response.context["problems"]

    assert [(p.line, p.column, p.value) for p in rows] == [(2, "area_code", "E01999999"), (2, "value", "x")]
    page = response.content.decode()
    assert 'href="#problem-1"' in page and 'id="problem-2"' in page


def test_an_empty_file_is_refused(client, officer):
    before = counts()
    response = post(client, b"")
    assert "The selected file is empty" in response.content.decode()
    assert counts() == before


def test_a_file_over_the_size_limit_is_refused_and_the_limit_is_stated(client, officer, settings):
    settings.KITH_INDICATOR_UPLOAD_MAX_BYTES = 100
    assert "no larger than 100 bytes" in client.get(URL).content.decode()
    before = counts()
    response = post(client, "area_code,value\n" + "E01000001,1\n" * 20)

    assert "The selected file is 256 bytes; it must be no larger than 100 bytes" in response.content.decode()
    assert counts() == before


def test_the_default_limit_is_a_few_megabytes(client, officer):
    assert "no larger than 5.0 MB" in client.get(URL).content.decode()


@pytest.mark.parametrize("missing, message", [
    ("name", "Enter the name of the indicator"),
    ("higher_is_more_need", "Select whether a higher value means more need"),
    ("area_kind", "Select the kind of area the figures are for"),
])
def test_each_missing_answer_is_named(client, officer, missing, message):
    before = counts()
    response = post(client, "area_code,value\nE01000001,1\n", **{missing: ""})
    assert message in response.content.decode()
    assert counts() == before


def test_a_missing_file_is_named(client, officer):
    assert "Select a CSV file" in post(client, None).content.decode()


def test_everyone_sees_the_list_with_each_indicator_linking_to_its_map(client, officer):
    post(client, "area_code,value\nE01000001,1\nE01000002,2\n")
    client.logout()
    page = client.get("/needs/indicators/").content.decode()

    assert 'href="/needs/?indicator=upload-fuel-poverty"' in page
    assert "DESNZ" in page and "2023" in page and "LSOA (2021)" in page
    assert "Upload an indicator" not in page


def test_the_example_file_passes_its_own_check(client, officer):
    example = client.get("/needs/indicators/example.csv")
    assert example["Content-Type"].startswith("text/csv")
    response = post(client, example.content)
    assert response.status_code == 302
    assert Indicator.objects.get().values.count() == 2
