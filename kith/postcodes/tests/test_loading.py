import csv
import io
import math
from pathlib import Path

import pandas as pd
import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kith.postcodes import loading
from kith.postcodes.lookup import find
from kith.postcodes.models import Postcode, PostcodeDistrict

SHARED = Path(__file__).resolve().parents[4] / "shared" / "data" / "postcodes"
SUNDERLAND_CSV = SHARED / "postcodes_E08000024_sunderland.csv"
DISTRICTS_CSV = SHARED / "outcode_centroids_gb.csv"
needs_shared = pytest.mark.skipif(not SUNDERLAND_CSV.exists(),
                                  reason=f"the ONS reference extract {SUNDERLAND_CSV} is not on this machine")

# Rows as the package holds them: pcd fixed width, British National Grid (Irish Grid in Northern Ireland).
RAW = pd.DataFrame({
    "pcd": ["SR1 3SD", "SR431ZZ", "E1  0AA", "BT1 1AA", "GY1 1AA", "NOT A PC"],
    "oseast1m": [439150.0, 436928.0, 535267.0, 334316.0, math.nan, 1.0],
    "osnrth1m": [556807.0, 557425.0, 181084.0, 374675.0, math.nan, 1.0],
    "laua": ["E08000024", "E08000024", "E09000030", "N09000003", "L99999999", "E08000024"],
})


