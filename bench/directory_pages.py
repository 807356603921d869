"""Directory pages at scale: median and 95th-percentile time and SQL query count per page, each
against the find-support start page (the baseline, measured in the same run on the same database).

    .venv/bin/python -m bench --services 10000
    DATABASE_URL=postgres://... .venv/bin/python -m bench --services 100000

The directory is generated once per database (deterministic seed) and reused by later runs.
"""

import argparse
import os
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _setup(services: int) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kith.settings")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / f'bench-{services}.sqlite3'}")
    (ROOT / "var").mkdir(exist_ok=True)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from kith.directory import demo, taxonomy
    from kith.directory.models import Service

    if Service.objects.count() < services:
        print(f"Generating {services:,} services (once per database)...", flush=True)
        taxonomy.load()
        demo.ensure_place_organisations()
        demo.generate_directory(seed=1, organisations=max(150, services // 12), services=services,
                                replace=demo.demo_data_exists())
        demo.ensure_demo_accounts()


def _measure(client, url: str, repeat: int) -> tuple[float, float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(3):
        assert client.get(url).status_code == 200, url
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.95) - 1], len(queries)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--services", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args(argv)
    _setup(args.services)

    from django.db.models import Count
    from django.test import Client

    from kith.accounts.models import User
    from kith.directory.models import Service
    from kith.organisations.models import Organisation

    busiest = Organisation.objects.annotate(n=Count("services")).order_by("-n").first()
    service = Service.objects.filter(organisation=busiest).first()
    public, lio = Client(), Client()
    lio.force_login(User.objects.get(email="lio@example.org"))
    pages = [
        ("find-support start page (baseline)", public, "/"),
        ("organisation list", public, "/organisations/"),
        ("organisation list, page 40, by need", public, "/organisations/?theme=family-and-parenting&page=40"),
        (f"organisation page ({busiest.n} services)", public, f"/organisations/{busiest.pk}/"),
        ("service page", public, f"/services/{service.pk}/"),
        ("verification queue (LIO)", lio, "/verification/"),
        ("organisation history (LIO)", lio, f"/organisations/{busiest.pk}/history/"),
    ]
    from django.db import connection

    print(f"\nDirectory pages: {Service.objects.count():,} services, {Organisation.objects.count():,} organisations, "
          f"{connection.vendor}, {args.repeat} requests each\n")
    print(f"{'page':44} {'median ms':>10} {'p95 ms':>8} {'queries':>8} {'× baseline':>11}")
    baseline = None
    for name, client, url in pages:
        median, p95, queries = _measure(client, url, args.repeat)
        baseline = baseline or median
        print(f"{name:44} {median:10.1f} {p95:8.1f} {queries:8d} {median / baseline:11.2f}")
    return 0
