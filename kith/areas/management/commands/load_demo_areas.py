"""Load the demo geography vendored with Kith: Sunderland's and Cornwall's authorities, wards and LSOAs."""

from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand

DATA = Path(__file__).resolve().parents[2] / "data"
BOUNDARIES = [
    "lad24_sunderland_cornwall_buc.geojson.gz",
    "ward25_E08000024_sunderland.geojson.gz",
    "ward25_E06000052_cornwall.geojson.gz",
    "lsoa21_E08000024_sunderland.geojson.gz",
    "lsoa21_E06000052_cornwall.geojson.gz",
]
CENTROIDS = ["lsoa_centroids_sunderland_cornwall_latlong.csv.gz", "ward_centroids_sunderland_cornwall_latlong.csv.gz"]


class Command(BaseCommand):
    help = "Load the demo areas (Sunderland and Cornwall) from the files in kith/areas/data. Running it again changes nothing."

    def handle(self, *args, verbosity, **options):
        arguments = [argument for name in BOUNDARIES for argument in ("--boundaries", str(DATA / name))]
        arguments += [argument for name in CENTROIDS for argument in ("--centroids", str(DATA / name))]
        call_command("load_areas", *arguments, verbosity=verbosity, stdout=self.stdout, stderr=self.stderr)
