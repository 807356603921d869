"""Load the relationship toolkit's framework (principles, elements, statements) from its data file."""
from django.core.management.base import BaseCommand, CommandError

from kith.assessments.rounds.framework import FRAMEWORK_FILE, FrameworkFileError, load_framework


class Command(BaseCommand):
    help = ("Load the four principles, their key elements and Kith's statements. Safe to run again: principles "
            "already loaded are kept as administrators edited them.")

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(FRAMEWORK_FILE), help="A framework JSON file (default: Kith's own)")

    def handle(self, *args, file, **options):
        try:
            result = load_framework(file)
        except FrameworkFileError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Framework: {result.principles_created} principles and {result.statements_created} "
                          f"statements loaded; {result.principles_kept} principles already there were kept.")
