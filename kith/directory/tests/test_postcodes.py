import csv
from pathlib import Path

import pytest

from kith.directory import postcodes

SHARED = Path(__file__).resolve().parents[4] / "shared" / "data" / "postcodes" / "postcodes_E08000024_sunderland.csv"


@pytest.mark.parametrize("text", ["SR1 3SD", "sr13sd", "  sr1   3sd ", "Sr1\t3sD"])
def test_normalise_accepts_any_spacing_and_case(text):
    assert postcodes.normalise(text) == "SR1 3SD"


@pytest.mark.parametrize("text,expected", [("ne371aa", "NE37 1AA"), ("dh4 4aa", "DH4 4AA"), ("ec1a1bb", "EC1A 1BB"),
                                           ("w1a 0ax", "W1A 0AX")])
def test_normalise_handles_every_shape_of_outward_code(text, expected):
    assert postcodes.normalise(text) == expected


@pytest.mark.parametrize("text", [None, "", "   ", "SR1", "SR1 3S", "SR1 3SDX", "12345", "SR 3SD", "SR1 3-SD", "SR1 3SD;drop"])
def test_normalise_rejects_malformed_postcodes(text):
    assert postcodes.normalise(text) is None


def test_locate_finds_a_sunderland_postcode_in_any_form():
    point = postcodes.lookup("dh44aa")
    assert point == postcodes.PostcodePoint("DH4 4AA", 54.843221, -1.471234, "E01008754")
    assert postcodes.locate(" dh4 4aa ") == (54.843221, -1.471234)


def test_locate_returns_none_for_a_postcode_outside_the_place_or_malformed():
    assert postcodes.locate("SW1A 1AA") is None
    assert postcodes.locate("not a postcode") is None
    assert postcodes.locate(None) is None


def test_shipped_points_all_lie_in_and_around_sunderland():
    points = postcodes.points()
    assert len(points) > 9000
    for point in points.values():
        assert postcodes.normalise(point.postcode) == point.postcode
        assert 54.75 < point.latitude < 55.0 and -1.65 < point.longitude < -1.3
        assert point.lsoa21.startswith("E01")


def test_shipped_files_are_small():
    for path in postcodes.DATA.glob("*codes_E08000024.csv"):
        assert path.stat().st_size < 1_000_000


@pytest.mark.skipif(not SHARED.exists(), reason="the ONS source extract is not on this machine")
def test_shipped_points_match_the_ons_source():
    with SHARED.open(newline="") as f:
        source = list(csv.DictReader(f))
    assert len(postcodes.points()) == len(source)
    for row in source[::250]:
        point = postcodes.lookup(row["pcds"])
        assert point is not None, row["pcds"]
        assert (point.latitude, point.longitude) == (float(row["latitude"]), float(row["longitude"]))
        assert point.lsoa21 == row["lsoa21_pip"]


def test_locate_district_gives_the_centre_of_a_postcode_district():
    centre = postcodes.locate_district("SR1")
    assert centre == (54.90687, -1.38159)
    assert postcodes.locate_district("sr1 3sd") == centre
    assert postcodes.locate_district("zz9") is None
    assert postcodes.locate_district("rubbish!") is None


def test_outcode_of_a_postcode_or_a_district():
    assert postcodes.outcode("sr13sd") == "SR1"
    assert postcodes.outcode(" ne37 ") == "NE37"
    assert postcodes.outcode("SR1 3") is None
