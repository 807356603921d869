"""Aggregated local intelligence: exact counts by area and theme, searches placed by district, small counts suppressed."""

import csv
import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kith.directory import taxonomy
from kith.directory.models import TaxonomyTerm, UnmetSearch
from kith.needs.intelligence.summary import Figure, area_intelligence, ward_intelligence
from kith.needs.models import RecordedNeed
from kith.testing import factories

from .intelligence_places import PLACE, make_place

ACCEPTED, AWAITING, NOT_USED = "accepted", "awaiting_review", "not_used"


@pytest.fixture
def place(db):
    taxonomy.load()
    return make_place()


def record(place, area, code, status=ACCEPTED, people=None, n=1):
    org = factories.OrganisationFactory()
    term = TaxonomyTerm.objects.get(code=code)
    RecordedNeed.objects.bulk_create([RecordedNeed(theme=term, area=place[area], source_organisation=org, status=status,
                                                   description="Private words", people_count=people) for _ in range(n)])


def search(district, codes=(), words="", days_ago=0, n=1):
    day = timezone.localdate() - timedelta(days=days_ago)
    UnmetSearch.objects.bulk_create([UnmetSearch(words=words, term_codes=list(codes), district=district, created_on=day)
                                     for _ in range(n)])


def by_theme(rows) -> dict:
    return {row.theme_code: (row.recorded_needs.number, row.people.number if row.people else "none",
                             row.unmet_searches.number) for row in rows}


def test_figures_are_counted_exactly_rolled_up_to_themes_wards_and_the_authority(place):
    record(place, "lsoa_1", "debt-advice", people=10, n=2)
    record(place, "lsoa_2", "benefits-advice", people=5)          # a term of the same theme
    record(place, "lsoa_1", "money-debt-and-benefits", n=1)       # the theme itself, no people given
    record(place, "ward_1", "food-banks", people=40, n=3)         # a whole ward
    record(place, "lsoa_3", "food-banks", people=7, n=4)
    record(place, "lsoa_1", "debt-advice", status=AWAITING, people=100, n=5)   # not counted until accepted
    record(place, "lsoa_1", "debt-advice", status=NOT_USED, people=100, n=5)
    record(place, "away", "debt-advice", people=100, n=5)         # another authority
    search("SR1", ["debt-advice"], n=3)                           # SR1's centre is in LSOA 1
    search("SR1", ["debt-advice", "benefits-advice", "food-banks"], words="rent", n=2)  # one per theme, not per term
    search("SR2", [], words="someone's name", n=4)                # words only, placed in LSOA 3
    search("SR2", [], n=6)                                        # filters only: not counted
    search("SR1", ["debt-advice"], days_ago=400, n=9)             # older than 12 months
    search("SR9", ["debt-advice"], n=9)                           # district centre outside the place
    search("", ["debt-advice"], n=9)                              # no district
    search("ZZ1", ["debt-advice"], n=9)                           # an unknown district

    assert by_theme(area_intelligence(place["lsoa_1"])) == {
        "money-debt-and-benefits": (3, 20, 5), "food-and-essentials": (0, 0, None)}
    assert by_theme(area_intelligence(place["lsoa_2"])) == {"money-debt-and-benefits": (None, 5, 0)}
    assert by_theme(area_intelligence(place["ward_1"])) == {
        "money-debt-and-benefits": (4, 25, 5), "food-and-essentials": (3, 120, None)}
    assert by_theme(area_intelligence(place["ward_2"])) == {
        "food-and-essentials": (4, 28, 0), "words-only": (0, 0, 4)}
    assert by_theme(area_intelligence(place["place"])) == {
        "money-debt-and-benefits": (4, 25, 5), "food-and-essentials": (7, 148, None), "words-only": (0, 0, 4)}
    assert [row.theme_code for row in area_intelligence(place["place"])] == [
        "food-and-essentials", "money-debt-and-benefits", "words-only"]


@pytest.mark.parametrize("count, shown", [(0, "0"), (1, "fewer than 3"), (2, "fewer than 3"), (3, "3"), (1234, "1,234")])
def test_counts_of_one_or_two_are_never_shown(count, shown):
    figure = Figure.of(count)
    assert str(figure) == shown and (figure.number is None) == (count in (1, 2))


