"""Load official area boundaries (ONS GeoJSON) and centre points (ONS CSV) into Kith."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from kith.areas.loading import LoadError, Report, load_boundaries, load_centroids
from kith.areas.models import gss_code_validator


class Command(BaseCommand):
    help = (
        "Load local authority, ward or 2021 LSOA boundaries from an ONS GeoJSON FeatureCollection "
        "(WGS84), and centre points from an ONS centroid CSV (optionally gzipped). Loading again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--boundaries", action="append", default=[], metavar="FILE.geojson", help="Boundary file; may be repeated.")
        parser.add_argument("--centroids", action="append", default=[], metavar="FILE.csv[.gz]", help="Centroid file; may be repeated.")
        parser.add_argument("--authority", default="", metavar="CODE", help="Keep only this local authority's areas (such as E08000024).")

    def handle(self, *args, boundaries, centroids, authority, verbosity, **options):
        self.verbosity = verbosity
        if not boundaries and not centroids:
            raise CommandError("Give at least one --boundaries or --centroids file.")
        if authority and not gss_code_validator.regex.match(authority):
            raise CommandError(f"--authority {authority!r} is not a GSS code such as E08000024.")
        for path in boundaries:
            self.load(load_boundaries, path, authority)
        for path in centroids:
            self.load(load_centroids, path, authority)

    def load(self, loader, path: str, authority: str) -> None:
        if not Path(path).is_file():
            raise CommandError(f"{path} does not exist.")
        show = self.verbosity > 0
        try:
            report = loader(Path(path), authority=authority, progress=lambda items: tqdm(items, desc=Path(path).name, disable=not show))
        except LoadError as error:
            raise CommandError(f"{error} Nothing was written from {path}.") from None
        self.write_report(Path(path).name, report)

    def write_report(self, name: str, report: Report) -> None:
        self.stdout.write(
            f"{name}: {report.added} added, {report.changed} changed, {report.unchanged} unchanged"
            + (f", {report.skipped} skipped (other areas)" if report.skipped else "")
        )
        for code, note in report.repaired:
            self.stdout.write(f"  repaired {code}: {note}")
        for code, reason in report.rejected:
            self.stderr.write(f"  rejected {code}: {reason}")
