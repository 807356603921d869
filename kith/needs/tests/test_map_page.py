"""The needs map page and area profiles on the demo data: Sunderland's 185 LSOAs and the official indicators."""

import csv
import io
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kith.areas.models import Area
from kith.needs.models import Indicator, IndicatorValue

SUNDERLAND = "E08000024"


@pytest.fixture
def demo(db):
    call_command("load_demo_areas", verbosity=0)
    call_command("load_demo_indicators", verbosity=0)


def table_codes(html: str) -> list[str]:
    body = html.split('<tbody class="govuk-table__body">')[1].split("</tbody>")[0]
    return re.findall(r'<td class="govuk-table__cell">(E0\d{7})</td>', body)


def test_the_default_map_shows_every_sunderland_lsoa_with_the_same_figures_in_the_table(client, demo):
    response = client.get("/needs/")
    html = response.content.decode()
    imd = Indicator.objects.get(slug="iod2025-imd")
    lsoas = Area.objects.filter(kind=Area.Kind.LSOA, local_authority=SUNDERLAND)
    assert lsoas.count() == 185
    assert html.count("<path ") == 185
    assert imd.name in html and imd.attribution in html
    values = IndicatorValue.objects.filter(indicator=imd, area__in=lsoas)
    assert sorted(table_codes(html)) == sorted(values.values_list("area__code", flat=True))
    # Most deprived first: the table's first area has the highest IMD score.
    assert table_codes(html)[0] == values.order_by("-value").first().area.code
    for code in lsoas.values_list("code", flat=True)[:5]:
        assert f'href="/needs/areas/{code}/"' in html


def test_the_csv_carries_the_table_s_figures(client, demo):
    html = client.get("/needs/", {"indicator": "iod2025-income", "sort": "code"}).content.decode()
    response = client.get("/needs/", {"indicator": "iod2025-income", "sort": "code", "format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [row["area_code"] for row in rows] == table_codes(html) == sorted(table_codes(html))
    income = {value.area.code: value for value in IndicatorValue.objects.filter(indicator__slug="iod2025-income")
              .select_related("area")}
    for row in rows:
        figure = income[row["area_code"]]
        assert float(row["value"]) == figure.value and int(row["rank"]) == figure.rank and int(row["decile"]) == figure.decile
        assert 1 <= int(row["class"]) <= 5


@pytest.mark.parametrize("slug", ["no-such-thing", "\x00", "iod2025-imd" * 50])
def test_an_unknown_indicator_is_named_and_the_default_map_is_shown(client, demo, slug):
    response = client.get("/needs/", {"indicator": slug, "sort": "sideways\x00", "format": "pdf"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html and "Choose an indicator from the list" in html
    assert html.count("<path ") == 185 and "Index of Multiple Deprivation" in html


def test_with_nothing_loaded_the_page_says_so(client, db):
    response = client.get("/needs/", {"indicator": "iod2025-imd"})
    assert response.status_code == 200
    assert "No indicators of need are loaded yet" in response.content.decode()


def test_the_map_page_makes_the_same_number_of_queries_for_any_indicator(client, demo):
    counts = []
    for slug in ["iod2025-imd", "iod2025-income", "iod2025-health"]:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/needs/", {"indicator": slug}).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] == counts[2] <= 6


def test_an_area_profile_lists_every_indicator_for_the_area(client, demo):
    area = Area.objects.filter(kind=Area.Kind.LSOA, local_authority=SUNDERLAND).first()
    html = client.get(f"/needs/areas/{area.code}/").content.decode()
    assert area.name in html and "Outline of" in html
    assert f"Sunderland ({SUNDERLAND})" in html
    if area.ward:
        assert f"{Area.objects.get(code=area.ward).name} ({area.ward})" in html
    for value in IndicatorValue.objects.filter(area=area).select_related("indicator"):
        assert value.indicator.name in html
    assert IndicatorValue.objects.filter(area=area).count() >= 8


@pytest.mark.parametrize("code", ["E01999999", "not-a-code", "%00"])
def test_an_unknown_area_gets_the_not_found_page(client, db, code):
    response = client.get(f"/needs/areas/{code}/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
