"""Pulling a feed over HTTP from a local server: every page, every full record, and bad feeds that
abort cleanly with the directory as it was."""

import time

import pytest

from kith.interchange.feeds import importer, reading
from kith.interchange.models import ImportedRecord

from .conftest import feed_services


def _import(url):
    feed = importer.feed_for(source=url, is_url=True)
    job = importer.new_run(feed)
    from kith.core.jobs import run_job

    return run_job(job, importer.work_for(feed, job))


@pytest.mark.django_db
def test_every_page_then_every_full_record_is_read(feed_server):
    feed_server.services = feed_services(5)
    document = reading.fetch_url(feed_server.url + "/")
    assert [s["id"] for s in document.services] == ["svc-1", "svc-2", "svc-3", "svc-4", "svc-5"]
    assert all(s["schedules"] for s in document.services)   # the full records, not the list's summaries
    pages = [r for r in feed_server.requests if r.startswith("/api/oruk/services?")]
    assert pages == [f"/api/oruk/services?page={n}&per_page={reading.PER_PAGE}" for n in (1, 2, 3)]


@pytest.mark.django_db
def test_a_feed_that_refuses_a_large_page_is_asked_for_smaller_ones(feed_server):
    feed_server.services = feed_services(5)
    feed_server.per_page_cap, feed_server.per_page_refused_over = 100, 100
    document = reading.fetch_url(feed_server.url)
    assert len(document.services) == 5
    pages = [r for r in feed_server.requests if r.startswith("/api/oruk/services?")]
    assert pages == ["/api/oruk/services?page=1&per_page=1000", "/api/oruk/services?page=1&per_page=200",
                     "/api/oruk/services?page=1&per_page=100"]


@pytest.mark.django_db
def test_a_pulled_feed_is_imported_as_a_job_with_its_report(feed_server, needs):
    feed_server.services = feed_services(3)
    job = _import(feed_server.url + "/services")   # the /services page pasted instead of the base: both work
    assert job.status == "succeeded", job.message
    assert job.report["services"] == {"created": 3, "updated": 0, "unchanged": 0, "rejected": 0}
    assert job.feed_run.feed.source == feed_server.url + "/services"
    assert ImportedRecord.objects.filter(entity="service").count() == 3


@pytest.mark.django_db
def test_a_service_whose_full_record_is_missing_is_rejected_and_the_rest_imported(feed_server, needs):
    feed_server.services = feed_services(3)
    feed_server.misbehave["/api/oruk/services/svc-2"] = "404"
    job = _import(feed_server.url)
    assert job.report["services"]["created"] == 2
    assert job.report["rejected"] == [{"entity": "service", "external_id": "svc-2", "name": "Service 2",
                                       "reason": "the feed lists this service but its full record was not found (404)"}]


@pytest.mark.django_db
@pytest.mark.parametrize("path, trick, message", [
    ("/api/oruk/services", "html", "The feed answered with a web page (HTML), not JSON"),
    ("/api/oruk/services", "404", "The feed answered 404 Not Found"),
    ("/api/oruk/services", "500", "The feed answered 500 Internal Server Error"),
    ("/api/oruk/services/svc-3", "500", "The feed answered 500 Internal Server Error"),
    ("/api/oruk/services/svc-2", "truncate", "cut short"),
    ("/api/oruk/services/svc-4", "slow", "did not answer within 1 seconds"),
    ("/api/oruk/services", "json:{\"contents\": [{\"id\": 1}", "is not valid JSON"),
    ("/api/oruk/services", "json:[1, 2, 3]", "is not an ORUK list of services"),
    ("/api/oruk/services", "json:{\"total_pages\": 1}", "is not an ORUK list of services"),
])
def test_a_bad_feed_aborts_and_leaves_the_directory_as_it_was(feed_server, needs, counts, settings, path, trick, message):
    settings.KITH_FEED_TIMEOUT = 1
    feed_server.services = feed_services(4)
    _import(feed_server.url)   # an earlier good import, so "as it was" has something in it
    feed_server.services[0]["name"] = "Renamed"
    feed_server.services.append(feed_services(5)[-1])
    before, records = counts(), list(ImportedRecord.objects.values_list("pk", "last_seen", "not_seen_since"))
    feed_server.misbehave[path] = trick
    job = _import(feed_server.url)
    assert job.status == "failed"
    assert message in job.message
    assert job.message.endswith(importer.UNCHANGED_DIRECTORY)
    assert counts() == before
    assert list(ImportedRecord.objects.values_list("pk", "last_seen", "not_seen_since")) == records


@pytest.mark.django_db
def test_a_feed_of_more_pages_than_allowed_is_refused(feed_server, settings, counts):
    settings.KITH_FEED_MAX_PAGES = 2
    feed_server.services = feed_services(5)
    before = counts()
    with pytest.raises(reading.FeedError, match="has 3 pages of services, more than the 2 pages"):
        reading.fetch_url(feed_server.url)
    assert counts() == before


@pytest.mark.django_db
def test_an_answer_too_large_is_refused(feed_server, settings, counts):
    settings.KITH_FEED_MAX_BYTES = 1_000_000
    feed_server.misbehave["/api/oruk/services"] = "huge"
    before = counts()
    with pytest.raises(reading.FeedError, match="is larger than 1 MB"):
        reading.fetch_url(feed_server.url)
    assert counts() == before


def test_an_answer_that_trickles_in_is_given_up(feed_server, settings):
    settings.KITH_FEED_TIMEOUT = 1
    feed_server.misbehave["/api/oruk/services"] = "trickle"
    started = time.monotonic()
    with pytest.raises(reading.FeedError, match="was still arriving after 4 seconds"):
        reading.fetch_url(feed_server.url)
    assert time.monotonic() - started < 10


@pytest.mark.parametrize("address", ["http://127.0.0.1/api/oruk", "http://10.1.2.3/api/oruk",
                                     "http://169.254.169.254/latest/meta-data", "http://[::1]/api/oruk"])
def test_addresses_inside_the_network_are_refused_in_production(settings, address):
    settings.KITH_FEED_ALLOW_PRIVATE = False
    with pytest.raises(reading.FeedError, match="inside the server's own network"):
        reading.fetch_url(address)


def test_a_server_that_is_not_there_gives_a_message():
    with pytest.raises(reading.FeedError, match="connection was refused"):
        reading.fetch_url("http://127.0.0.1:9/api/oruk")
