"""ORUK feed import throughput: services per second importing a generated feed file of 10,000
services (each with its organisation, a location and address, opening times, a phone, a need and a
cost), first into an empty feed, then the same file again (every record unchanged), and the ratio.

    .venv/bin/python -m bench.oruk_import --services 10000 --runs 3
    DATABASE_URL=postgres://... .venv/bin/python -m bench.oruk_import

The feed file is written to a temporary directory. Each run imports into a new feed and is rolled
back afterwards, so the database is left as it was (on its own, a temporary SQLite database is
used unless DATABASE_URL is set). Rolled back means the batches commit as savepoints of one
transaction: close to, not exactly, what a real import's per-batch commits cost.
"""

import argparse
import json
import os
import random
import statistics
import tempfile
import time
from pathlib import Path

DAYS = ["MO", "TU", "WE", "TH", "FR", "SA"]
TERMS = ["stay-and-play", "food-banks", "debt-advice", "counselling", "befriending", "parenting-programmes",
         "benefits-advice", "baby-banks", "digital-skills", "peer-support"]
LETTERS = "ABDEFGHJLNPQRSTUWXYZ"


def generate_feed(path: Path, services: int, seed: int = 1) -> None:
    """A page-of-services document of `services` full ORUK 3.0 records, about 12 to an organisation."""
    rng = random.Random(seed)
    organisations = [{"id": f"org-{n}", "name": f"Community group {n}", "description": f"Group {n} helps people locally.",
                      "email": f"hello@group{n}.org.uk", "website": f"https://group{n}.org.uk"}
                     for n in range(max(1, services // 12))]
    contents = []
    for n in range(services):
        organisation = organisations[n % len(organisations)]
        postcode = f"SR{rng.randint(1, 9)} {rng.randint(1, 9)}{rng.choice(LETTERS)}{rng.choice(LETTERS)}"
        contents.append({
            "id": f"svc-{n}", "name": f"Service {n}", "status": "active", "organization_id": organisation["id"],
            "organization": organisation,
            "description": f"<p>Service {n} offers support for families.</p><p>Drop in or call.</p>",
            "url": f"www.group{n % len(organisations)}.org.uk/service-{n}", "email": f"Service{n}@Example.org",
            "minimum_age": rng.choice([0, 5, 11, 18]), "maximum_age": rng.choice([None, 25, 65]),
            "schedules": [{"id": f"sch-{n}-{d}", "byday": day, "opens_at": "09:30", "closes_at": "15:00"}
                          for d, day in enumerate(rng.sample(DAYS, 2))],
            "contacts": [{"id": f"con-{n}", "name": "Reception", "phones": [{"id": f"ph-{n}", "number": "0191 520 5555"}]}],
            "service_at_locations": [{"id": f"sal-{n}", "location": {
                "id": f"loc-{n}", "location_type": "physical", "name": f"Centre {n}",
                "latitude": 54.9 + rng.uniform(-0.05, 0.05), "longitude": -1.38 + rng.uniform(-0.05, 0.05),
                "addresses": [{"id": f"addr-{n}", "address_1": f"{n} High Street", "city": "Sunderland",
                               "postal_code": postcode, "country": "GB", "address_type": "physical",
                               "state_province": "Tyne and Wear"}]}}],
            "attributes": [{"id": f"attr-{n}", "taxonomy_term": {"id": f"t-{n}", "code": TERMS[n % len(TERMS)],
                                                                "name": TERMS[n % len(TERMS)], "description": "",
                                                                "taxonomy": "Kith needs and services"}}],
            "cost_options": [{"id": f"cost-{n}", "option": "Per session", "amount": rng.choice([0, 2, 3.5])}],
            "languages": [{"id": f"lang-{n}", "name": "English", "code": "en"}],
        })
    path.write_text(json.dumps({"total_items": services, "total_pages": 1, "page_number": 1, "contents": contents}))


def _setup(tmp: Path) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kith.settings")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{tmp / 'bench-import.sqlite3'}")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


class _Rollback(Exception):
    pass


def _one_run(path: Path, name: str) -> tuple[float, float, dict, dict]:
    """Seconds for the first import and the second, with their reports; then rolled back."""
    from django.db import transaction

    from kith.directory import taxonomy
    from kith.interchange.feeds import importer, reading

    timings = {}
    try:
        with transaction.atomic():
            taxonomy.load()
            feed = importer.feed_for(source=path.name, is_url=False, name=name)
            for which in ("first", "second"):
                start = time.perf_counter()
                report = importer.import_document(feed, reading.read_file(path))
                timings[which] = (time.perf_counter() - start, report)
            raise _Rollback
    except _Rollback:
        pass
    return timings["first"][0], timings["second"][0], timings["first"][1], timings["second"][1]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--services", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=1, help="runs to take the median of (each imports twice)")
    args, _ = parser.parse_known_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        _setup(tmp)
        from django.db import connection

        path = tmp / "feed.json"
        generate_feed(path, args.services)
        print(f"\nORUK import: a feed file of {args.services:,} services ({path.stat().st_size / 1e6:.1f} MB), "
              f"{connection.vendor}, {args.runs} run(s)\n", flush=True)
        firsts, seconds = [], []
        for run in range(args.runs):
            first, second, report_1, report_2 = _one_run(path, f"Bench feed {run}")
            assert report_1["services"]["created"] == args.services, report_1["services"]
            assert report_2["services"]["unchanged"] == args.services, report_2["services"]
            firsts.append(first)
            seconds.append(second)
            print(f"  run {run + 1}: first {first:.1f} s, second {second:.1f} s", flush=True)
        first, second = statistics.median(firsts), statistics.median(seconds)
        print(f"\n  {'import':<32}{'seconds':>10}{'services/s':>12}")
        print(f"  {'first (all created)':<32}{first:>10.1f}{args.services / first:>12,.0f}")
        print(f"  {'second (all unchanged)':<32}{second:>10.1f}{args.services / second:>12,.0f}")
        print(f"\n  second / first time: {second / first:.2f}")
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(main(sys.argv[1:]))
