"""Load the relationship toolkit's demo: the framework, last year's completed round with its action plan, and
the current round, answered by both sectors."""
from django.core.management.base import BaseCommand, CommandError

from kith.assessments.rounds.demo import load_demo_assessment
from kith.assessments.rounds.framework import FrameworkFileError


class Command(BaseCommand):
    help = "Load demo relationship rounds with varied anonymous answers and an action plan. Safe to run again."

    def handle(self, *args, **options):
        try:
            result = load_demo_assessment()
        except FrameworkFileError as error:
            raise CommandError(str(error)) from error
        if not result["created"]:
            self.stdout.write("Demo relationship rounds were already loaded; nothing changed.")
            return
        for round_ in (result["previous"], result["current"]):
            self.stdout.write(f"{round_.name}: {round_.responses.filter(submitted_at__isnull=False).count()} "
                              f"responses, {round_.actions.count()} actions")
