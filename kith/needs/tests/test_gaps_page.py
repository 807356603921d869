"""The gaps page through the test client: the form, each layer and level, the CSV, sorting, hostile input."""

import csv
import io
import re
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kith.areas.models import Area
from kith.directory.models import Service, TaxonomyTerm
from kith.needs import coverage

from .gaps_helpers import PLACE, area, indicator, population, service, themes

pytestmark = pytest.mark.django_db
A, B, C, D = (54.90, -1.40), (54.90, -1.35), (54.90, -1.20), (54.95, -1.40)


@pytest.fixture
def place():
    _, debt, benefits = themes()
    lsoas = [area("E01000001", *A), area("E01000002", *B), area("E01000003", *C, ward="E05000002"),
             area("E01000004", *D, ward="E05000002")]
    area("E05000001", 54.90, -1.37, kind=Area.Kind.WARD, name="West ward")
    area("E05000002", 54.92, -1.30, kind=Area.Kind.WARD, name="East ward")
    area(PLACE, 54.91, -1.33, kind=Area.Kind.LOCAL_AUTHORITY, name="Testborough")
    population(dict(zip(lsoas, [1000, 2000, 500, 1500])))
    indicator("iod2025-income", dict(zip(lsoas, [0.10, 0.30, 0.50, 0.20])))
    indicator("iod2025-imd", dict(zip(lsoas, [10.0, 20.0, 60.0, 5.0])))
    service(debt, A, name="Advice at A")
    service(benefits, B, name="Benefits at B", accepting_referrals=False)
    service(debt, name="Debt helpline", online=True, in_person=False)
    service(debt, name="Debt service with no place")
    return lsoas


class Tables(HTMLParser):
    """Each table's body rows as lists of cell texts."""

    def __init__(self):
        super().__init__()
        self.tables, self.cell = [], None

    def handle_starttag(self, tag, attrs):
        if tag == "tbody":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("td", "th") and self.tables and self.tables[-1]:
            self.cell = ""

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.tables[-1][-1].append(self.cell.strip())
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data


def figures_table(response) -> list[list[str]]:
    parser = Tables()
    parser.feed(response.content.decode())
    return parser.tables[-1]


def test_without_a_need_the_page_offers_the_form_and_explains_the_figures(client, place):
    response = client.get("/needs/gaps/")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="need"' in page and "Debt advice" in page
    assert coverage.GAP_SCORE_EXPLANATION.replace("'", "&#x27;") in page
    assert coverage.CAPACITY_EXPLANATION in page
    assert "figures-heading" not in page


def test_the_lsoa_table_shows_every_area_with_its_figures(client, place):
    response = client.get("/needs/gaps/?need=money-debt-and-benefits&within=1")

    assert response.status_code == 200
    rows = {row[1]: row for row in figures_table(response)}
    assert set(rows) == {"E01000001", "E01000002", "E01000003", "E01000004"}
    # Area, code, need, in reach, nearest, provision, gap, rural
    assert rows["E01000001"][2:6] == ["0.100", "1", "0.0", "1.00"]
    assert rows["E01000002"][2:6] == ["0.300", "1", "0.0", "0.25"]  # not taking referrals: half weight
    assert rows["E01000003"][3] == "0" and rows["E01000003"][7] == "No"
    assert rows["E01000001"][0] == "Area E01000001"
    page = response.content.decode()
    assert "1 online or phone service reaches everyone" in page
    assert "1 in-person service has no known place" in page
    assert "Need is measured by <a class=\"govuk-link\" href=\"/needs/?indicator=iod2025-income\">Iod2025 income</a>" in page
    assert 'href="/needs/areas/E01000001/?need=money-debt-and-benefits&amp;within=1"' in page


def test_cold_spots_rank_high_need_with_low_provision_first(client, place):
    response = client.get("/needs/gaps/?need=debt-advice&within=1")
    spots = response.context["report"].cold_spots
    # E01000003 is the neediest with nothing near; E01000001 has the only service in reach.
    assert [s.code for s in spots][0] == "E01000003"
    assert spots[-1].code == "E01000001"
    assert len(spots) == 4
    assert "need ranks 100 and provision 33 out of 100" in response.content.decode()


