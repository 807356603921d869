import math

import numpy as np
import pytest

from kith.needs.coverage import (
    EARTH_RADIUS_KM, LONG_WAIT_WEEKS, Area, Service, cold_spots, coverage, gap_scores, naive_coverage,
    percentiles, roll_up,
)

LAT, LON = 52.0, -1.5
BOTH = (coverage, naive_coverage)


def north(km: float) -> float:
    """Latitude `km` north of LAT along the meridian."""
    return LAT + math.degrees(km / EARTH_RADIUS_KM)


def place(km_north: float) -> tuple[tuple[float, float], ...]:
    return ((north(km_north), LON),)


def area(code: str = "E01000001", population: float = 1000, **need: float) -> Area:
    return Area(code, LAT, LON, population, need)


@pytest.mark.parametrize("compute", BOTH)
def test_services_along_a_meridian_count_within_the_distance_and_the_nearest_is_measured(compute):
    services = [Service(i, place(km), frozenset({"debt"})) for i, km in enumerate([0.5, 1.5, 2.5, 3.5])]

    result = compute([area()], services, distance_km=2)

    assert result.reachable.tolist() == [[2]]
    assert result.nearest_km[0, 0] == pytest.approx(0.5, abs=1e-6)


@pytest.mark.parametrize("compute", BOTH)
def test_a_service_exactly_on_the_threshold_is_within_reach(compute):
    services = [Service(1, place(1.0), frozenset({"debt"})), Service(2, place(1.001), frozenset({"debt"}))]

    result = compute([area()], services, distance_km=1)

    assert result.reachable.tolist() == [[1]]


@pytest.mark.parametrize("compute", BOTH)
def test_with_no_services_nothing_is_reachable_and_the_area_is_rural(compute):
    result = compute([area(debt=5)], [], distance_km=5, themes=["debt"])

    assert result.reachable.tolist() == [[0]]
    assert result.nearest_km[0, 0] == math.inf
    assert result.provision_per_1000[0, 0] == 0
    assert result.rural.tolist() == [[True]]


@pytest.mark.parametrize("compute", BOTH)
def test_services_without_a_place_and_remote_services_are_counted_apart_from_provision(compute):
    services = [
        Service(1, (), frozenset({"debt"})),  # in person, but where is unknown
        Service(2, ((None, None),), frozenset({"debt"})),
        Service(3, (), frozenset({"debt"}), in_person=False, online=True),
        Service(4, (), frozenset({"debt"}), in_person=False, by_phone=True),
        Service(5, place(0.2), frozenset({"debt"}), online=True),  # in person and online: in both counts
    ]

    result = compute([area()], services, distance_km=1)

    assert result.reachable.tolist() == [[1]]
    assert result.unplaced.tolist() == [2]
    assert result.remote.tolist() == [3]


@pytest.mark.parametrize("compute", BOTH)
def test_provision_is_weighted_by_referrals_and_waits(compute):
    services = [
        Service(1, place(0.1), frozenset({"debt"})),  # 1
        Service(2, place(0.1), frozenset({"debt"}), accepting_referrals=False),  # 0.5
        Service(3, place(0.1), frozenset({"debt"}), typical_wait_weeks=LONG_WAIT_WEEKS + 1),  # 0.5
        Service(4, place(0.1), frozenset({"debt"}), accepting_referrals=False, typical_wait_weeks=20),  # 0.25
        Service(5, place(0.1), frozenset({"debt"}), typical_wait_weeks=LONG_WAIT_WEEKS),  # 1: not over the limit
    ]

    result = compute([area(population=2000)], services, distance_km=1)

    assert result.reachable.tolist() == [[5]]
    assert result.weighted[0, 0] == pytest.approx(3.25)
    assert result.provision_per_1000[0, 0] == pytest.approx(3.25 * 1000 / 2000)


@pytest.mark.parametrize("compute", BOTH)
def test_a_service_with_several_places_in_reach_counts_once(compute):
    services = [Service(1, (*place(0.3), *place(0.6), *place(9)), frozenset({"debt"}), accepting_referrals=False)]

    result = compute([area()], services, distance_km=1)

    assert result.reachable.tolist() == [[1]]
    assert result.weighted[0, 0] == pytest.approx(0.5)
    assert result.nearest_km[0, 0] == pytest.approx(0.3, abs=1e-6)