def test_two_people_in_one_area_are_suppressed_on_the_page_and_in_the_csv(client, place):
    record(place, "lsoa_3", "domestic-abuse-support", people=2, n=1)
    search("SR2", ["domestic-abuse-support"], n=1)
    html = client.get("/needs/local-intelligence/").content.decode()
    assert "Domestic abuse and safety" in html and "fewer than 3" in html and "Private words" not in html
    rows = list(csv.DictReader(io.StringIO(client.get("/needs/local-intelligence/?format=csv").content.decode())))
    millfield = [row for row in rows if row["area_name"] == "Millfield"]
    assert millfield == [{"area_code": "E05000002", "area_name": "Millfield", "area_kind": "ward",
                          "theme_code": "domestic-abuse-and-safety", "theme": "Domestic abuse and safety",
                          "accepted_recorded_needs": "fewer than 3", "people_counted": "fewer than 3",
                          "unmet_searches": "fewer than 3", "declined_referrals": "0"}]
    assert {row["area_code"] for row in rows} == {PLACE, "E05000002"}


def test_the_page_and_the_csv_show_the_same_figures(client, place):
    record(place, "lsoa_1", "debt-advice", people=10, n=3)
    record(place, "lsoa_4", "food-banks", n=5)
    search("SR1", ["food-banks"], n=7)
    response = client.get("/needs/local-intelligence/")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(client.get("/needs/local-intelligence/?format=csv").content.decode())))
    table = {(row["area_name"], row["theme_code"]): (row["accepted_recorded_needs"], row["people_counted"],
                                                      row["unmet_searches"]) for row in rows}
    assert table == {("Sunderland", "food-and-essentials"): ("5", "", "7"),
                     ("Sunderland", "money-debt-and-benefits"): ("3", "30", "0"),
                     ("Hendon", "food-and-essentials"): ("0", "0", "7"),
                     ("Hendon", "money-debt-and-benefits"): ("3", "30", "0"),
                     ("Millfield", "food-and-essentials"): ("5", "", "0")}
    html = response.content.decode()
    assert '<a class="govuk-link" href="/needs/areas/E05000001/">Hendon</a>' in html
    assert html.index("Hendon</a>") < html.index("Millfield</a>")
    _, wards = ward_intelligence(PLACE)
    assert [ward.name for ward in wards] == ["Hendon", "Millfield"]


def test_the_summary_takes_the_same_number_of_queries_whatever_the_size(client, place):
    record(place, "lsoa_1", "debt-advice", n=1)
    search("SR1", ["debt-advice"], n=1)
    with CaptureQueriesContext(connection) as few:
        area_intelligence(place["ward_1"])
    with CaptureQueriesContext(connection) as few_page:
        client.get("/needs/local-intelligence/")
    for area in ("lsoa_1", "lsoa_2", "lsoa_3", "ward_1", "ward_2"):
        for code in ("food-banks", "counselling", "young-carers", "esol"):
            record(place, area, code, people=4, n=3)
    for district in ("SR1", "SR2", "SR9"):
        search(district, ["food-banks", "esol"], words="w", n=5)
        search(district, ["counselling"], n=5)
    with CaptureQueriesContext(connection) as many:
        area_intelligence(place["ward_1"])
    with CaptureQueriesContext(connection) as many_page:
        client.get("/needs/local-intelligence/")
    assert len(many) == len(few) == 6
    assert len(many_page) == len(few_page)


def test_an_area_with_nothing_recorded_has_no_rows_and_the_include_says_so(place):
    from django.template.loader import render_to_string

    assert area_intelligence(place["lsoa_4"]) == []
    html = render_to_string("needs/intelligence/includes/area_summary.html",
                            {"intelligence": area_intelligence(place["lsoa_4"]), "area": place["lsoa_4"]})
    assert "No accepted recorded needs, unmet searches or declined referrals here yet." in html


def test_the_include_renders_an_area_s_table(place):
    from django.template.loader import render_to_string

    record(place, "lsoa_1", "debt-advice", people=12, n=4)
    html = render_to_string("needs/intelligence/includes/area_summary.html",
                            {"intelligence": area_intelligence(place["ward_1"]), "area": place["ward_1"]})
    assert "Money, debt and benefits" in html and ">4<" in html and ">48<" in html
