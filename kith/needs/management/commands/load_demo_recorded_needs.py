"""Load the demo's local intelligence: about 30 recorded needs across the place's wards, and unmet searches if none."""

from django.core.management.base import BaseCommand, CommandError

from kith.needs.intelligence import demo


class Command(BaseCommand):
    help = ("Add about 30 demo recorded needs from the demo's VCFSE organisations across the place's wards (some accepted, "
            "some awaiting review) and a year of demo unmet searches if there are none. Run load_demo and load_demo_areas "
            "first. Running it again adds nothing.")

    def handle(self, *args, **options):
        try:
            loaded = demo.load()
        except demo.MissingDemo as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Recorded needs added: {loaded.needs}. Unmet searches added: {loaded.searches}.")