@pytest.mark.parametrize("compute", BOTH)
def test_a_service_with_several_places_all_out_of_reach_is_not_counted(compute):
    services = [Service(1, (*place(3), *place(4)), frozenset({"debt"}))]

    result = compute([area()], services, distance_km=1)

    assert result.reachable.tolist() == [[0]]
    assert result.nearest_km[0, 0] == pytest.approx(3, abs=1e-6)


@pytest.mark.parametrize("compute", BOTH)
def test_themes_are_counted_separately_and_ages_filter_services(compute):
    services = [Service(1, place(0.1), frozenset({"debt", "food"}), min_age=18),
                Service(2, place(0.1), frozenset({"food"}), max_age=11)]

    everyone = compute([area()], services, distance_km=1)
    children = compute([area()], services, distance_km=1, age=8, themes=["debt", "food"])

    assert everyone.themes == ["debt", "food"]
    assert everyone.reachable.tolist() == [[1, 2]]
    assert children.reachable.tolist() == [[0, 1]]


def test_zero_population_has_no_provision_or_gap_and_is_no_cold_spot():
    services = [Service(1, place(0.1), frozenset({"debt"}))]
    areas = [area("E01000001", population=0, debt=50), area("E01000002", population=500, debt=10)]

    result = coverage(areas, services, distance_km=1)

    assert math.isnan(result.provision_per_1000[0, 0])
    assert math.isnan(result.gap[0, 0])
    assert [spot.code for spot in cold_spots(result, "debt")] == ["E01000002"]


def test_percentiles_run_from_0_to_100_with_ties_sharing_and_a_lone_value_at_50():
    assert percentiles(np.array([3.0, 1.0, 2.0])).tolist() == [100, 0, 50]
    assert percentiles(np.array([1.0, 1.0, 4.0])).tolist() == [25, 25, 100]
    assert percentiles(np.array([7.0, np.nan]))[0] == 50
    assert math.isnan(percentiles(np.array([7.0, np.nan]))[1])


def test_gap_ranks_high_need_with_low_provision_highest():
    # Same population everywhere. A (most need) sees one service; B and D (middling need) and C (least
    # need) sit together 20 km north, where three services are.
    far = north(20)
    areas = [area("E01000003", debt=30), Area("E01000001", far, LON, 1000, {"debt": 20}),
             Area("E01000004", far, LON, 1000, {"debt": 10}), Area("E01000002", far, LON, 1000, {"debt": 20})]
    services = [Service(1, place(0.1), frozenset({"debt"})),
                *[Service(i, place(20), frozenset({"debt"})) for i in range(2, 5)]]

    spots = cold_spots(coverage(areas, services, distance_km=1), "debt")

    assert [s.code for s in spots] == ["E01000003", "E01000001", "E01000002", "E01000004"]
    # need percentiles 100, 50, 50, 0; provision percentiles 0, then 66.7 for the three tied
    assert [s.gap for s in spots] == pytest.approx([100, 125 / 3, 125 / 3, 50 / 3])
    assert gap_scores(np.array([[1.0], [2.0]]), np.array([[5.0], [5.0]])).ravel().tolist() == [25, 75]


def test_cold_spots_can_be_limited():
    areas = [area(f"E0100000{i}", debt=i) for i in range(5)]

    result = coverage(areas, [], distance_km=1, themes=["debt"])

    assert [s.code for s in cold_spots(result, "debt", limit=2)] == ["E01000004", "E01000003"]


@pytest.mark.parametrize("compute", BOTH)
def test_areas_beyond_the_rural_threshold_are_flagged_per_theme(compute):
    areas = [area("E01000001", debt=1), Area("E01000002", north(12), LON, 800, {"debt": 2}),
             Area("E01000003", north(9), LON, 800, {"debt": 3})]
    services = [Service(1, place(0), frozenset({"debt"})), Service(2, place(12), frozenset({"food"}))]

    result = compute(areas, services, distance_km=1, rural_km=10, themes=["debt", "food"])

    assert result.rural.tolist() == [[False, True], [True, False], [False, False]]
    assert {s.code: s.rural for s in cold_spots(result, "debt")} == {
        "E01000001": False, "E01000002": True, "E01000003": False}


