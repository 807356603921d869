"""Search at scale: a fixed mix of searches through kith.directory.search.search(), in-process, with
p50, p95 and max time, SQL queries per search and, measured in the same run, the same SQL run again
straight through a database cursor (the raw database time), so what the engine adds shows as a ratio.

    .venv/bin/python -m bench.search --services 10000
    DATABASE_URL=postgres://.../kith_bench .venv/bin/python -m bench.search --services 500000
    .venv/bin/python -m bench (make bench): the directory pages benchmark, then this one

Targets: p95 <= 50 ms at 10,000 services on SQLite; p95 <= 100 ms at 500,000 on PostgreSQL.
The directory is generated once per database (deterministic seed) and reused by later runs; the
SQLite database is the one the directory pages benchmark uses, var/bench-<services>.sqlite3.
"""

import argparse
import random
import statistics
import time
from dataclasses import dataclass, field

from bench import directory_pages

WORDS = ["food bank", "parenting", "debt advice", "autism", "stay and play", "baby", "mental health", "counselling",
         "youth club", "carers", "housing", "domestic abuse", "benefits", "dementia", "esol", "breastfeeding",
         "bereavement", "support", "help with money", "toddler group", "homework club", "lonely", "refugee",
         "employment", "warm space", "mums", "send", "kids holiday", "family hub", "free school meals"]
FILTERS = [
    {"free_only": True}, {"age": 4}, {"age": 15}, {"delivery": ("in_person",)}, {"delivery": ("online", "by_phone")},
    {"days": ("SA",)}, {"days": ("MO", "TU")}, {"language": "pl"}, {"accepting_referrals": True}, {"family_hub": True},
]


@dataclass
class Kind:
    name: str
    timings: list[float] = field(default_factory=list)
    raw: list[float] = field(default_factory=list)
    queries: list[int] = field(default_factory=list)


def _mix(rng: random.Random) -> list[tuple[str, object, int]]:
    """(kind, criteria, page) for each search, the same every run for the same directory."""
    from kith.directory import demo
    from kith.directory.models import Location, TaxonomyTerm
    from kith.directory.search import DISTANCES_MILES, SearchCriteria

    points = list(Location.objects.filter(latitude__isnull=False).order_by("postcode", "pk")
                  .values_list("latitude", "longitude"))
    points = [points[i * len(points) // 40] for i in range(40)]
    terms = list(TaxonomyTerm.objects.order_by("code").values_list("pk", flat=True))
    mix = []
    for i in range(60):
        mix.append(("words only", SearchCriteria(words=WORDS[i % len(WORDS)]), 1))
    for i in range(60):
        mix.append(("postcode only", SearchCriteria(point=points[i % len(points)], area_code=demo.PLACE_CODE,
                                                    within_miles=DISTANCES_MILES[i % len(DISTANCES_MILES)],
                                                    order="distance"), 1))
    for i in range(60):
        one, two = rng.sample(FILTERS, 2)
        while one.keys() & two.keys():
            one, two = rng.sample(FILTERS, 2)
        mix.append(("words + postcode + 2 filters", SearchCriteria(
            words=WORDS[(i * 7) % len(WORDS)], point=rng.choice(points), area_code=demo.PLACE_CODE,
            order="distance" if i % 2 else "relevance", **one, **two), 1))
    for i in range(30):
        mix.append(("need + postcode", SearchCriteria(term_ids=(rng.choice(terms),), point=rng.choice(points),
                                                      area_code=demo.PLACE_CODE, order="distance"), 1))
    for i in range(30):
        criteria = [SearchCriteria(words=WORDS[i % len(WORDS)]),
                    SearchCriteria(point=rng.choice(points), area_code=demo.PLACE_CODE, order="distance"),
                    SearchCriteria(term_ids=(rng.choice(terms),))][i % 3]
        mix.append(("deep pages (20 to 50)", criteria, rng.randint(20, 50)))
    return mix


def _run(criteria, page: int) -> tuple[float, float, int]:
    """Time of one search, time of its SQL run again through a cursor, and its number of queries."""
    from django.db import connection

    from kith.directory.search import search

    statements = []

    def capture(execute, sql, params, many, context):
        statements.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(capture):
        start = time.perf_counter()
        results = search(criteria, page=page, per_page=20)
        for hit in results.hits:  # what a result shows
            hit.service.organisation.name, hit.service.is_free
        elapsed = (time.perf_counter() - start) * 1000
    start = time.perf_counter()
    with connection.cursor() as cursor:
        for sql, params in statements:
            cursor.execute(sql, params)
            cursor.fetchall()
    raw = (time.perf_counter() - start) * 1000
    return elapsed, raw, len(statements)


def _ensure_index() -> None:
    from kith.directory.models import SearchDocument, Service
    from kith.directory.search import index

    if SearchDocument.objects.count() != Service.objects.listed().count():
        print("Writing the search index (once per database)...", flush=True)
        index.rebuild()


def _percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, max(0, round(p * len(values)) - 1))]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--services", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1, help="Chooses the mix of searches.")
    args, _ = parser.parse_known_args(argv)  # `python -m bench` passes the pages benchmark's options too
    directory_pages._setup(args.services)
    _ensure_index()

    from django.db import connection

    from kith.directory.models import SearchDocument, Service

    mix = _mix(random.Random(args.seed))
    for _, criteria, page in mix:  # warm the caches: the figures are for a server that has been up a while
        _run(criteria, page)
    kinds: dict[str, Kind] = {}
    every = Kind("all searches")
    for name, criteria, page in mix:
        elapsed, raw, queries = _run(criteria, page)
        for kind in (kinds.setdefault(name, Kind(name)), every):
            kind.timings.append(elapsed)
            kind.raw.append(raw)
            kind.queries.append(queries)

    print(f"\nSearch: {Service.objects.count():,} services ({SearchDocument.objects.count():,} listed), "
          f"{connection.vendor}, {len(mix)} searches\n")
    print(f"{'searches':34} {'n':>4} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'queries':>8} {'raw db p50':>11} "
          f"{'× raw':>6}")
    for kind in [*kinds.values(), every]:
        p50, raw50 = statistics.median(kind.timings), statistics.median(kind.raw)
        print(f"{kind.name:34} {len(kind.timings):4d} {p50:8.1f} {_percentile(kind.timings, 0.95):8.1f} "
              f"{max(kind.timings):8.1f} {max(kind.queries):8d} {raw50:11.1f} {p50 / raw50:6.2f}")
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(main(sys.argv[1:]))
