"""Importing an ONSPD CSV file: good files load, a file with any bad row changes nothing."""

import io

import pytest
from django.core.management import CommandError, call_command

from kith.postcodes import loading
from kith.postcodes.lookup import find
from kith.postcodes.models import Postcode, PostcodeDistrict

pytestmark = pytest.mark.django_db

# The shape of the ONS Postcode Directory's CSV (a few of its columns), with real rows.
HEADER = '"pcd","pcd2","pcds","dointr","doterm","oslaua","usertype","oseast1m","osnrth1m","osgrdind","lsoa21","lat","long"'
SR1_3SD = '"SR1 3SD","SR1  3SD","SR1 3SD","198001","","E08000024","0","439150","556807","1","E01008705",54.904456,-1.390973'
DH4_4AA = '"DH4 4AA","DH4  4AA","DH4 4AA","198001","","E08000024","0","434055","549951","1","E01008754",54.843221,-1.471234'
SR1_1AA = '"SR1 1AA","SR1  1AA","SR1 1AA","198001","200012","E08000024","1","439749","557081","1","E01008705",54.90687,-1.38159'
# ONSPD's way of saying a postcode has no position.
NO_POSITION = '"GY1 1AA","GY1  1AA","GY1 1AA","198001","","L99999999","0","","","9","",99.999999,0.000000'


