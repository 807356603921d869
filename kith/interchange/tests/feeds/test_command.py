"""manage.py import_oruk: the report printed, and a clear message with a non-zero exit on failure."""

import subprocess
import sys
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from kith.core.models import Job
from kith.interchange.models import Feed

from .conftest import MESSY_FEED, feed_services


@pytest.mark.django_db
def test_a_file_is_imported_and_the_report_printed(needs):
    out = StringIO()
    call_command("import_oruk", str(MESSY_FEED), "--name", "Messy", "--quiet", stdout=out)
    text = out.getvalue()
    assert "Services: 24 created, 0 updated, 0 unchanged, 7 rejected" in text
    assert "the service has no name" in text
    job = Job.objects.get(kind="oruk_import")
    assert job.status == "succeeded" and job.created_by is None and job.feed_run.feed.name == "Messy"
    assert job.payload == {}   # the document is not kept once imported
    call_command("import_oruk", str(MESSY_FEED), "--name", "Messy", "--quiet", stdout=(again := StringIO()))
    assert "Services: 0 created, 0 updated, 24 unchanged, 7 rejected" in again.getvalue()
    assert Feed.objects.count() == 1


@pytest.mark.django_db
def test_at_verbosity_0_only_the_counts_are_printed(needs):
    out = StringIO()
    call_command("import_oruk", str(MESSY_FEED), "--quiet", verbosity=0, stdout=out)
    lines = out.getvalue().splitlines()
    assert "Services: 24 created, 0 updated, 0 unchanged, 7 rejected" in lines
    assert len(lines) == 5 and not any("has no name" in line for line in lines)


@pytest.mark.django_db
def test_a_url_is_pulled(feed_server, needs):
    feed_server.services = feed_services(3)
    out = StringIO()
    call_command("import_oruk", feed_server.url, "--quiet", stdout=out)
    assert "Services: 3 created" in out.getvalue()


@pytest.mark.django_db
def test_a_bad_file_is_refused_with_a_message_and_nothing_recorded(tmp_path, counts):
    bad = tmp_path / "cut.json"
    bad.write_text('{"contents": [{"id": "a", "name": "Cut')
    before = counts()
    with pytest.raises(CommandError, match="cut.json is not valid JSON.*Nothing was imported"):
        call_command("import_oruk", str(bad))
    assert counts() == before and not Feed.objects.exists()
    with pytest.raises(CommandError, match="There is no file"):
        call_command("import_oruk", str(tmp_path / "missing.json"))


@pytest.mark.django_db
def test_a_failing_url_is_a_message_and_a_failed_job(feed_server):
    feed_server.misbehave["*"] = "html"
    with pytest.raises(CommandError, match="web page \\(HTML\\), not JSON"):
        call_command("import_oruk", feed_server.url, "--quiet")
    assert Job.objects.get().status == "failed"


def test_the_command_exits_non_zero_without_a_traceback(tmp_path):
    bad = tmp_path / "page.html"
    bad.write_text("<html><body>Oops</body></html>")
    result = subprocess.run([sys.executable, "manage.py", "import_oruk", str(bad)], cwd=settings.BASE_DIR,
                            capture_output=True, text=True, timeout=120,
                            env={"PATH": "/usr/bin:/bin", "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"})
    assert result.returncode != 0
    assert "page.html is a web page or XML (HTML), not JSON" in result.stderr
    assert "Traceback" not in result.stderr

