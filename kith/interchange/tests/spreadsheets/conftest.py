"""Spreadsheets for the tests: rows written as dicts by column header, turned into CSV or XLSX uploads."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from kith.directory import taxonomy
from kith.interchange.spreadsheets.layout import HEADERS, example_row
from kith.testing import factories


def good_row(**changes) -> dict:
    """The template's example row, by header, with changes given by header words joined by underscores."""
    row = dict(zip(HEADERS, example_row()))
    for name, value in changes.items():
        header = next(h for h in HEADERS if h.lower().replace(" ", "_") == name)
        row[header] = value
    return row


def csv_bytes(rows: list[dict], headers=HEADERS) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    for row in rows:
        writer.writerow([row.get(h, "") for h in headers])
    return buffer.getvalue().encode()


def xlsx_bytes(rows: list[dict], headers=HEADERS) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Directory"
    sheet.append(list(headers))
    for row in rows:
        sheet.append([row.get(h, "") for h in headers])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def upload(rows: list[dict], fmt: str = "csv", name: str | None = None) -> SimpleUploadedFile:
    data = csv_bytes(rows) if fmt == "csv" else xlsx_bytes(rows)
    return SimpleUploadedFile(name or f"directory.{fmt}", data)


@pytest.fixture
def terms(db):
    taxonomy.load()


@pytest.fixture
def lio_user(db):
    lio = factories.OrganisationFactory(name="Sunderland Voluntary Action", organisation_type="lio")
    return factories.MembershipFactory(organisation=lio, role="member").user


@pytest.fixture
def lio_client(client, lio_user):
    client.force_login(lio_user)
    return client


def directory_counts() -> dict:
    """Rows of every model of the directory and of organisations, and audit events."""
    from django.apps import apps

    from kith.core.models import Event

    models = [*apps.get_app_config("directory").get_models(), *apps.get_app_config("organisations").get_models(), Event]
    return {model.__name__: model.objects.count() for model in models}