def write(tmp_path, *lines, name="ONSPD_NOV_2025_UK.csv", encoding="utf-8", bom=False):
    path = tmp_path / name
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + ("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


def run(*args) -> str:
    out = io.StringIO()
    call_command("load_postcodes", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def state():
    return (sorted(Postcode.objects.values_list("postcode", "latitude", "longitude", "local_authority", "outcode")),
            sorted(PostcodeDistrict.objects.values_list("outcode", "latitude", "longitude", "postcodes", "local_authority")))


def test_a_good_file_loads_its_postcodes_and_districts_and_skips_those_without_a_position(tmp_path):
    path = write(tmp_path, HEADER, SR1_3SD, DH4_4AA, NO_POSITION, "", SR1_1AA)
    out = run("--onspd", str(path))
    assert "3 (3 added, 0 changed, 0 unchanged)" in out and "Left out 1 postcodes that have no position" in out
    assert find("sr1 3sd").point == (54.904456, -1.390973) and find("SR1 3SD").local_authority == "E08000024"
    assert not Postcode.objects.filter(pk="GY1 1AA").exists()
    sr1 = PostcodeDistrict.objects.get(pk="SR1")
    assert sr1.postcodes == 2 and sr1.local_authority == "E08000024"
    assert (sr1.latitude, sr1.longitude) == (round((54.904456 + 54.90687) / 2, 6), round((-1.390973 - 1.38159) / 2, 6))
    assert find("SR1 9ZZ").fallback and find("DH4").point == (54.843221, -1.471234)


def test_a_file_in_the_newer_column_names_with_a_byte_order_mark_loads(tmp_path):
    path = write(tmp_path, '"pcd7","pcd8","pcds","east1m","north1m","lad25cd","lat","long"',
                 '"SR1 3SD","SR1  3SD","SR1 3SD","439150","556807","E08000024","54.904456","-1.390973"',
                 '"NE371AA","NE37 1AA","NE37 1AA","431000","557000","E08000024","54.9","-1.5"', bom=True)
    summary = loading.load_onspd(path)
    assert summary.postcodes.added == 2
    assert set(Postcode.objects.values_list("postcode", flat=True)) == {"SR1 3SD", "NE37 1AA"}


def test_loading_the_same_file_again_changes_nothing(tmp_path):
    path = write(tmp_path, HEADER, SR1_3SD, DH4_4AA, SR1_1AA)
    run("--onspd", str(path))
    before = state()
    again = loading.load_onspd(path)
    assert (again.postcodes.added, again.postcodes.changed, again.postcodes.unchanged) == (0, 0, 3)
    assert (again.districts.added, again.districts.changed, again.districts.unchanged) == (0, 0, 2)
    assert state() == before


def test_a_file_with_bad_rows_changes_nothing_and_names_every_bad_line(tmp_path):
    Postcode.objects.create(postcode="SR1 3SD", outcode="SR1", latitude=1.0, longitude=1.0, local_authority="")
    before = state()
    path = write(
        tmp_path, HEADER,
        SR1_3SD,                                                    # line 2: good (and would change the row above)
        SR1_3SD.replace('"SR1 3SD","198001"', '"SR1 3-SD","198001"'),  # 3: not a postcode
        DH4_4AA.replace("54.843221", "north"),                      # 4: latitude not a number
        SR1_1AA.replace("-1.38159", "nan"),                         # 5: longitude not a number
        DH4_4AA.replace("54.843221", "40.1"),                       # 6: not in the UK
        SR1_1AA.replace('"E08000024"', '"Sunderland"'),             # 7: not a GSS code
        SR1_3SD,                                                    # 8: twice
        '"SR2 7AA","SR2  7AA"',                                     # 9: too few columns
    )
    with pytest.raises(CommandError) as caught:
        run("--onspd", str(path))
    message = str(caught.value)
    assert "has 7 bad rows, so nothing was loaded" in message
    for line, words in [(3, "“SR1 3-SD” is not a postcode"), (4, "the latitude “north” is not a number"),
                        (5, "the longitude “nan” is not a number"), (6, "DH4 4AA is at 40.1, -1.471234, which is not in the UK"),
                        (7, "“SUNDERLAND” is not a local authority's GSS code"), (8, "SR1 3SD is on an earlier line"),
                        (9, "it has 2 columns, but the first line has 13")]:
        assert f"line {line}: {words}" in message
    assert "line 2:" not in message
    assert state() == before


def test_a_long_list_of_bad_rows_is_cut_short(tmp_path):
    path = write(tmp_path, HEADER, *[SR1_3SD.replace('"SR1 3SD","198001"', f'"BAD{n}","198001"') for n in range(50)])
    with pytest.raises(loading.LoadError) as caught:
        loading.load_onspd(path)
    assert caught.value.error_count == 50 and len(caught.value.errors) == loading.SHOWN_ERRORS
    assert str(caught.value).endswith("…and 30 more")
    assert not Postcode.objects.exists()


@pytest.mark.parametrize("lines,message", [
    ((), "is empty"),
    (('"pcds","lat","oslaua"', '"SR1 3SD",54.9,"E08000024"'), "has no longitude column"),
    (('"name","lat","long","oslaua"',), "has no postcode column"),
    (('"pcds","lat","long"',), "has no authority column"),
    ((HEADER,), "has no postcodes in it"),
])
def test_a_file_of_the_wrong_shape_is_refused(tmp_path, lines, message):
    path = write(tmp_path, *lines) if lines else (tmp_path / "empty.csv")
    if not lines:
        path.write_bytes(b"")
    with pytest.raises(CommandError, match=message):
        run("--onspd", str(path))
    assert not Postcode.objects.exists()


@pytest.mark.parametrize("good_rows", [0, 3000])
def test_a_file_that_is_not_utf8_text_is_refused_and_changes_nothing(tmp_path, monkeypatch, good_rows):
    monkeypatch.setattr(loading, "BATCH", 100)  # so that rows before the bad byte have been written, and undone
    good = [f'"SR{n // 400 + 1} {n % 10}{chr(65 + n // 20 % 20)}{chr(65 + n % 20)}","","","","","E08000024","0",'
            f'"","","1","",54.9,-1.4' for n in range(good_rows)]
    path = write(tmp_path, HEADER, *good, DH4_4AA.replace('"0"', '"Ø"'), encoding="latin-1")
    with pytest.raises(CommandError, match="is not UTF-8 text .*nothing was loaded"):
        run("--onspd", str(path))
    assert not Postcode.objects.exists()


def test_a_missing_file_is_refused(tmp_path):
    with pytest.raises(CommandError, match="Cannot read .*nowhere.csv"):
        run("--onspd", str(tmp_path / "nowhere.csv"))
    with pytest.raises(CommandError, match="Cannot read"):
        run("--onspd", str(tmp_path))


def test_a_district_centre_from_more_postcodes_is_kept(tmp_path):
    PostcodeDistrict.objects.create(outcode="SR1", latitude=54.906874, longitude=-1.381591, postcodes=677,
                                    local_authority="E08000024")
    summary = loading.load_onspd(write(tmp_path, HEADER, SR1_3SD))
    assert summary.districts.unchanged == 1
    assert PostcodeDistrict.objects.get(pk="SR1").postcodes == 677
