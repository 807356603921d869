"""Needs pages on the demo data: median and 95th-percentile time and SQL query count per page, each against
the health check (the baseline, measured in the same run on the same database).

    .venv/bin/python -m bench.needs_pages
    .venv/bin/python -m bench.needs_pages --repeat 100
    DATABASE_URL=postgres://... .venv/bin/python -m bench.needs_pages

Target (the needs-mapping issue): the Sunderland LSOA map page well under half a second. The demo data
(directory, areas and indicators, as `make demo` loads them) is loaded once per database and reused by
later runs. The gaps page is measured when it exists.
"""

import argparse
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAP_INDICATOR = "iod2025-imd"


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kith.settings")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench-needs.sqlite3'}")
    (ROOT / "var").mkdir(exist_ok=True)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from kith.needs.models import Indicator

    if not Indicator.objects.filter(slug=MAP_INDICATOR).exists():
        print("Loading the demo directory, areas and indicators (once per database)...", flush=True)
        call_command("load_demo", verbosity=0)
        call_command("load_demo_areas", verbosity=0)
        call_command("load_demo_indicators", verbosity=0)


def _gaps_url() -> str | None:
    # Another part of the needs map, measured once it is there.
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse("needs:gaps")
    except NoReverseMatch:
        return None


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args(argv)
    _setup()

    from django.conf import settings
    from django.db import connection
    from django.test import Client

    from bench.directory_pages import _measure
    from django.utils.http import urlencode

    from kith.areas.models import Area
    from kith.directory.models import TaxonomyTerm
    from kith.needs.models import IndicatorValue

    lsoas = Area.objects.filter(kind=Area.Kind.LSOA, local_authority=settings.KITH_PLACE_CODE)
    area = lsoas.first()
    client = Client()
    map_url = f"/needs/?indicator={MAP_INDICATOR}"
    pages = [
        ("health check (baseline)", "/health/"),
        (f"needs map, {lsoas.count()} LSOAs", map_url),
        ("needs map as CSV", f"{map_url}&format=csv"),
        ("needs map, sorted by name", f"{map_url}&sort=name"),
        (f"area profile ({area.code})", f"/needs/areas/{area.code}/"),
        ("indicator list", "/needs/indicators/"),
    ]
    gaps = _gaps_url()
    if gaps:
        pages.append(("gaps page, no need chosen", gaps))
        debt = TaxonomyTerm.objects.filter(name__icontains="debt").order_by("name").first()
        if debt:
            pages.append((f"gaps page, {debt.name.lower()}", f"{gaps}?{urlencode({'need': debt.code})}"))
            pages.append((f"area profile, {debt.name.lower()}", f"/needs/areas/{area.code}/?{urlencode({'need': debt.code})}"))

    print(f"\nNeeds pages: {settings.KITH_PLACE_NAME} ({settings.KITH_PLACE_CODE}), {Area.objects.count():,} areas, "
          f"{IndicatorValue.objects.count():,} indicator values, {connection.vendor}, {args.repeat} requests each\n")
    print(f"{'page':40} {'median ms':>10} {'p95 ms':>8} {'queries':>8} {'× baseline':>11}")
    baseline = None
    for name, url in pages:
        status = client.get(url).status_code
        if status != 200:
            print(f"{name:40} skipped: {url} answered {status}")
            continue
        median, p95, queries = _measure(client, url, args.repeat)
        baseline = baseline or median
        print(f"{name:40} {median:10.1f} {p95:8.1f} {queries:8d} {median / baseline:11.2f}")
    if not gaps:
        print("gaps page: not built yet (no URL named needs:gaps), skipped")
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(main(sys.argv[1:]))