def test_roll_up_weights_by_population():
    areas = [area("E01000001", population=1000, debt=10), Area("E01000002", north(12), LON, 3000, {"debt": 30}),
             Area("E01000003", north(30), LON, 500, {"debt": 40}), Area("E01000004", north(30), LON, 0, {"debt": 99})]
    services = [Service(1, place(0), frozenset({"debt"})), Service(2, place(0.5), frozenset({"debt"}))]
    wards = {"E01000001": "W1", "E01000002": "W1", "E01000003": "W2", "E01000004": "W2"}

    result = coverage(areas, services, distance_km=1, rural_km=10)
    wards_result = roll_up(result, wards)
    authority = roll_up(result, {code: "LA" for code in wards})

    assert wards_result.codes == ["W1", "W2"]
    assert wards_result.population.tolist() == [4000, 500]
    assert wards_result.reachable[:, 0].tolist() == [pytest.approx(2 * 1000 / 4000), 0]
    assert wards_result.provision_per_1000[0, 0] == pytest.approx((2 / 1000 * 1000 * 1000 + 0) / 4000)
    assert wards_result.need[:, 0].tolist() == [pytest.approx((10 * 1000 + 30 * 3000) / 4000), 40]
    assert wards_result.rural_population[:, 0].tolist() == [3000, 500]
    assert wards_result.rural_areas[:, 0].tolist() == [1, 2]
    assert authority.nearest_km[0, 0] == pytest.approx((0 * 1000 + 11.5 * 3000 + 29.5 * 500) / 4500, abs=1e-5)
    assert authority.gap[0, 0] == pytest.approx(np.average(result.gap[:3, 0], weights=[1000, 3000, 500]))


def _random_case(seed: int, areas: int, services: int) -> tuple[list[Area], list[Service]]:
    rng = np.random.default_rng(seed)
    themes = ["debt", "food", "housing", "mental-health", "carers"]
    area_list = [Area(f"E01{i:06d}", 51 + rng.random() * 0.6, -2 + rng.random() * 0.9, int(rng.integers(0, 3000)),
                      {t: float(rng.random()) for t in themes[:3]}) for i in range(areas)]
    service_list = []
    for i in range(services):
        places = tuple((51 + rng.random() * 0.7, -2.05 + rng.random())
                       for _ in range(int(rng.choice([0, 1, 1, 1, 1, 2, 3]))))
        service_list.append(Service(
            i, places, frozenset(rng.choice(themes, int(rng.integers(1, 4)), replace=False).tolist()),
            accepting_referrals=bool(rng.random() < 0.7), typical_wait_weeks=float(rng.integers(0, 16)),
            in_person=bool(rng.random() < 0.9), online=bool(rng.random() < 0.2), by_phone=bool(rng.random() < 0.1)))
    return area_list, service_list


@pytest.mark.parametrize(("seed", "distance_km"), [(1, 1.0), (2, 3.0), (3, 8.0)])
def test_the_spatial_index_agrees_with_the_all_pairs_computation(seed, distance_km):
    areas, services = _random_case(seed, areas=300, services=3000)

    fast = coverage(areas, services, distance_km=distance_km)
    naive = naive_coverage(areas, services, distance_km=distance_km)

    assert 0 < fast.reachable.mean() < fast.reachable.max()  # a case where the distance matters
    assert np.array_equal(fast.reachable, naive.reachable)
    assert np.allclose(fast.weighted, naive.weighted)
    assert np.allclose(fast.nearest_km, naive.nearest_km, rtol=0, atol=1e-6)
    assert np.array_equal(fast.rural, naive.rural)
    assert np.allclose(fast.gap, naive.gap, equal_nan=True)
    assert fast.remote.tolist() == naive.remote.tolist() and fast.unplaced.tolist() == naive.unplaced.tolist()
