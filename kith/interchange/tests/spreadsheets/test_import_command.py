"""manage.py import_spreadsheet: the same check and import for an operator, with a clear exit on failure."""

import pytest
from django.core.management import CommandError, call_command

from kith.core.models import Event
from kith.directory.models import Service

from .conftest import csv_bytes, directory_counts, good_row

pytestmark = pytest.mark.django_db


@pytest.fixture
def sheet(tmp_path):
    path = tmp_path / "rows.csv"
    path.write_bytes(csv_bytes([good_row(), good_row(service_name="Baby massage"),
                                good_row(service_name="Bad", oldest_age="old")]))
    return str(path)


def test_check_only_writes_nothing_and_prints_the_problems(terms, lio_user, sheet, capsys):
    before = directory_counts()
    call_command("import_spreadsheet", sheet, "--as", lio_user.email, "--check-only", verbosity=0)
    assert directory_counts() == before
    out = capsys.readouterr().out
    assert "3 rows" in out and "2 valid, 1 with problems" in out
    assert "Row 4, Oldest age: Enter the oldest age as a whole number, like 18" in out


def test_rows_with_problems_stop_the_import_unless_only_valid(terms, lio_user, sheet):
    before = directory_counts()
    with pytest.raises(CommandError, match="Nothing imported: correct the rows with problems, or use --only-valid"):
        call_command("import_spreadsheet", sheet, "--as", lio_user.email, verbosity=0)
    assert directory_counts() == before
    call_command("import_spreadsheet", sheet, "--as", lio_user.email, "--only-valid", verbosity=0)
    assert sorted(Service.objects.values_list("name", flat=True)) == ["Baby massage", "Stay and play"]
    assert Event.objects.filter(actor=lio_user, verb="opening_times_changed").count() == 2


def test_only_lio_staff_or_administrators_may_import(terms, people, sheet):
    with pytest.raises(CommandError, match="is not LIO staff or an administrator"):
        call_command("import_spreadsheet", sheet, "--as", people["member_a"].email, verbosity=0)


def test_a_file_problem_is_a_clear_error(terms, lio_user, tmp_path):
    path = tmp_path / "rows.txt"
    path.write_text("x")
    with pytest.raises(CommandError, match="must be a CSV or an Excel workbook"):
        call_command("import_spreadsheet", str(path), "--as", lio_user.email, verbosity=0)
    with pytest.raises(CommandError, match="Could not read"):
        call_command("import_spreadsheet", str(tmp_path / "missing.csv"), "--as", lio_user.email, verbosity=0)