@pytest.mark.parametrize("layer, title", [("gap", "Gap score"), ("provision", "Provision per 1,000 residents"),
                                           ("nearest", "Miles to the nearest service")])
def test_each_layer_maps_its_figure_with_the_services_as_named_points(client, place, layer, title):
    response = client.get(f"/needs/gaps/?need=money-debt-and-benefits&layer={layer}")
    page = response.content.decode()
    assert response.status_code == 200
    assert f"<title id=\"gaps-map-title\">{title}: Money, debt and benefits</title>" in page
    assert f"Showing: {title}" in page
    assert page.count("<circle cx=") == 2 + 1  # two places, and the legend's dot
    assert re.search(r"<circle[^>]*><title>Advice at A \(Organisation \d+\), Community Centre \d+</title>", page)
    assert "Service</text>" in page


@pytest.mark.parametrize("level, codes", [("lsoa", 4), ("ward", 2), ("lad", 1)])
def test_each_level_has_a_row_per_area(client, place, level, codes):
    response = client.get(f"/needs/gaps/?need=debt-advice&level={level}")
    rows = figures_table(response)
    assert response.status_code == 200 and len(rows) == codes
    assert response.content.decode().count('class="kith-map-class-') == codes


def test_the_ward_figures_roll_up_the_neighbourhoods_by_residents(client, place):
    rows = {row[1]: row for row in figures_table(client.get("/needs/gaps/?need=debt-advice&level=ward&within=1&rural=4"))}
    assert rows["E05000001"][0] == "West ward"
    assert rows["E05000001"][2] == str(round((0.1 * 1000 + 0.3 * 2000) / 3000, 3))
    assert rows["E05000002"][7] == "1 of 2 neighbourhoods"
    assert rows["E05000001"][7] == "No"


def test_the_csv_holds_the_same_figures_as_the_table_in_the_same_order(client, place):
    query = "/needs/gaps/?need=money-debt-and-benefits&within=3&sort=nearest"
    table = figures_table(client.get(query))
    response = client.get(query + "&format=csv")
    assert response["Content-Type"].startswith("text/csv")
    lines = list(csv.reader(io.StringIO(response.content.decode())))
    assert lines[0][:2] == ["area_code", "area_name"]
    assert [[r[0], r[1], r[3], r[5], r[6], r[7]] for r in lines[1:]] == [
        [t[1], t[0], t[2], t[4], t[5], t[6]] for t in table]
    assert [r[8] for r in lines[1:]] == [t[7] for t in table]
    assert [float(r[4]) for r in lines[1:]] == [float(t[3]) for t in table]


@pytest.mark.parametrize("sort, first", [("gap", "E01000003"), ("need", "E01000003"), ("name", "E01000001"),
                                          ("nearest", "E01000003"), ("provision", "E01000002")])
def test_the_table_sorts_by_each_column(client, place, sort, first):
    response = client.get(f"/needs/gaps/?need=debt-advice&within=1&sort={sort}")
    assert figures_table(response)[0][1] == first
    assert re.search(r'aria-sort="(ascending|descending)"', response.content.decode())


def test_rural_proofing_flags_the_areas_beyond_the_threshold_and_follows_it(client, place):
    near = client.get("/needs/gaps/?need=debt-advice&rural=4").context["report"]
    far = client.get("/needs/gaps/?need=debt-advice&rural=10").context["report"]
    assert [r.code for r in near.rural] == ["E01000003"]  # 8 miles from the only place; E01000004 is 3.5
    assert [r.code for r in client.get("/needs/gaps/?need=debt-advice&rural=3").context["report"].rural] == [
        "E01000003", "E01000004"]
    assert far.rural == []


def test_age_leaves_out_services_not_for_that_age(client, place):
    Service.objects.filter(name="Advice at A").update(minimum_age=18)
    rows = {r[1]: r for r in figures_table(client.get("/needs/gaps/?need=debt-advice&within=1&age=8"))}
    assert rows["E01000001"][3] == "0"
    rows = {r[1]: r for r in figures_table(client.get("/needs/gaps/?need=debt-advice&within=1&age=30"))}
    assert rows["E01000001"][3] == "1"


