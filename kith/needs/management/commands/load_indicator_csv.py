"""Load a further indicator from a CSV of area codes and values, checked row by row; any problem writes nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kith.needs.indicators import check_indicator_csv, save_indicator
from kith.needs.indicators.upload import OfficialIndicatorError


class Command(BaseCommand):
    help = (
        "Load an indicator from a CSV with columns area_code and value (optionally rank and decile), one row per "
        "area. Every row is checked first; if any has a problem, all problems are listed and nothing is written. "
        "Loading a file under the same name again replaces that indicator's figures."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE.csv")
        parser.add_argument("--name", required=True, help="What the figures measure, as people will read it.")
        parser.add_argument("--unit", default="", help="Such as %% or people.")
        parser.add_argument("--description", default="")
        parser.add_argument("--source", default="", help="Who published the figures.")
        parser.add_argument("--period", default="", help="The year or period the figures describe.")
        direction = parser.add_mutually_exclusive_group()
        direction.add_argument("--higher-is-more-need", dest="higher_is_more_need", action="store_true", default=True)
        direction.add_argument("--higher-is-less-need", dest="higher_is_more_need", action="store_false")

    def handle(self, *args, file, name, **options):
        if not Path(file).is_file():
            raise CommandError(f"{file} does not exist.")
        if not name.strip():
            raise CommandError("--name must not be blank.")
        rows, problems = check_indicator_csv(Path(file))
        if problems:
            raise CommandError("\n".join([f"{Path(file).name} was not loaded; nothing was written:", *map(str, problems)]))
        fields = {key: options[key] for key in ("unit", "description", "source", "period", "higher_is_more_need")}
        try:
            indicator, report = save_indicator(name=name.strip(), rows=rows, **fields)
        except OfficialIndicatorError as refusal:
            raise CommandError(str(refusal)) from None
        self.stdout.write(f"{indicator.name} ({indicator.slug}): {report}")
