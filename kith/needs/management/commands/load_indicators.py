"""Load the official indicators of need (IoD 2025, Census 2021) for the LSOAs Kith has loaded."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from kith.areas.models import gss_code_validator
from kith.needs.indicators import ReadError, load_census_age, load_census_households, load_iod

LOADERS = {"iod": load_iod, "census_age": load_census_age, "census_households": load_census_households}


class Command(BaseCommand):
    help = (
        "Load the English Indices of Deprivation 2025 and Census 2021 population by age and household deprivation "
        "from the official CSV files (optionally gzipped), for the LSOAs already loaded. Each file loads whole or "
        "not at all; loading again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--iod", metavar="FILE", help="IoD 2025 scores, ranks and deciles per 2021 LSOA.")
        parser.add_argument("--census-age", metavar="FILE", help="Census 2021 usual residents by six age bands per 2021 LSOA.")
        parser.add_argument("--census-households", metavar="FILE", help="Census 2021 TS011 households by deprivation dimensions.")
        parser.add_argument("--authority", default="", metavar="CODE", help="Keep only this local authority's LSOAs (such as E08000024).")

    def handle(self, *args, authority, verbosity, **options):
        files = {key: options[key] for key in LOADERS if options.get(key)}
        if not files:
            raise CommandError("Give at least one of --iod, --census-age and --census-households.")
        if authority and not gss_code_validator.regex.match(authority):
            raise CommandError(f"--authority {authority!r} is not a GSS code such as E08000024.")
        for key, path in files.items():
            if not Path(path).is_file():
                raise CommandError(f"{path} does not exist.")
        for key, path in files.items():
            bar = lambda rows, name=Path(path).name: tqdm(rows, desc=name, disable=verbosity == 0)  # noqa: E731
            try:
                report = LOADERS[key](Path(path), authority=authority, progress=bar)
            except ReadError as error:
                raise CommandError(f"{error} Nothing was written from {path}.") from None
            self.stdout.write(f"{Path(path).name}: {report}")
