import time

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from kith.postcodes import loading


class Command(BaseCommand):
    help = ("Load postcodes from the ONS Postcode Directory, offline: a local authority's from the copy Kith "
            "installs (--authority), the whole UK's (--all), or an ONSPD CSV file you downloaded (--onspd). "
            "Safe to run again: postcodes already loaded with the same values are left alone.")

    def add_arguments(self, parser):
        source = parser.add_mutually_exclusive_group(required=True)
        source.add_argument("--authority", action="append", metavar="GSS",
                            help="A local authority's GSS code, like E08000024. Repeat for more than one.")
        source.add_argument("--all", action="store_true", help="Every postcode in the UK (2.7 million).")
        source.add_argument("--onspd", metavar="FILE", help="An ONSPD CSV file (pcds, lat, long, oslaua or lad25cd).")

    def handle(self, *args, authority, all, onspd, verbosity, **options):
        started = time.monotonic()
        try:
            if authority:
                codes = sorted({code.strip().upper() for code in authority})
                summary = loading.load_authorities(codes)
                what = f"local authority {', '.join(codes)}"
            elif all:
                summary = self._load_all(verbosity)
                what = "the UK"
            else:
                with tqdm(unit=" postcodes", disable=verbosity < 1, file=self.stderr._out) as bar:
                    summary = loading.load_onspd(onspd, progress=bar.update)
                what = onspd
        except loading.LoadError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(
            f"Postcodes for {what}: {summary.postcodes}. Districts: {summary.districts}. "
            f"{time.monotonic() - started:.1f} s."))
        if summary.without_position:
            self.stdout.write(f"Left out {summary.without_position:,} postcodes that have no position.")

    def _load_all(self, verbosity):
        # The wrapped stream itself: Django's wrapper would end each of tqdm's redraws with a new line.
        with tqdm(total=len(loading.ascii_uppercase), unit=" letters", disable=verbosity < 1,
                  file=self.stderr._out) as bar:
            def progress(letter, count):
                bar.set_postfix_str(f"{letter}: {count:,} postcodes")
                bar.update()

            return loading.load_all(progress=progress)
