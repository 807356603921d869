"""Exports of the published directory: their rows, formula injection, query counts, and the round trip."""

import csv
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from jsonschema import Draft202012Validator
from openpyxl import load_workbook

from kith.core.models import Job
from kith.directory.models import CostOption, Phone, TaxonomyTerm
from kith.interchange.api import schemas
from kith.interchange.spreadsheets import exporting
from kith.interchange.spreadsheets.layout import HEADERS
from kith.testing import factories

from .conftest import directory_counts

pytestmark = pytest.mark.django_db


def _csv_rows(content: bytes) -> list[dict]:
    text = content.decode("utf-8")
    assert text.startswith("\ufeff")
    reader = csv.reader(io.StringIO(text[1:]))
    assert next(reader) == HEADERS
    return [dict(zip(HEADERS, row)) for row in reader]


def _xlsx_rows(content: bytes) -> list[dict]:
    sheet = load_workbook(io.BytesIO(content), read_only=True)["Directory"]
    rows = [[cell.value or "" for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == HEADERS
    return [dict(zip(HEADERS, row)) for row in rows[1:]]


def _download(client, fmt) -> bytes:
    response = client.get(f"/exports/directory.{fmt}")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="kith-directory-')
    return b"".join(response.streaming_content)


@pytest.fixture
def directory(terms):
    org = factories.OrganisationFactory(name="Hendon Young Families", charity_number="1090095",
                                        website="https://hyf.example.org", organisation_type="cio")
    centre = factories.LocationFactory(organisation=org, name="Hendon Centre", postcode="SR2 8DP")
    factories.AddressFactory(location=centre, address_1="1 Villiers Street", city="Sunderland", postal_code="SR2 8DP")
    library = factories.LocationFactory(organisation=org, name="Library", postcode="SR1 3SD")
    factories.AddressFactory(location=library, address_1="Fawcett Street", city="Sunderland", postal_code="SR1 3SD")
    play = factories.ServiceFactory(organisation=org, name="Stay and play", online=True, accepting_referrals=False)
    for location in (centre, library):
        factories.ServiceAtLocationFactory(service=play, location=location)
    play.taxonomy_terms.add(TaxonomyTerm.objects.get(code="stay-and-play"))
    Phone.objects.create(service=play, number="+44 191 123 4567")
    CostOption.objects.create(service=play, amount="2.50")
    factories.ScheduleFactory(service=play, byday="TH", opens_at="13:00", closes_at="15:00")
    factories.ScheduleFactory(service=play, byday="MO", opens_at="09:30", closes_at="11:30")
    factories.ServiceFactory(organisation=org, name="=HYPERLINK(\"http://evil.example\",\"Click\")",
                             description="@SUM(1+1) and Café Ñandú – 日本語")
    factories.ServiceFactory(organisation=org, name="Not verified yet", verification_status="awaiting")
    factories.ServiceFactory(organisation=org, name="Closed", status="defunct")
    return org


def test_csv_export_has_a_row_per_published_service_at_each_location(lio_client, directory):
    rows = _csv_rows(_download(lio_client, "csv"))
    assert [(r["Service name"], r["Location name"]) for r in rows] == [
        ("'=HYPERLINK(\"http://evil.example\",\"Click\")", ""),
        ("Stay and play", "Hendon Centre"), ("Stay and play", "Library")]
    play = rows[1]
    assert play["Organisation name"] == "Hendon Young Families"
    assert play["Organisation type"] == "Charitable incorporated organisation (CIO)"
    assert (play["Address line 1"], play["Town or city"], play["Postcode"]) == ("1 Villiers Street", "Sunderland", "SR2 8DP")
    assert play["Service phone"] == "'+44 191 123 4567"
    assert play["Cost in pounds"] == "2.50"
    assert play["Needs"] == "Stay and play"
    assert play["How it is delivered"] == "In person; Online"
    assert play["Accepting referrals"] == "No"
    assert play["Opening times"] == "Monday 09:30-11:30; Thursday 13:00-15:00"
    assert (play["Youngest age"], play["Oldest age"]) == ("0", "5")
    assert rows[0]["Service description"] == "'@SUM(1+1) and Café Ñandú – 日本語"


def test_xlsx_export_holds_the_same_rows_as_text_never_formulas(lio_client, directory):
    content = _download(lio_client, "xlsx")
    assert _xlsx_rows(content) == _csv_rows(_download(lio_client, "csv"))
    sheet = load_workbook(io.BytesIO(content))["Directory"]
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_the_export_reads_a_fixed_number_of_queries_per_batch(terms, monkeypatch):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            list(exporting.rows())
        return len(captured)

    def add_organisations(n):
        for _ in range(n):
            org = factories.OrganisationFactory()
            location = factories.LocationFactory(organisation=org)
            factories.AddressFactory(location=location)
            for _ in range(3):
                service = factories.ServiceFactory(organisation=org)
                factories.ServiceAtLocationFactory(service=service, location=location)
                factories.ScheduleFactory(service=service)
                Phone.objects.create(service=service, number="0191 123 4567")

    add_organisations(2)
    small = queries()
    add_organisations(8)
    assert queries() == small
    monkeypatch.setattr(exporting, "BATCH_ORGANISATIONS", 5)
    batches = queries()
    assert batches == 2 * small - 1  # two full batches, one final empty look


def test_round_trip_an_export_uploads_again_without_problems(lio_client, directory):
    for fmt in ("csv", "xlsx"):
        content = _download(lio_client, fmt)
        before = directory_counts()
        response = lio_client.post("/imports/spreadsheets/", {"file": SimpleUploadedFile(f"export.{fmt}", content)})
        assert response.status_code == 302
        job = Job.objects.latest("created_at")
        check = job.report["check"]
        assert check["problems"] == []
        assert check["summary"]["organisations_existing"] == 1 and check["summary"]["organisations_new"] == 0
        assert check["summary"]["unchanged_rows"] == 3
        assert any("“Hendon Young Families” is already in the directory (same charity number 1090095)" in n["message"]
                   for n in check["notes"])
        lio_client.post(f"/imports/spreadsheets/{job.pk}/import/", {})
        assert directory_counts() == before


def test_the_command_writes_what_the_page_downloads(lio_client, directory, tmp_path):
    for fmt, read in (("csv", _csv_rows), ("xlsx", _xlsx_rows)):
        path = tmp_path / f"out.{fmt}"
        call_command("export_directory", "--format", fmt, "--output", str(path), verbosity=0)
        assert read(path.read_bytes()) == read(_download(lio_client, fmt))


def test_the_command_refuses_a_folder_that_does_not_exist(tmp_path):
    with pytest.raises(CommandError, match="does not exist"):
        call_command("export_directory", "--format", "csv", "--output", str(tmp_path / "no" / "out.csv"))


def test_the_exports_page_offers_each_format(lio_client, directory):
    page = lio_client.get("/exports/").content.decode()
    assert "2 now" in page
    assert 'href="/exports/directory.csv"' in page and 'href="/exports/directory.xlsx"' in page
    assert lio_client.get("/exports/directory.pdf").status_code == 404


def test_json_export_is_a_list_of_full_oruk_services_valid_against_the_schema(lio_client, directory, tmp_path):
    records = json.loads(_download(lio_client, "json"))
    validator = Draft202012Validator({"$ref": schemas.schema_url("service")}, registry=schemas.registry(),
                                     format_checker=Draft202012Validator.FORMAT_CHECKER)
    for record in records:
        assert not list(validator.iter_errors(record))
    assert sorted(r["name"] for r in records) == sorted(["Stay and play", "=HYPERLINK(\"http://evil.example\",\"Click\")"])
    play = next(r for r in records if r["name"] == "Stay and play")
    assert play["organization"]["name"] == "Hendon Young Families"
    assert len(play["service_at_locations"]) == 2
    path = tmp_path / "out.json"
    call_command("export_directory", "--format", "json", "--output", str(path), verbosity=0)
    assert json.loads(path.read_text()) == records


def test_json_export_reads_a_fixed_number_of_queries_per_batch(terms, monkeypatch):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert json.loads(b"".join(exporting.json_chunks()))
        return len(captured)

    def add_services(n):
        org = factories.OrganisationFactory()
        location = factories.LocationFactory(organisation=org)
        for _ in range(n):
            service = factories.ServiceFactory(organisation=org)
            factories.ServiceAtLocationFactory(service=service, location=location)
            factories.ScheduleFactory(service=service)

    add_services(2)
    small = queries()
    add_services(10)
    assert queries() == small
    monkeypatch.setattr(exporting, "BATCH_SERVICES", 6)
    assert queries() == 2 * small - 1
