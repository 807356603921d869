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
