import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from kith.directory import demo


class Command(BaseCommand):
    help = ("Generate a fictional directory for the demo place (Sunderland) from a seed: organisations of every type "
            "and size, with services at real postcodes. The same seed gives the same data.")

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=demo.DEMO_SEED)
        parser.add_argument("--organisations", type=int, default=demo.DEMO_ORGANISATIONS)
        parser.add_argument("--services", type=int, default=demo.DEMO_SERVICES)
        parser.add_argument("--batch-size", type=int, default=2000, help="Services written per transaction.")
        parser.add_argument("--replace", action="store_true",
                            help="Delete the demo organisations and services generated before, then generate.")
        parser.add_argument("--allow-production", action="store_true",
                            help="Run even though KITH_ENV is production.")

    def handle(self, *args, seed, organisations, services, batch_size, replace, allow_production, verbosity, **options):
        if settings.PRODUCTION and not allow_production:
            raise CommandError("This is a production deployment: demo data would mix with real records. "
                               "Use --allow-production if you really mean it.")
        if organisations < 1 or services < 0 or batch_size < 1:
            raise CommandError("--organisations and --batch-size must be at least 1, and --services at least 0.")
        if demo.demo_data_exists() and not replace:
            raise CommandError("Generated demo data is already here. Run again with --replace to delete it "
                               "and generate afresh.")
        started = time.monotonic()
        # The wrapped stream itself: Django's wrapper would end each of tqdm's redraws with a new line.
        with tqdm(total=services, unit=" services", disable=verbosity < 1, file=self.stderr._out) as bar:
            summary = demo.generate_directory(seed=seed, organisations=organisations, services=services,
                                              replace=replace, batch_size=batch_size, progress=bar.update)
        if summary.replaced:
            self.stdout.write(f"Deleted {summary.replaced:,} previously generated services and organisations.")
        self.stdout.write(self.style.SUCCESS(
            f"Generated {summary.organisations:,} organisations, {summary.locations:,} locations and "
            f"{summary.services:,} services ({summary.rows:,} rows) from seed {seed} "
            f"in {time.monotonic() - started:.1f} s."))