def run(*args) -> str:
    out = io.StringIO()
    call_command("load_postcodes", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def writes(queries) -> list[str]:
    return [q["sql"] for q in queries if q["sql"].split()[0].upper() in ("INSERT", "UPDATE", "DELETE")]


def test_tidy_normalises_postcodes_converts_grid_references_and_leaves_out_those_without_one():
    frame = loading.tidy(RAW).set_index("postcode")
    assert list(frame.index) == ["BT1 1AA", "E1 0AA", "SR1 3SD", "SR43 1ZZ"]
    # The same values ONS publishes for these postcodes.
    assert tuple(frame.loc["SR1 3SD", ["latitude", "longitude"]]) == (54.904456, -1.390973)
    assert tuple(frame.loc["SR43 1ZZ", ["latitude", "longitude", "outcode"]]) == (54.910178, -1.425545, "SR43")
    assert frame.loc["E1 0AA", "latitude"] == pytest.approx(51.51, abs=0.01)  # Whitechapel
    assert frame.loc["E1 0AA", "longitude"] == pytest.approx(-0.06, abs=0.01)
    # Belfast on the Irish Grid, not somewhere in Cheshire on the British one.
    assert frame.loc["BT1 1AA", "latitude"] == pytest.approx(54.6024, abs=0.001)
    assert frame.loc["BT1 1AA", "longitude"] == pytest.approx(-5.9223, abs=0.001)
    assert frame.loc["BT1 1AA", "local_authority"] == "N09000003"


def test_district_centres_are_the_mean_of_their_postcodes_with_the_main_authority():
    frame = pd.DataFrame({"postcode": ["AB1 1AA", "AB1 1AB", "AB1 1AD", "AB2 1AA", "AB2 1AB"],
                          "outcode": ["AB1", "AB1", "AB1", "AB2", "AB2"],
                          "latitude": [57.0, 57.3, 57.6, 56.0, 56.1], "longitude": [-2.0, -2.3, -2.6, -3.0, -3.1],
                          "local_authority": ["S1", "S2", "S2", "S9", "S8"]})
    centres = loading.district_centres(frame).set_index("outcode")
    assert tuple(centres.loc["AB1"]) == (57.3, -2.3, 3, "S2")
    # A tie goes to the lower code, so every run gives the same answer.
    assert tuple(centres.loc["AB2"]) == (56.05, -3.05, 2, "S8")


@needs_shared
def test_sunderland_from_the_package_matches_the_ons_published_points(sunderland_postcodes):
    with SUNDERLAND_CSV.open(newline="") as f:
        source = {row["pcds"]: row for row in csv.DictReader(f)}
    held = {p.postcode: p for p in Postcode.objects.all()}
    assert set(held) == set(source) and len(held) == 9709
    for postcode, row in source.items():
        point = held[postcode]
        assert (point.latitude, point.longitude) == pytest.approx((float(row["latitude"]), float(row["longitude"])),
                                                                  abs=1.5e-6), postcode
        assert (point.local_authority, point.outcode) == ("E08000024", postcode.split()[0])


@needs_shared
def test_the_districts_sunderland_touches_are_centred_on_all_their_postcodes(sunderland_postcodes):
    with DISTRICTS_CSV.open(newline="") as f:
        reference = {row["outcode"]: row for row in csv.DictReader(f)}
    districts = list(PostcodeDistrict.objects.all())
    assert {d.outcode for d in districts} >= {"SR1", "SR2", "SR3", "SR4", "SR5", "SR6", "DH4", "DH5", "NE37", "NE38"}
    for district in districts:
        row = reference[district.outcode]
        assert district.postcodes == int(row["n_postcodes"]), district.outcode
        # The reference averaged grid references, then converted (5 places); we average points: within 3 m.
        assert (district.latitude, district.longitude) == pytest.approx(
            (float(row["latitude"]), float(row["longitude"])), abs=3e-5), district.outcode
    # Most of SR7 (Seaham) is in County Durham: its centre counts every postcode, not just Sunderland's.
    seaham = PostcodeDistrict.objects.get(pk="SR7")
    assert seaham.local_authority == "E06000047"
    assert seaham.postcodes > Postcode.objects.filter(outcode="SR7").count()


def test_the_command_loads_an_authority_and_a_second_run_writes_nothing(db):
    first = run("--authority", "e08000024")
    assert "9,709 (9,709 added, 0 changed, 0 unchanged)" in first
    assert Postcode.objects.filter(local_authority="E08000024").count() == 9709
    assert find("SR1 3SD").point == (54.904456, -1.390973)
    with CaptureQueriesContext(connection) as queries:
        second = run("--authority", "E08000024")
    assert "9,709 (0 added, 0 changed, 9,709 unchanged)" in second
    assert writes(queries.captured_queries) == []


def test_a_changed_postcode_is_put_right_by_the_next_load(sunderland_postcodes, _sunderland_postcode_extract):
    Postcode.objects.filter(pk="SR1 3SD").update(latitude=50.0, local_authority="E99999999")
    PostcodeDistrict.objects.filter(pk="SR1").delete()
    extract = _sunderland_postcode_extract
    summary = loading.save(extract.postcodes, extract.districts)
    assert (summary.postcodes.changed, summary.postcodes.added, summary.postcodes.unchanged) == (1, 0, 9708)
    assert (summary.districts.added, summary.districts.changed) == (1, 0)
    assert find("sr13sd").point == (54.904456, -1.390973) and find("SR1 3SD").local_authority == "E08000024"


@pytest.mark.parametrize("code,message", [("junk", "Enter a local authority's GSS code"),
                                          ("E08000024x", "Enter a local authority's GSS code"),
                                          ("E99999999", "no postcodes for local authority E99999999")])
def test_the_command_refuses_an_authority_it_cannot_load_and_writes_nothing(db, code, message):
    with pytest.raises(CommandError, match=message):
        run("--authority", code)
    assert not Postcode.objects.exists() and not PostcodeDistrict.objects.exists()


def test_the_command_needs_a_source(db):
    with pytest.raises(CommandError, match="one of the arguments"):
        run()


def test_loading_all_reads_the_package_letter_by_letter(db):
    # Shetland (ZE) is the smallest letter in the package, so this runs the real --all path quickly.
    summary = loading.load_all(letters="Z")
    assert summary.postcodes.added == Postcode.objects.count() > 500
    assert set(Postcode.objects.values_list("outcode", flat=True)) == {"ZE1", "ZE2", "ZE3"}
    assert set(PostcodeDistrict.objects.values_list("outcode", flat=True)) == {"ZE1", "ZE2", "ZE3"}
    for postcode in Postcode.objects.all():
        assert 59.4 < postcode.latitude < 61 and -2.2 < postcode.longitude < -0.7
        assert postcode.local_authority == "S12000027"
    again = loading.load_all(letters="Z")
    assert again.postcodes.unchanged == summary.postcodes.added and again.postcodes.added == 0


def test_all_keeps_the_letters_it_finished_when_interrupted_and_a_second_run_completes_it(db, monkeypatch):
    real = loading._package_letter
    letters = {"S": RAW[RAW["pcd"].str.startswith("S")], "E": RAW[RAW["pcd"].str.startswith("E")]}

    def broken(letter):
        if letter == "S":
            raise OSError("disk went away")
        return letters.get(letter, real("Q"))  # no postcode begins with Q: an empty frame of the package's shape

    monkeypatch.setattr(loading, "_package_letter", broken)
    with pytest.raises(OSError):
        run("--all")
    assert set(Postcode.objects.values_list("postcode", flat=True)) == {"E1 0AA"}

    monkeypatch.setattr(loading, "_package_letter", lambda letter: letters.get(letter, real("Q")))
    out = run("--all")
    assert "Postcodes for the UK: 3 (2 added, 0 changed, 1 unchanged)" in out
    assert set(Postcode.objects.values_list("postcode", flat=True)) == {"SR1 3SD", "SR43 1ZZ", "E1 0AA"}
    assert set(PostcodeDistrict.objects.values_list("outcode", flat=True)) == {"SR1", "SR43", "E1"}
