import gzip
import io
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from kith.areas.loading import detect_properties
from kith.areas.models import Area

pytestmark = pytest.mark.django_db

SQUARE = [[[-1.40, 54.90], [-1.39, 54.90], [-1.39, 54.91], [-1.40, 54.91], [-1.40, 54.90]]]
# Two triangles meeting at a point: invalid (self-intersection), repairable into a MultiPolygon.
BOW_TIE = [[[-1.40, 54.90], [-1.38, 54.92], [-1.38, 54.90], [-1.40, 54.92], [-1.40, 54.90]]]
# Every corner on one line: nothing of a polygon is left to repair.
FLAT = [[[-1.40, 54.90], [-1.39, 54.90], [-1.38, 54.90], [-1.40, 54.90]]]


def feature(code, name, coordinates, authority="E08000024", kind="LSOA21"):
    properties = {f"{kind}CD": code, f"{kind}NM": name, "LADCD_ACTIVE": authority}
    return {"type": "Feature", "properties": properties, "geometry": {"type": "Polygon", "coordinates": coordinates}}


def geojson(tmp_path: Path, features, name="areas.geojson") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    return path


def load(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("load_areas", *args, stdout=out, stderr=err, verbosity=0)
    return out.getvalue(), err.getvalue()


@pytest.mark.parametrize(
    "properties, expected",
    [
        ({"FID": 1, "LSOA21CD": "E01008693", "LSOA21NM": "Sunderland 008A"}, ("LSOA21CD", "LSOA21NM", Area.Kind.LSOA)),
        ({"WD25CD": "E05001153", "WD25NM": "Barnes", "WD25NMW": " "}, ("WD25CD", "WD25NM", Area.Kind.WARD)),
        ({"LAD24CD": "E08000024", "LAD24NM": "Sunderland"}, ("LAD24CD", "LAD24NM", Area.Kind.LOCAL_AUTHORITY)),
        ({"lad19cd": "E08000024", "lad19nm": "Sunderland"}, ("lad19cd", "lad19nm", Area.Kind.LOCAL_AUTHORITY)),
    ],
)
def test_code_and_name_properties_are_found_by_ons_convention(properties, expected):
    assert detect_properties(properties) == expected


def test_lsoas_load_with_authority_centre_and_size(tmp_path):
    out, _ = load("--boundaries", str(geojson(tmp_path, [feature("E01000001", "Square 001A", SQUARE)])))

    area = Area.objects.get()
    assert (area.code, area.name, area.kind, area.local_authority) == ("E01000001", "Square 001A", "lsoa21", "E08000024")
    assert area.boundary["type"] == "Polygon"
    assert -1.40 < area.longitude < -1.39 and 54.90 < area.latitude < 54.91
    # 0.01° of longitude at 54.9°N is about 0.64 km, 0.01° of latitude 1.11 km.
    assert area.area_km2 == pytest.approx(0.71, abs=0.01)
    assert area.source == "areas.geojson"
    assert "1 added" in out


def test_authority_keeps_only_that_authoritys_areas(tmp_path):
    path = geojson(tmp_path, [feature("E01000001", "Ours", SQUARE), feature("E01000002", "Theirs", SQUARE, authority="E06000052")])

    out, _ = load("--boundaries", str(path), "--authority", "E06000052")

    assert list(Area.objects.values_list("code", flat=True)) == ["E01000002"]
    assert "1 skipped" in out


def test_loading_again_changes_nothing(tmp_path):
    path = geojson(tmp_path, [feature("E01000001", "Square 001A", SQUARE), feature("E01000002", "Bow tie", BOW_TIE)])
    load("--boundaries", str(path))
    first = {area.code: area.loaded_at for area in Area.objects.all()}

    out, _ = load("--boundaries", str(path))

    assert "0 added, 0 changed, 2 unchanged" in out
    assert {area.code: area.loaded_at for area in Area.objects.all()} == first


def test_a_changed_name_is_updated_in_place(tmp_path):
    load("--boundaries", str(geojson(tmp_path, [feature("E01000001", "Old name", SQUARE)])))
    out, _ = load("--boundaries", str(geojson(tmp_path, [feature("E01000001", "New name", SQUARE)])))

    assert Area.objects.get().name == "New name"
    assert "0 added, 1 changed" in out


def test_invalid_geometry_is_repaired_and_reported(tmp_path):
    out, _ = load("--boundaries", str(geojson(tmp_path, [feature("E01000002", "Bow tie", BOW_TIE)])))

    area = Area.objects.get()
    assert area.boundary["type"] == "MultiPolygon"
    assert len(area.boundary["coordinates"]) == 2
    assert "repaired E01000002: invalid geometry repaired (Self-intersection" in out


def test_irreparable_geometry_is_rejected_by_code_and_the_rest_load(tmp_path):
    path = geojson(tmp_path, [feature("E01000001", "Square", SQUARE), feature("E01000003", "Flat", FLAT)])

    _, err = load("--boundaries", str(path))

    assert list(Area.objects.values_list("code", flat=True)) == ["E01000001"]
    assert "rejected E01000003: its geometry is invalid" in err


@pytest.mark.parametrize(
    "content, message",
    [
        ("postcode,latitude\nSR1 3SD,54.9\n", "is not a GeoJSON file"),
        ('{"type": "Feature", "properties": {}}', "is not a GeoJSON FeatureCollection"),
        ('{"type": "FeatureCollection", "features": []}', "has no features"),
        (
            json.dumps({"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"code": "E01000001", "name": "A"}, "geometry": None}]}),
            "no ONS code and name properties",
        ),
    ],
)
def test_files_that_are_not_ons_boundaries_are_refused_and_nothing_is_written(tmp_path, content, message):
    path = tmp_path / "bad.geojson"
    path.write_text(content)

    with pytest.raises(CommandError, match=message):
        load("--boundaries", str(path))
    assert not Area.objects.exists()


def test_a_feature_without_its_code_refuses_the_whole_file(tmp_path):
    nameless = feature("", "No code", SQUARE)
    path = geojson(tmp_path, [feature("E01000001", "Square", SQUARE), nameless])

    with pytest.raises(CommandError, match="Feature 2 of areas.geojson has no LSOA21CD. Nothing was written"):
        load("--boundaries", str(path))
    assert not Area.objects.exists()


def test_official_centroids_replace_the_computed_centre_and_survive_a_reload(tmp_path):
    boundaries = geojson(tmp_path, [feature("E01000001", "Square", SQUARE)])
    centroids = tmp_path / "centroids.csv.gz"
    centroids.write_bytes(gzip.compress(b"LSOACD,latitude,longitude,lsoa11cd\nE01000001,54.905,-1.395,x\nE01999999,50,-4,y\n"))
    load("--boundaries", str(boundaries))

    out, _ = load("--centroids", str(centroids), "--boundaries", str(boundaries))

    area = Area.objects.get()
    assert (area.latitude, area.longitude, area.official_centre) == (54.905, -1.395, True)
    assert "1 skipped" in out


def test_centroids_with_a_non_number_are_refused_and_nothing_is_written(tmp_path):
    load("--boundaries", str(geojson(tmp_path, [feature("E01000001", "Square", SQUARE)])))
    before = Area.objects.get()
    centroids = tmp_path / "centroids.csv"
    centroids.write_text("LSOACD,latitude,longitude\nE01000001,north,-1.395\n")

    with pytest.raises(CommandError, match="Line 2 of centroids.csv: the centre of E01000001 is not a number"):
        load("--centroids", str(centroids))
    assert Area.objects.get().latitude == before.latitude


def test_lsoas_learn_the_ward_holding_their_centre(tmp_path):
    ward = feature("E05000001", "Big ward", [[[-1.5, 54.8], [-1.3, 54.8], [-1.3, 55.0], [-1.5, 55.0], [-1.5, 54.8]]], kind="WD25")
    load("--boundaries", str(geojson(tmp_path, [feature("E01000001", "Square", SQUARE)], "lsoa.geojson")))
    load("--boundaries", str(geojson(tmp_path, [ward], "ward.geojson")))

    assert Area.objects.get(code="E01000001").ward == "E05000001"
    assert Area.objects.get(code="E05000001").ward == ""


def test_demo_areas_load_sunderland_and_cornwall_and_reload_changes_nothing():
    call_command("load_demo_areas", verbosity=0, stdout=io.StringIO())
    loaded = {area.code: area.loaded_at for area in Area.objects.all()}
    out = io.StringIO()
    call_command("load_demo_areas", verbosity=0, stdout=out)

    sunderland = Area.objects.filter(local_authority="E08000024")
    assert sunderland.filter(kind="lsoa21").count() == 185
    assert sunderland.filter(kind="ward").count() == 25
    assert Area.objects.filter(kind="lad").count() == 2
    assert not sunderland.filter(kind="lsoa21", ward="").exists()
    assert sunderland.filter(kind="lsoa21", official_centre=True).count() == 185
    assert {area.code: area.loaded_at for area in Area.objects.all()} == loaded
    assert " 0 added, 0 changed" in out.getvalue() and "changed, 0 unchanged" not in out.getvalue()


SHARED = Path(settings.BASE_DIR).parent / "shared" / "data" / "geography" / "boundaries"


@pytest.mark.skipif(not SHARED.exists(), reason="the official boundary files (../shared/data/geography) are not on this machine")
def test_official_files_load_every_area_of_the_authority():
    cornwall = SHARED / "lsoa21_E06000052_cornwall.geojson"
    expected_cornwall = len(json.loads(cornwall.read_text())["features"])

    load("--boundaries", str(SHARED / "lsoa21_E08000024_sunderland.geojson"), "--boundaries", str(cornwall))
    load("--boundaries", str(SHARED / "lad24_england_buc.geojson"), "--authority", "E08000024")

    assert Area.objects.filter(kind="lsoa21", local_authority="E08000024").count() == 185
    assert Area.objects.filter(kind="lsoa21", local_authority="E06000052").count() == expected_cornwall
    assert list(Area.objects.filter(kind="lad").values_list("name", flat=True)) == ["Sunderland"]


def test_a_repeated_code_is_rejected_and_the_first_kept(tmp_path):
    path = geojson(tmp_path, [feature("E01000001", "First", SQUARE), feature("E01000001", "Again", SQUARE)])

    _, err = load("--boundaries", str(path))

    assert Area.objects.get().name == "First"
    assert "rejected E01000001: feature 2 repeats a code already in the file" in err


@pytest.mark.parametrize(
    "args, message",
    [
        ((), "Give at least one --boundaries or --centroids file"),
        (("--boundaries", "missing.geojson"), "missing.geojson does not exist"),
        (("--centroids", "x.csv", "--authority", "Sunderland"), "'Sunderland' is not a GSS code"),
    ],
)
def test_the_command_explains_what_is_missing(args, message):
    with pytest.raises(CommandError, match=message):
        load(*args)
