from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from kith.interchange.spreadsheets import exporting, writing


class Command(BaseCommand):
    help = ("Export every published service (active and verified) with its organisation and locations: "
            "as a JSON list of full Open Referral UK 3.0 services, or as CSV or XLSX in the upload template's "
            "columns (one row for each service at each location).")

    def add_arguments(self, parser):
        parser.add_argument("--format", required=True, choices=["json", "csv", "xlsx"])
        parser.add_argument("--output", required=True, help="The file to write (replaced if it exists).")

    def handle(self, *args, format, output, verbosity, **options):
        path = Path(output)
        if not path.parent.is_dir():
            raise CommandError(f"The folder {path.parent} does not exist.")
        if format == "json" and not exporting.json_available():
            raise CommandError("The Open Referral UK serialiser is not installed, so JSON cannot be exported yet.")
        total = exporting.published_services().count()
        # The wrapped stream itself: Django's wrapper would end each of tqdm's redraws with a new line.
        with tqdm(total=total, unit=" services", disable=verbosity < 1, file=self.stderr._out) as bar:
            try:
                with path.open("wb") as target:
                    if format == "csv":
                        for chunk in writing.csv_lines(exporting.rows(progress=bar.update)):
                            target.write(chunk)
                    elif format == "xlsx":
                        writing.write_xlsx(exporting.rows(progress=bar.update), target)
                    else:
                        for chunk in exporting.json_chunks(progress=bar.update):
                            target.write(chunk)
            except OSError as error:
                raise CommandError(f"Could not write {path}: {error.strerror or error}.") from None
        self.stdout.write(self.style.SUCCESS(f"Exported {total:,} services to {path}."))
