"""Where the search tests search from: SR1 3SD, and points a known distance north of it."""

import pytest

HOME = (54.904456, -1.390973)  # SR1 3SD
MILES_PER_DEGREE_LAT = 69.05


def near_home(miles: float) -> tuple[float, float]:
    return HOME[0] + miles / MILES_PER_DEGREE_LAT, HOME[1]


@pytest.fixture
def postcodes(db):
    """The postcodes the tests type."""


@pytest.fixture(autouse=True)
def fresh_cache():
    """The list of languages on offer is cached between requests; each test starts without it."""
    from django.core.cache import cache

    cache.clear()
