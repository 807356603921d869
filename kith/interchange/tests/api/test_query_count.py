"""A page costs the same number of SQL queries whatever per_page is: nothing is read per record."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .conftest import full_service

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory(db):
    """Every service with one of everything, so that no page is spared a query for lack of rows."""
    for _ in range(55):
        full_service()


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.json()["contents"]) == int(url.rsplit("per_page=", 1)[1])
    return len(captured)


ENDPOINTS = ["services?minimal=true", "services?full=false", "services?full=true", "service_at_locations?full=false",
             "service_at_locations?full=true", "organizations?full=false", "organizations?full=true",
             "organizations?full_service=true"]


def test_query_count_is_the_same_for_1_10_and_50_a_page(client, directory):
    # One directory for every endpoint: building it is most of this test's time.
    counts = {endpoint: {per_page: queries(client, f"/api/oruk/{endpoint}&per_page={per_page}") for per_page in (1, 10, 50)}
              for endpoint in ENDPOINTS}
    assert all(len(set(by_size.values())) == 1 for by_size in counts.values()), counts
    assert counts["services?full=false"][50] == 3  # the count, the page's ids, their records with organisations
