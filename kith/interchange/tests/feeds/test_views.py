"""The feed pages: who may use them, the import form and its errors, a run's progress and report,
and a feed's records no longer in it."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kith.core.models import Job
from kith.interchange.feeds import importer
from kith.interchange.models import Feed, ImportedRecord

from .conftest import MESSY_FEED, feed_services


def _upload(client, name="Council feed", data=None, filename="feed.json"):
    file = SimpleUploadedFile(filename, data if data is not None else MESSY_FEED.read_bytes(), content_type="application/json")
    return client.post("/imports/feeds/new/", {"name": name, "url": "", "file": file})


@pytest.mark.django_db
@pytest.mark.parametrize("role, status", [("anonymous", 302), ("resident", 403), ("member_a", 403), ("manager_a", 403),
                                          ("council_officer", 403), ("lio_staff", 200), ("administrator", 200)])
def test_only_lio_staff_and_administrators_may_import(client, people, role, status):
    if people[role]:
        client.force_login(people[role])
    for url in ("/imports/feeds/", "/imports/feeds/new/"):
        assert client.get(url).status_code == status
    response = _upload(client)
    assert response.status_code == (302 if status == 200 else status)
    assert Feed.objects.exists() == (status == 200)


@pytest.mark.django_db
def test_an_upload_is_imported_and_its_report_shown(client, people, needs):
    client.force_login(people["lio_staff"])
    response = _upload(client)
    job = Job.objects.get(kind="oruk_import")
    assert response.url == f"/imports/feeds/runs/{job.pk}/"
    assert job.created_by == people["lio_staff"] and job.feed_run.feed.name == "Council feed"
    page = client.get(response.url).content.decode()
    assert "Finished" in page
    assert '<h1 class="govuk-heading-l">Import of Council feed</h1>' in page  # the heading says what the title says
    assert "The service has no name" in page
    assert "Duplicate id: an earlier record in the feed has the same id" in page
    assert "The website “not a website” is not a web address, so it was left out" in page
    assert client.get(response.url + "?progress=json").json()["finished"] is True
    listing = client.get("/imports/feeds/").content.decode()
    assert "Council feed" in listing and "24 created, 0 updated, 0 unchanged, 7 rejected" in listing


@pytest.mark.django_db
@pytest.mark.parametrize("fields, files, message", [
    ({"url": ""}, None, "Enter the feed&#x27;s address, or choose a JSON file"),
    ({"url": "ftp://example.org/feed"}, None, "Enter the feed&#x27;s address, starting with https://"),
    ({"url": "https://example.org/api"}, ("feed.json", b"[]"), "Give the feed&#x27;s address or a file, not both"),
    ({"url": ""}, ("feed.json", b'{"contents": [{"id": '), "feed.json is not valid JSON"),
    ({"url": ""}, ("page.html", b"<html></html>"), "page.html is a web page or XML (HTML), not JSON"),
    ({"url": ""}, ("feed.json", b'{"hello": 1}'), "feed.json is JSON but not an ORUK feed"),
])
def test_the_form_says_what_is_wrong_and_nothing_is_written(client, people, counts, fields, files, message):
    client.force_login(people["lio_staff"])
    before = counts()
    data = {"name": "", **fields}
    if files:
        data["file"] = SimpleUploadedFile(files[0], files[1])
    response = client.post("/imports/feeds/new/", data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page and message in page
    assert counts() == before and not Feed.objects.exists() and not Job.objects.exists()


@pytest.mark.django_db
def test_a_url_feed_is_imported_again_from_its_page_and_shows_what_is_gone(client, people, feed_server, needs):
    client.force_login(people["administrator"])
    feed_server.services = feed_services(3)
    client.post("/imports/feeds/new/", {"name": "Roker", "url": feed_server.url})
    feed = Feed.objects.get()
    feed_server.services.pop()
    response = client.post(f"/imports/feeds/{feed.pk}/import/")
    job = Job.objects.filter(kind="oruk_import").first()
    assert response.url == f"/imports/feeds/runs/{job.pk}/"
    assert job.report["not_seen_since"]["services"] == {"now": 1, "newly": 1}
    page = client.get(f"/imports/feeds/{feed.pk}/").content.decode()
    assert "Service 3" in page and "Not seen since" in page
    assert page.count("/imports/feeds/runs/") == 2


@pytest.mark.django_db
def test_a_failed_run_shows_its_message(client, people, feed_server):
    client.force_login(people["lio_staff"])
    feed_server.misbehave["*"] = "500"
    response = client.post("/imports/feeds/new/", {"name": "Broken", "url": feed_server.url})
    page = client.get(response.url).content.decode()
    assert "Stopped with a problem" in page and "The feed answered 500" in page and importer.UNCHANGED_DIRECTORY in page
    assert not ImportedRecord.objects.exists()


@pytest.mark.django_db
def test_a_run_of_another_kind_of_job_is_not_found(client, people):
    client.force_login(people["lio_staff"])
    other = Job.objects.create(kind="spreadsheet_import", title="Other")
    assert client.get(f"/imports/feeds/runs/{other.pk}/").status_code == 404


@pytest.mark.django_db
def test_a_feed_being_imported_is_not_started_again(client, people):
    client.force_login(people["lio_staff"])
    feed = importer.feed_for(source="http://127.0.0.1:9/api/oruk", is_url=True, name="Busy")
    running = importer.new_run(feed)
    Job.objects.filter(pk=running.pk).update(status="running")
    response = client.post(f"/imports/feeds/{feed.pk}/import/", follow=True)
    assert response.redirect_chain[-1][0] == f"/imports/feeds/runs/{running.pk}/"
    assert "is being imported already" in response.content.decode()
    assert Job.objects.count() == 1


@pytest.mark.django_db
def test_a_running_import_shows_its_progress(client, people):
    client.force_login(people["lio_staff"])
    feed = importer.feed_for(source="https://example.org/api/oruk", is_url=True, name="Slow")
    job = importer.new_run(feed)
    Job.objects.filter(pk=job.pk).update(status="running", total=40, done=10, stage="Reading each service's full record")
    page = client.get(f"/imports/feeds/runs/{job.pk}/").content.decode()
    assert "10 of 40 done (25%)" in page and "Reading each service&#x27;s full record" in page
    assert "Rejected records" not in page
    assert client.get(f"/imports/feeds/runs/{job.pk}/?progress=json").json() == {
        "status": "running", "finished": False, "done": 10, "total": 40, "percent": 25,
        "stage": "Reading each service's full record"}


@pytest.mark.django_db
def test_administrators_can_read_provenance_in_the_admin(client, people, needs):
    client.force_login(people["administrator"])
    _upload(client)
    for model in ("feed", "feedrun", "importedrecord"):
        assert client.get(f"/admin/interchange/{model}/").status_code == 200
    record = ImportedRecord.objects.first()
    assert client.get(f"/admin/interchange/importedrecord/{record.pk}/change/").status_code == 200
