"""Rural proofing on real places: the 2021 LSOA centres of Cornwall (E06000052) from the shared open data."""

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from django.conf import settings

from kith.needs.coverage import Area, Service, coverage, haversine_km, naive_coverage, roll_up

GEOGRAPHY = Path(settings.BASE_DIR).parent / "shared" / "data" / "geography"
TOWNS = {  # a handful of in-person services in the main towns east of Camborne
    "Truro": (50.263, -5.051), "Falmouth": (50.153, -5.070), "Newquay": (50.415, -5.073),
    "St Austell": (50.338, -4.789), "Bodmin": (50.471, -4.718), "Liskeard": (50.455, -4.465),
    "Launceston": (50.637, -4.360), "Bude": (50.829, -4.543),
}


@pytest.fixture(scope="module")
def cornwall() -> list[Area]:
    if not GEOGRAPHY.is_dir():
        pytest.skip("the shared open data (../shared/data/geography) is not beside the repository")
    boundaries = json.loads((GEOGRAPHY / "boundaries" / "lsoa21_E06000052_cornwall.geojson").read_text())
    codes = {feature["properties"]["LSOA21CD"] for feature in boundaries["features"]}
    centres = pd.read_csv(GEOGRAPHY / "lsoa_centroids_latlong.csv.gz")
    centres = centres[centres["LSOACD"].isin(codes)].sort_values("LSOACD")
    assert len(centres) == len(codes) == 336
    return [Area(row.LSOACD, row.latitude, row.longitude, 1600, {"debt": 1.0})
            for row in centres.itertuples()]


def test_far_west_cornwall_is_flagged_rural_and_the_towns_are_not(cornwall):
    services = [Service(name, (point,), frozenset({"debt"})) for name, point in TOWNS.items()]

    result = coverage(cornwall, services, distance_km=5, rural_km=15)

    rural = dict(zip(result.codes, result.rural[:, 0]))
    far_west = [a.code for a in cornwall if a.longitude < -5.45]  # Penwith: Penzance, St Ives, St Just
    near_truro = [a.code for a in cornwall if haversine_km(a.latitude, a.longitude, *TOWNS["Truro"]) < 5]
    assert len(far_west) > 20 and len(near_truro) > 5
    assert all(rural[code] for code in far_west)
    assert not any(rural[code] for code in near_truro)
    assert np.array_equal(result.rural, naive_coverage(cornwall, services, distance_km=5, rural_km=15).rural)
    authority = roll_up(result, {a.code: "E06000052" for a in cornwall})
    assert 0 < authority.rural_population[0, 0] < authority.population[0]
    assert authority.rural_areas[0, 0] == int(result.rural[:, 0].sum())
