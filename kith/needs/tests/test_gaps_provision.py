"""The adapter from the directory to coverage.py: which services count, where, for what, in few queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kith.directory.models import ServiceStatus
from kith.needs import coverage
from kith.needs.gaps.provision import default_need_indicator, listed_services, place_areas
from kith.organisations.models import Organisation
from kith.testing.factories import LocationFactory, ServiceAtLocationFactory, TaxonomyTermFactory

from .gaps_helpers import PLACE, area, indicator, population, service, themes

pytestmark = pytest.mark.django_db
A, B, C = (54.90, -1.40), (54.90, -1.35), (54.90, -1.20)  # B is 3.2 km east of A, C 12.8 km


@pytest.fixture
def terms():
    return themes()


@pytest.fixture
def areas():
    made = [area("E01000001", *A), area("E01000002", *B), area("E01000003", *C)]
    population({made[0]: 1000, made[1]: 2000, made[2]: 500})
    return made


def reach(need: str, miles: float) -> list[int]:
    result = coverage.coverage(place_areas(PLACE, None, need).areas, [s.for_coverage() for s in listed_services(need=need)],
                               distance_km=miles * coverage.KM_PER_MILE, themes=[need])
    return list(result.reachable[:, 0])


def test_a_listed_service_carries_its_places_terms_theme_and_capacity(terms):
    theme, debt, _ = terms
    svc = service(debt, A, B, extents=("E05000001",), accepting_referrals=False, typical_wait_weeks=3, online=True)
    svc.organisation.areas_served = ["E08000024"]
    svc.organisation.save()

    (listed,) = listed_services()

    assert listed.id == svc.pk and listed.name == svc.name and listed.organisation == svc.organisation.name
    assert sorted((p.latitude, p.longitude) for p in listed.places) == [A, B]
    assert listed.themes == {"debt-advice", "money-debt-and-benefits"}
    assert listed.extents == {"E05000001", "E08000024"}
    assert (listed.accepting_referrals, listed.typical_wait_weeks, listed.online, listed.in_person) == (False, 3, True, True)


def test_only_physical_locations_with_a_point_place_a_service(terms):
    _, debt, _ = terms
    svc = service(debt, A)
    ServiceAtLocationFactory(service=svc, location=LocationFactory(organisation=svc.organisation, location_type="postal",
                                                                   latitude=B[0], longitude=B[1]))
    ServiceAtLocationFactory(service=svc, location=LocationFactory(organisation=svc.organisation, latitude=None,
                                                                   longitude=None))

    (listed,) = listed_services()

    assert [(p.latitude, p.longitude) for p in listed.places] == [A]


def test_only_the_services_the_public_directory_lists_count(terms, areas):
    _, debt, _ = terms
    service(debt, A)
    service(debt, A, status=ServiceStatus.INACTIVE)
    service(debt, A, status=ServiceStatus.DEFUNCT)
    closed_org = service(debt, A)
    Organisation.objects.filter(pk=closed_org.organisation_id).update(is_active=False)
    temporarily_closed = service(debt, A, status=ServiceStatus.TEMPORARILY_CLOSED)

    listed = {s.id: s for s in listed_services(need="debt-advice")}

    assert len(listed) == 2  # the active one and the temporarily closed one, as search lists them
    assert listed[temporarily_closed.pk].accepting_referrals is False  # as search's "taking referrals" filter
    assert reach("debt-advice", 1) == [2, 0, 0]


def test_reachable_services_are_counted_exactly_for_hand_placed_services(terms, areas):
    theme, debt, benefits = terms
    service(debt, A)
    service(benefits, B, accepting_referrals=False)
    service(debt, C, C)  # two places at the same point still count once
    service(debt, online=True, in_person=False)  # reaches everyone, counted apart
    service(debt)  # in person with no known place

    assert reach("money-debt-and-benefits", 1) == [1, 1, 1]
    assert reach("money-debt-and-benefits", 3) == [2, 2, 1]
    assert reach("debt-advice", 3) == [1, 1, 1]
    assert reach("benefits-advice", 3) == [1, 1, 0]
    result = coverage.coverage(place_areas(PLACE, None, "debt-advice").areas,
                               [s.for_coverage() for s in listed_services(need="debt-advice")],
                               distance_km=5, themes=["debt-advice"])
    assert (int(result.remote[0]), int(result.unplaced[0])) == (1, 1)


def test_a_need_reads_only_the_services_meeting_it(terms):
    theme, debt, benefits = terms
    service(debt, A)
    service(benefits, B)
    service(TaxonomyTermFactory(taxonomy=theme.taxonomy, code="food-banks", name="Food banks"), A)

    assert {s.themes for s in listed_services(need="debt-advice")} == {frozenset({"debt-advice", "money-debt-and-benefits"})}
    assert len(listed_services(need="money-debt-and-benefits")) == 2
    assert len(listed_services()) == 3


def test_the_queries_are_few_and_fixed_whatever_the_number_of_services(terms, areas):
    _, debt, _ = terms
    service(debt, A)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            listed_services(need="debt-advice")
            place_areas(PLACE, None, "debt-advice")
        return len(queries)

    few = count()
    for n in range(8):
        service(debt, A, B, extents=("E08000024",))
    assert count() == few == 4 + 2


def test_areas_carry_population_and_need_turned_round_when_lower_is_needier(areas):
    ind = indicator("life-expectancy", {areas[0]: 80.0, areas[1]: 75.0}, higher_is_more_need=False)

    place = place_areas(PLACE, ind, "debt-advice")

    by_code = {a.code: a for a in place.areas}
    assert [by_code[a.code].population for a in areas] == [1000, 2000, 500]
    assert by_code["E01000001"].need == {"debt-advice": -80.0} and by_code["E01000003"].need == {}
    assert place.values == {"E01000001": 80.0, "E01000002": 75.0}


def test_each_theme_has_a_documented_default_measure_of_need():
    loaded = ["iod2025-imd", "iod2025-income", "iod2025-employment", "iod2025-education", "iod2025-health",
              "iod2025-housing-and-services"]
    assert default_need_indicator("debt-advice", "money-debt-and-benefits", loaded) == "iod2025-income"
    assert default_need_indicator("employment-support", "education-skills-and-employment", loaded) == "iod2025-employment"
    assert default_need_indicator("adult-learning", "education-skills-and-employment", loaded) == "iod2025-education"
    assert default_need_indicator("counselling", "mental-health-and-wellbeing", loaded) == "iod2025-health"
    assert default_need_indicator("housing-advice", "housing-and-homelessness", loaded) == "iod2025-housing-and-services"
    assert default_need_indicator("youth-clubs", "young-people", loaded) == "iod2025-income"
    assert default_need_indicator("youth-clubs", "young-people", loaded + ["iod2025-idaci"]) == "iod2025-idaci"
    assert default_need_indicator("dementia-support", "older-people", loaded + ["iod2025-idaopi"]) == "iod2025-idaopi"
    assert default_need_indicator("welcome-groups", "migrants-and-refugees", loaded) == "iod2025-imd"
    assert default_need_indicator("welcome-groups", "migrants-and-refugees", []) is None
