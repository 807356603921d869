"""The area profile's matching: the services that could meet a need there, with capacity, and what no one meets."""

import pytest

from kith.areas.models import Area
from kith.testing.factories import TaxonomyTermFactory

from .gaps_helpers import PLACE, WARD, area, indicator, population, service, themes

pytestmark = pytest.mark.django_db
HERE, NEAR, FAR = (54.90, -1.40), (54.905, -1.40), (54.90, -1.20)  # NEAR is 0.35 miles away, FAR 8 miles


@pytest.fixture
def lsoa():
    here = area("E01000001", *HERE, name="Hendon 001A")
    area(WARD, *HERE, kind=Area.Kind.WARD, name="Hendon")
    area(PLACE, *HERE, kind=Area.Kind.LOCAL_AUTHORITY, name="Sunderland")
    other = area("E01000002", *FAR)
    population({here: 1500, other: 1500})
    indicator("iod2025-income", {here: 0.4, other: 0.1})
    return here


@pytest.fixture
def terms():
    return themes()


def matched(client, query: str) -> list[str]:
    response = client.get(f"/needs/areas/E01000001/?{query}")
    assert response.status_code == 200
    return [m.service.name for m in response.context["matches"]]


def test_services_serving_the_area_its_ward_or_authority_or_near_it_match(client, lsoa, terms):
    _, debt, _ = terms
    service(debt, FAR, name="Far, serves the LSOA", extents=("E01000001",))
    service(debt, FAR, name="Far, serves the ward", extents=(WARD,))
    by_org = service(debt, FAR, name="Far, organisation serves the authority")
    by_org.organisation.areas_served = [PLACE]
    by_org.organisation.save()
    service(debt, NEAR, name="Near")
    service(debt, FAR, name="Far, serves elsewhere", extents=("E05000999",))
    service(debt, FAR, name="Far, says nothing")
    service(debt, name="Helpline for anyone", online=True, in_person=False)
    service(debt, name="Helpline for elsewhere", by_phone=True, in_person=False, extents=("E06000052",))

    names = matched(client, "need=debt-advice&within=1")

    assert sorted(names) == sorted(["Far, serves the LSOA", "Far, serves the ward", "Far, organisation serves the authority",
                                    "Near", "Helpline for anyone"])
    page = client.get("/needs/areas/E01000001/?need=debt-advice&within=1").content.decode()
    assert "Serves Hendon" in page and "Serves Sunderland" in page and "A place 0.3 miles from the area&#x27;s centre" in page


def test_the_chosen_distance_decides_which_places_are_near(client, lsoa, terms):
    _, debt, _ = terms
    service(debt, FAR, name="Eight miles away")
    assert matched(client, "need=debt-advice&within=5") == []
    service(debt, (54.90, -1.33), name="Three miles away")
    assert matched(client, "need=debt-advice&within=5") == ["Three miles away"]
    assert matched(client, "need=debt-advice&within=2") == []


def test_those_taking_referrals_come_first_then_the_nearest_with_capacity_shown(client, lsoa, terms):
    _, debt, _ = terms
    service(debt, NEAR, name="Near but full", accepting_referrals=False)
    service(debt, (54.91, -1.40), name="Further, taking referrals", typical_wait_weeks=6)
    service(debt, NEAR, name="Near, taking referrals")

    assert matched(client, "need=debt-advice&within=2") == ["Near, taking referrals", "Further, taking referrals",
                                                            "Near but full"]
    page = client.get("/needs/areas/E01000001/?need=debt-advice&within=2").content.decode()
    assert "Not taking referrals now" in page and "Taking referrals; typical wait 6 weeks" in page


def test_a_theme_matches_the_services_of_its_terms_and_age_narrows_them(client, lsoa, terms):
    _, debt, benefits = terms
    service(debt, NEAR, name="Debt for adults", minimum_age=18)
    service(benefits, NEAR, name="Benefits for all")

    assert sorted(matched(client, "need=money-debt-and-benefits")) == ["Benefits for all", "Debt for adults"]
    assert matched(client, "need=money-debt-and-benefits&age=12") == ["Benefits for all"]
    assert matched(client, "need=debt-advice&age=12") == []


def test_when_no_service_meets_the_need_the_profile_says_so(client, lsoa, terms):
    response = client.get("/needs/areas/E01000001/?need=debt-advice")
    page = response.content.decode()
    assert "No service in the directory meets debt advice in this area." in page
    assert response.context["gap"].code == "E01000001"


def test_the_profile_shows_the_area_gap_figures_for_the_need(client, lsoa, terms):
    _, debt, _ = terms
    service(debt, NEAR)
    response = client.get("/needs/areas/E01000001/?need=debt-advice&within=1")
    gap = response.context["gap"]
    assert (gap.reach, round(gap.provision, 3), gap.need) == (1, round(1000 / 1500, 3), 0.4)
    assert response.context["gap_indicator"].slug == "iod2025-income"
    assert "Gap score (0 to 100, higher is a bigger gap)" in response.content.decode()
    # The profile keeps its own figures.
    assert "Iod2025 income" in response.content.decode() and "Indicators" in response.content.decode()


def test_without_a_need_the_profile_lists_the_themes_no_one_meets_here(client, lsoa, terms):
    theme, debt, _ = terms
    food = TaxonomyTermFactory(code="food-and-essentials", name="Food and essentials", taxonomy=theme.taxonomy)
    service(debt, NEAR)
    service(food, FAR)

    response = client.get("/needs/areas/E01000001/")

    assert [t.code for t in response.context["unmet_themes"]] == ["food-and-essentials"]
    assert 'href="?need=food-and-essentials"' in response.content.decode()


@pytest.mark.parametrize("query, message", [("need=nope", "Choose a need from the list"),
                                            ("need=debt-advice&age=old", "Enter the age as a whole number"),
                                            ("need=debt-advice&within=100", "Choose a distance from the list"),
                                            ("need=%00", "Choose a need from the list")])
def test_bad_choices_on_the_profile_get_an_error_summary(client, lsoa, terms, query, message):
    response = client.get(f"/needs/areas/E01000001/?{query}")
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode() and message in response.content.decode()


def test_a_ward_profile_matches_with_the_ward_figures(client, lsoa, terms):
    _, debt, _ = terms
    service(debt, FAR, extents=(WARD,), name="Ward service")
    response = client.get(f"/needs/areas/{WARD}/?need=debt-advice")
    assert [m.service.name for m in response.context["matches"]] == ["Ward service"]
    assert response.context["gap"].code == WARD
