"""Coverage of every English 2021 LSOA by 100,000 generated services, for 1, 2 and 5 miles (the search's
distances), through the k-d tree of kith.needs.coverage; then, in the same run, the naive all-pairs
computation and the fast one on the same sample of 1,000 LSOAs, so the speed-up shows as a ratio.

    .venv/bin/python -m bench.needs_coverage
    .venv/bin/python -m bench.needs_coverage --services 100000 --sample 1000 --repeats 3

Target: a few seconds per distance for all 33,755 LSOAs on a 2-core machine. Reads the LSOA centres
(../shared/data/geography/lsoa_centroids_latlong.csv.gz, 2011 and 2021 LSOAs of the UK), keeps the 2021
English ones listed in the IoD 2025 file beside it (whose income score is the need), and takes
populations from Census 2021. The services are random but the same every run for the same seed.
Needs no database.
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

from kith.needs.coverage import KM_PER_MILE, Area, Service, cold_spots, coverage, naive_coverage

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"
THEMES = ["debt-advice", "food", "housing", "mental-health", "carers", "parenting", "employment", "loneliness",
          "domestic-abuse", "disability", "older-people", "young-people"]
MILES = (1, 2, 5)


def _areas() -> list[Area]:
    centres = pd.read_csv(DATA / "geography" / "lsoa_centroids_latlong.csv.gz",
                          usecols=["LSOACD", "latitude", "longitude"])
    iod = pd.read_csv(DATA / "deprivation" / "iod2025_england_lsoa21_scores_ranks_deciles.csv.gz",
                      usecols=["lsoa21_code", "Income_score"])
    people = pd.read_csv(DATA / "population" / "census2021_lsoa21_usual_residents_by_age6.csv.gz",
                         usecols=["lsoa21_code", "total_usual_residents"])
    table = (iod.merge(centres, left_on="lsoa21_code", right_on="LSOACD")
             .merge(people, on="lsoa21_code", how="left").sort_values("lsoa21_code"))
    return [Area(row.lsoa21_code, row.latitude, row.longitude, row.total_usual_residents,
                 {theme: row.Income_score for theme in THEMES}) for row in table.itertuples()]


def _services(areas: list[Area], count: int, seed: int) -> list[Service]:
    """Services near LSOA centres (so as dense as people are), about 1 km of jitter, 1 to 3 themes each;
    one in ten has a second place, one in twenty is online or phone only, one in fifty has no known place."""
    rng = np.random.default_rng(seed)
    lat = np.array([a.latitude for a in areas])
    lon = np.array([a.longitude for a in areas])
    at = rng.integers(0, len(areas), size=(count, 2))
    jitter = rng.normal(0, 0.01, size=(count, 2, 2)) * [1, 1.6]  # about 1.1 km either way at England's latitudes
    kinds = rng.random(count)
    services = []
    for i in range(count):
        places = tuple((lat[a] + dy, lon[a] + dx) for a, (dy, dx) in zip(at[i], jitter[i]))
        places = () if kinds[i] < 0.07 else places[:2 if kinds[i] > 0.9 else 1]
        in_person = not 0.02 <= kinds[i] < 0.07
        services.append(Service(
            i, places, frozenset(rng.choice(THEMES, int(rng.integers(1, 4)), replace=False).tolist()),
            accepting_referrals=bool(rng.random() < 0.75), typical_wait_weeks=float(rng.integers(0, 17)),
            in_person=in_person, online=not in_person or bool(rng.random() < 0.15), by_phone=bool(rng.random() < 0.1),
        ))
    return services


def _median_time(work, repeats: int):
    timings, result = [], None
    for _ in range(repeats):
        started = time.perf_counter()
        result = work()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings), result


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--services", type=int, default=100_000)
    parser.add_argument("--sample", type=int, default=1_000, help="LSOAs in the naive all-pairs comparison.")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    args, _ = parser.parse_known_args(argv)
    if not (DATA / "geography" / "lsoa_centroids_latlong.csv.gz").exists():
        print(f"The coverage benchmark reads the shared open data, expected at {DATA}; it is not there.",
              file=sys.stderr)
        return 1

    areas = _areas()
    services = _services(areas, args.services, args.seed)
    sample = [areas[i] for i in sorted(np.random.default_rng(args.seed).choice(len(areas), args.sample, replace=False))]
    print(f"\nNeeds coverage: {len(areas):,} LSOAs, {len(services):,} services, {len(THEMES)} themes, "
          f"median of {args.repeats} runs\n")
    # mean reach: services per theme within the distance; rural: LSOAs over 10 km from any debt advice
    print(f"{'within':>8} {'all LSOAs s':>12} {'mean reach':>11} {'rural':>7} {'sample fast s':>14} "
          f"{'sample naive s':>15} {'naive/fast':>11} {'per LSOA':>9}")
    for miles in MILES:
        km = miles * KM_PER_MILE
        full_time, full = _median_time(lambda: coverage(areas, services, distance_km=km), args.repeats)
        fast_time, fast = _median_time(lambda: coverage(sample, services, distance_km=km), args.repeats)
        naive_time, naive = _median_time(lambda: naive_coverage(sample, services, distance_km=km), args.repeats)
        if not (np.array_equal(fast.reachable, naive.reachable) and np.allclose(fast.nearest_km, naive.nearest_km)):
            print("The fast and naive computations disagree on the sample.", file=sys.stderr)
            return 1
        # Per LSOA: the naive cost per sampled LSOA against the fast cost per LSOA of the full run.
        per_lsoa = (naive_time / len(sample)) / (full_time / len(areas))
        print(f"{miles:>2} miles {full_time:12.2f} {full.reachable.mean():11.1f} {int(full.rural[:, 0].sum()):7d} "
              f"{fast_time:14.2f} {naive_time:15.2f} {naive_time / fast_time:10.0f}× {per_lsoa:8.0f}×")
    top = cold_spots(full, THEMES[0], limit=1)[0]
    print(f"\nTop cold spot for {THEMES[0]} within {MILES[-1]} miles: {top.code} (gap {top.gap:.1f}).")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
