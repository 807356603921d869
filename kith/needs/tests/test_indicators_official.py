import csv
import gzip
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils import timezone

from kith.areas.models import Area
from kith.needs.indicators.official import AGE_BANDS, DIMENSIONS, IOD_DOMAINS
from kith.needs.models import Indicator, IndicatorValue

pytestmark = pytest.mark.django_db

SHARED = Path(settings.BASE_DIR).parent / "shared" / "data"
SUNDERLAND, CORNWALL = "E08000024", "E06000052"
IOD_HEADER = ["lsoa21_code", "lsoa21_name", "ltla24_code", "ltla24_name"] + [
    f"{domain}_{part}" for part in ("decile", "rank", "score") for domain in IOD_DOMAINS
]


def make_area(code: str, authority: str = SUNDERLAND, kind: str = Area.Kind.LSOA) -> Area:
    square = {"type": "Polygon", "coordinates": [[[-1.4, 54.9], [-1.39, 54.9], [-1.39, 54.91], [-1.4, 54.9]]]}
    return Area.objects.create(
        code=code, kind=kind, name=code, local_authority=authority, boundary=square,
        latitude=54.9, longitude=-1.4, area_km2=0.5, source="test", loaded_at=timezone.now(),
    )


def write_csv(path: Path, header: list[str], rows: list[list], gzipped: bool = True, delimiter: str = ",") -> Path:
    text = io.StringIO()
    csv.writer(text, delimiter=delimiter).writerows([header, *rows])
    path.write_bytes(gzip.compress(text.getvalue().encode()) if gzipped else text.getvalue().encode())
    return path


def iod_row(code: str, authority: str, n: int) -> list:
    # Each domain gets its own figures so a column mix-up would show.
    deciles = [(n + i) % 10 + 1 for i in range(8)]
    ranks = [1000 * n + i for i in range(8)]
    scores = [round(n + i / 10, 3) for i in range(8)]
    return [code, f"{code} name", authority, "Somewhere", *deciles, *ranks, *scores]


def load(*args) -> str:
    out = io.StringIO()
    call_command("load_indicators", *args, stdout=out, stderr=io.StringIO(), verbosity=0)
    return out.getvalue()


@pytest.fixture
def lsoas():
    return [make_area("E01000001"), make_area("E01000002"), make_area("E01000003", authority=CORNWALL)]


def test_iod_loads_score_rank_and_decile_of_each_domain_for_loaded_lsoas(tmp_path, lsoas):
    rows = [iod_row("E01000001", SUNDERLAND, 1), iod_row("E01000002", SUNDERLAND, 2), iod_row("E01999999", "E09000001", 3)]
    out = load("--iod", str(write_csv(tmp_path / "iod.csv.gz", IOD_HEADER, rows)))

    assert Indicator.objects.filter(slug__startswith="iod2025-").count() == 8
    health = IndicatorValue.objects.get(indicator__slug="iod2025-health", area__code="E01000002")
    # Health is the fifth domain: decile (2+4)%10+1, rank 2000+4, score 2.4.
    assert (health.value, health.rank, health.decile) == (2.4, 2004, 7)
    imd = IndicatorValue.objects.get(indicator__slug="iod2025-imd", area__code="E01000001")
    assert (imd.value, imd.rank, imd.decile) == (1.0, 1000, 2)
    assert Indicator.objects.get(slug="iod2025-imd").higher_is_more_need
    assert "1 rows skipped" in out


def test_loading_again_changes_nothing_and_changed_figures_are_updated(tmp_path, lsoas):
    path = write_csv(tmp_path / "iod.csv.gz", IOD_HEADER, [iod_row("E01000001", SUNDERLAND, 1)])
    load("--iod", str(path))
    ids = set(IndicatorValue.objects.values_list("id", flat=True))

    assert "0 values added, 0 changed, 8 unchanged" in load("--iod", str(path))
    assert set(IndicatorValue.objects.values_list("id", flat=True)) == ids

    write_csv(path, IOD_HEADER, [iod_row("E01000001", SUNDERLAND, 5)])
    assert "0 values added, 8 changed" in load("--iod", str(path))
    assert IndicatorValue.objects.get(indicator__slug="iod2025-imd").value == 5.0


def test_authority_keeps_only_its_lsoas(tmp_path, lsoas):
    rows = [iod_row(area.code, area.local_authority, n) for n, area in enumerate(lsoas)]
    load("--iod", str(write_csv(tmp_path / "iod.csv.gz", IOD_HEADER, rows)), "--authority", CORNWALL)

    assert set(IndicatorValue.objects.values_list("area__code", flat=True)) == {"E01000003"}


