"""Fixtures for feed imports: the directory's taxonomy, the messy feed file, and counts of every directory table."""

from pathlib import Path

import pytest
from django.apps import apps

from kith.directory import taxonomy

DATA = Path(__file__).parent / "data"
MESSY_FEED = DATA / "messy_feed.json"


@pytest.fixture
def needs(db):
    """Kith's own taxonomy, which feeds' terms are matched against."""
    return taxonomy.load()


def directory_counts() -> dict:
    """Rows in every table of the directory (organisations and directory apps), to compare before and after."""
    models = [*apps.get_app_config("directory").get_models(), *apps.get_app_config("organisations").get_models()]
    return {m._meta.label: m.objects.count() for m in models}


@pytest.fixture
def counts():
    return directory_counts


@pytest.fixture
def feed_server():
    from .server import FeedServer

    with FeedServer() as server:
        yield server


def feed_services(count: int = 5, organisation_id: str = "org-1") -> list[dict]:
    """Small, clean ORUK 3.0 services with their organisation nested."""
    organisation = {"id": organisation_id, "name": "Roker Community Trust", "description": "Community groups in Roker."}
    return [{"id": f"svc-{i}", "name": f"Service {i}", "description": f"What service {i} does.", "status": "active",
             "organization_id": organisation_id, "organization": organisation,
             "schedules": [{"id": f"sch-{i}", "byday": "MO", "opens_at": "09:00", "closes_at": "12:00"}]}
            for i in range(1, count + 1)]
