from django.core.management.base import BaseCommand
from tqdm import tqdm

from kith.directory.models import Service
from kith.directory.search import index


class Command(BaseCommand):
    help = ("Write every service's search document afresh. Needed after writes that bypass the models' signals, "
            "like bulk imports; ordinary edits keep the index current by themselves.")

    def handle(self, *args, verbosity, **options):
        # The wrapped stream itself: Django's wrapper would end each of tqdm's redraws with a new line.
        with tqdm(total=Service.objects.count(), unit=" services", disable=verbosity < 1, file=self.stderr._out) as bar:
            seen = index.rebuild(progress=bar.update)
        self.stdout.write(self.style.SUCCESS(f"Search index rebuilt: {seen:,} services looked at."))
