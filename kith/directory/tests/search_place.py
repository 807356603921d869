"""Where the search tests search from: SR1 3SD, and points a known distance north of it."""

import pytest

from kith.postcodes.models import Postcode, PostcodeDistrict

# Real values from the ONS Postcode Directory.
HOME = (54.904456, -1.390973)  # SR1 3SD
SR1_CENTRE = (54.906874, -1.381591)
MILES_PER_DEGREE_LAT = 69.05


def near_home(miles: float) -> tuple[float, float]:
    return HOME[0] + miles / MILES_PER_DEGREE_LAT, HOME[1]


@pytest.fixture
def postcodes(db):
    """The postcode the tests search from, and its district (a few rows: faster than the whole place)."""
    Postcode.objects.create(postcode="SR1 3SD", outcode="SR1", latitude=HOME[0], longitude=HOME[1],
                            local_authority="E08000024")
    PostcodeDistrict.objects.create(outcode="SR1", latitude=SR1_CENTRE[0], longitude=SR1_CENTRE[1], postcodes=677,
                                    local_authority="E08000024")


@pytest.fixture(autouse=True)
def fresh_cache():
    """The list of languages on offer is cached between requests; each test starts without it."""
    from django.core.cache import cache

    cache.clear()