def test_the_measure_of_need_can_be_changed_to_any_loaded_indicator(client, place):
    response = client.get("/needs/gaps/?need=debt-advice&indicator=iod2025-imd")
    assert response.context["indicator"].slug == "iod2025-imd"
    assert figures_table(response)[0][2] == "60"


BAD = [
    ("need=nope", "Choose a need from the list"), ("need=", "Choose a need"),
    ("need=debt-advice&within=7", "Choose a distance from the list"),
    ("need=debt-advice&within=-1", "Choose a distance from the list"),
    ("need=debt-advice&age=-1", "Enter an age of 0 or more"), ("need=debt-advice&age=abc", "Enter the age as a whole number"),
    ("need=debt-advice&age=1e9", "Enter the age as a whole number"), ("need=debt-advice&age=121", "Enter an age of 120 or less"),
    ("need=debt-advice&rural=0", "Enter a rural threshold of 1 mile or more"),
    ("need=debt-advice&rural=nan", "Enter the rural threshold as a whole number"),
    ("need=debt-advice&level=street", "Choose neighbourhoods, wards or the local authority"),
    ("need=debt-advice&indicator=nope", "Choose a measure of need from the list"),
    ("need=%00", "Choose a need from the list"), ("need=" + "x" * 5000, "Choose a need from the list"),
    ("need=debt-advice&within=%00", "Choose a distance from the list"),
    ("need=debt-advice&need=x", "Choose a need from the list"),
]


@pytest.mark.parametrize("query, message", BAD)
def test_bad_choices_get_an_error_summary_and_a_400(client, place, query, message):
    response = client.get(f"/needs/gaps/?{query}")
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page and message in page


@pytest.mark.parametrize("query", ["layer=xyz", "sort=%00", "sort=gap;drop", "format=xml",
                                   "layer=", "sort=__class__"])
def test_other_odd_parameters_fall_back_to_the_defaults(client, place, query):
    response = client.get(f"/needs/gaps/?need=debt-advice&{query}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")


def test_with_no_areas_or_indicators_the_page_still_answers(client):
    themes()
    response = client.get("/needs/gaps/?need=debt-advice")
    assert response.status_code == 200
    assert "No area has a gap score" in response.content.decode()


def test_the_page_reads_a_fixed_number_of_queries_whatever_the_number_of_services(client, place):
    debt = TaxonomyTerm.objects.get(code="debt-advice")

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/needs/gaps/?need=debt-advice").status_code == 200
        return len(queries)

    before = count()
    for n in range(6):
        service(debt, A, B)
    assert count() == before


def test_the_form_starts_at_the_usual_distance_and_rural_threshold(client, place):
    page = client.get("/needs/gaps/").content.decode()
    assert re.search(r'<option value="2" selected>2 miles</option>', page)
    assert re.search(r'name="rural" value="6"', page)


def test_the_needs_map_and_the_area_profile_link_to_the_gaps_page(client, place):
    assert 'href="/needs/gaps/"' in client.get("/needs/").content.decode()
    assert 'href="/needs/gaps/"' in client.get("/needs/areas/E01000001/").content.decode()


def test_a_query_without_distance_or_threshold_shows_the_usual_ones_it_used(client, place):
    response = client.get("/needs/gaps/?need=debt-advice")
    page = response.content.decode()
    assert response.context["report"].within_miles == 2 and response.context["report"].rural_miles == 6
    assert '<option value="2" selected>2 miles</option>' in page and 'name="rural" value="6"' in page


def test_services_at_the_same_place_share_one_dot_named_for_each(client, place):
    service(TaxonomyTerm.objects.get(code="debt-advice"), A, name="Second service at A")
    page = client.get("/needs/gaps/?need=debt-advice").content.decode()
    (title,) = re.findall(r"<circle[^>]*><title>([^<]*)</title>", page)
    assert "Advice at A (" in title and "; Second service at A (" in title
