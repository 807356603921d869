from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from kith.directory import demo, taxonomy


class Command(BaseCommand):
    help = ("Set up the demo place: its postcodes, taxonomy, the LIO and council, a generated directory and one "
            "account per role. Safe to run again: it adds only what is missing, and always prints the demo accounts.")

    def add_arguments(self, parser):
        parser.add_argument("--allow-production", action="store_true",
                            help="Run even though KITH_ENV is production (the demo passwords are public).")

    def handle(self, *args, allow_production, **options):
        if settings.PRODUCTION and not allow_production:
            raise CommandError("This is a production deployment, and the demo accounts' passwords are public. "
                               "Use --allow-production if you really mean it.")
        postcodes = demo.ensure_place_postcodes()
        if postcodes:
            self.stdout.write(f"Postcodes for {demo.PLACE_NAME} ({demo.PLACE_CODE}) from the ONS Postcode Directory: "
                              f"{postcodes.postcodes.total:,}, in {postcodes.districts.total:,} districts.")
        loaded = taxonomy.load()
        if loaded.changed:
            self.stdout.write(f"Taxonomy: {len(loaded.created)} terms added, {len(loaded.updated)} updated.")
        demo.ensure_place_organisations()
        if demo.demo_data_exists():
            self.stdout.write("Demo directory already loaded.")
        else:
            summary = demo.generate_directory(seed=demo.DEMO_SEED, organisations=demo.DEMO_ORGANISATIONS,
                                              services=demo.DEMO_SERVICES)
            self.stdout.write(f"Demo directory: {summary.organisations} organisations and {summary.services} services "
                              f"in {demo.PLACE_NAME}.")
        accounts = demo.ensure_demo_accounts()
        self.stdout.write("\nDemo accounts (demo only: these passwords are public):\n")
        self.stdout.write(demo.account_table(accounts))
        for account in accounts:
            for note in account.notes:
                self.stdout.write(f"{account.email}: {note}")
        self.stdout.write("")