def test_census_ages_and_household_deprivation_with_derived_share(tmp_path, lsoas):
    ages = write_csv(tmp_path / "age.csv.gz", ["lsoa21_code", "lsoa21_name", *AGE_BANDS], [["E01000001", "x", 100, 10, 20, 30, 15, 15, 10]])
    households = ["lsoa21_code", *DIMENSIONS]
    homes = write_csv(tmp_path / "homes.csv.gz", households, [["E01000001", 40, 20, 8, 6, 4, 2], ["E01000002", 0, 0, 0, 0, 0, 0]])
    load("--census-age", str(ages), "--census-households", str(homes))

    value = lambda slug, code="E01000001": IndicatorValue.objects.get(indicator__slug=slug, area__code=code).value  # noqa: E731
    assert value("census2021-residents-all") == 100
    assert value("census2021-residents-aged-65-plus") == 10
    assert value("census2021-households-deprived-0") == 20
    # (6 + 4 + 2) of 40 households are deprived in two or more dimensions.
    assert value("census2021-households-deprived-2-plus-share") == 30.0
    assert not Indicator.objects.get(slug="census2021-households-deprived-0").higher_is_more_need
    # A share of no households is not a figure.
    assert not IndicatorValue.objects.filter(indicator__slug="census2021-households-deprived-2-plus-share", area__code="E01000002").exists()


@pytest.mark.parametrize(
    "write, message",
    [
        (lambda p: write_csv(p, IOD_HEADER[:-2], [iod_row("E01000001", SUNDERLAND, 1)[:-2]]), "lacks the columns Housing_and_Services_score, Environment_score"),
        (lambda p: write_csv(p, IOD_HEADER, [iod_row("E01000001", SUNDERLAND, 1)], delimiter=";"), "separates its columns with semicolons"),
        (lambda p: p.write_bytes(b"PK\x03\x04 workbook"), "is a zip or Excel workbook, not a CSV file"),
        (lambda p: p.write_bytes(b"\x1f\x8b\x08\x00broken"), "is a damaged gzip file"),
        (lambda p: p.write_bytes("lsoa21_code,£\n".encode("latin-1")), "is not UTF-8 text"),
        (lambda p: p.write_bytes(b""), "is empty"),
        (lambda p: write_csv(p, IOD_HEADER, [iod_row("E01000001", SUNDERLAND, 1), ["E01000002", "x", SUNDERLAND, "x", "n/a", *range(23)]]), "Line 3 of iod.csv: IMD_decile of E01000002 is 'n/a', not a number."),
    ],
)
def test_a_wrong_file_is_refused_by_name_and_writes_nothing(tmp_path, lsoas, write, message):
    path = tmp_path / "iod.csv"
    write(path)
    with pytest.raises(CommandError) as error:
        load("--iod", str(path))
    assert message in str(error.value)
    assert "Nothing was written" in str(error.value)
    assert not Indicator.objects.exists() and not IndicatorValue.objects.exists()


def test_missing_file_and_no_file_are_refused(tmp_path):
    with pytest.raises(CommandError, match="does not exist"):
        load("--iod", str(tmp_path / "absent.csv"))
    with pytest.raises(CommandError, match="Give at least one"):
        load()


def test_demo_indicators_load_after_demo_areas_and_again_change_nothing():
    call_command("load_demo_areas", verbosity=0, stdout=io.StringIO())
    call_command("load_demo_indicators", verbosity=0, stdout=io.StringIO())
    assert IndicatorValue.objects.filter(indicator__slug="iod2025-imd", area__local_authority=SUNDERLAND).count() == 185
    assert IndicatorValue.objects.filter(indicator__slug="census2021-residents-all", area__local_authority=CORNWALL).count() == 336
    out = io.StringIO()
    call_command("load_demo_indicators", verbosity=0, stdout=out)
    assert out.getvalue().count("0 values added, 0 changed") == 3


def official_row(path: Path, code: str) -> dict:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return next(row for row in csv.DictReader(handle) if row["lsoa21_code"] == code)


@pytest.mark.skipif(not SHARED.is_dir(), reason="the official data files (../shared/data) are not present")
def test_the_national_files_load_for_sunderland_and_agree_with_the_file():
    call_command("load_demo_areas", verbosity=0, stdout=io.StringIO())
    iod = SHARED / "deprivation" / "iod2025_england_lsoa21_scores_ranks_deciles.csv.gz"
    ages = SHARED / "population" / "census2021_lsoa21_usual_residents_by_age6.csv.gz"
    load("--iod", str(iod), "--census-age", str(ages), "--authority", SUNDERLAND)

    assert IndicatorValue.objects.filter(indicator__slug="iod2025-imd").count() == 185
    assert not IndicatorValue.objects.filter(area__local_authority=CORNWALL).exists()
    code = Area.objects.filter(local_authority=SUNDERLAND, kind=Area.Kind.LSOA).order_by("code")[100].code
    row = official_row(iod, code)
    imd = IndicatorValue.objects.get(indicator__slug="iod2025-imd", area__code=code)
    assert (imd.value, imd.rank, imd.decile) == (float(row["IMD_score"]), int(row["IMD_rank"]), int(row["IMD_decile"]))
    residents = IndicatorValue.objects.get(indicator__slug="census2021-residents-all", area__code=code)
    assert residents.value == int(official_row(ages, code)["total_usual_residents"])
