"""Load the demo indicators vendored with Kith (IoD 2025 and Census 2021 for Sunderland and Cornwall)."""

from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand

DATA = Path(__file__).resolve().parents[2] / "data"
FILES = {
    "--iod": "iod2025_lsoa21_sunderland_cornwall.csv.gz",
    "--census-age": "census2021_lsoa21_usual_residents_by_age6_sunderland_cornwall.csv.gz",
    "--census-households": "census2021_lsoa21_household_deprivation_dimensions_sunderland_cornwall.csv.gz",
}


class Command(BaseCommand):
    help = "Load the demo indicators from kith/needs/data (run load_demo_areas first). Running it again changes nothing."

    def handle(self, *args, verbosity, **options):
        arguments = [argument for option, name in FILES.items() for argument in (option, str(DATA / name))]
        call_command("load_indicators", *arguments, verbosity=verbosity, stdout=self.stdout, stderr=self.stderr)
