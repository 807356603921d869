from django.core.management.base import BaseCommand

from kith.directory import taxonomy


class Command(BaseCommand):
    help = "Load Kith's taxonomy of needs and service types. Safe to run again: it only adds or corrects terms."

    def handle(self, *args, **options):
        result = taxonomy.load()
        self.stdout.write(
            f"Taxonomy '{result.taxonomy.name}': {len(result.created)} terms added, "
            f"{len(result.updated)} updated, {result.unchanged} unchanged."
        )
        if result.not_in_file:
            self.stdout.write(f"Kept {len(result.not_in_file)} terms that are not in the file: {', '.join(result.not_in_file)}")
