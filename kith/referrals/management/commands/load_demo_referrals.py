from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from kith.referrals.inbox import demo


class Command(BaseCommand):
    help = ("Add demo referrals between the demo accounts' organisations, in every status (with an onward chain and "
            "some not opened for days). Run after load_demo. Safe to run again: a second run adds nothing.")

    def add_arguments(self, parser):
        parser.add_argument("--allow-production", action="store_true",
                            help="Run even though KITH_ENV is production (demo referrals are not real people).")

    def handle(self, *args, allow_production, **options):
        if settings.PRODUCTION and not allow_production:
            raise CommandError("This is a production deployment: demo referrals do not belong here. "
                               "Use --allow-production if you really mean it.")
        with tqdm(total=len(demo.DEMOS), desc="Demo referrals", disable=options["verbosity"] < 1) as bar:
            loaded = demo.load(progress=lambda: bar.update(1))
        if loaded.added == 0 and loaded.present == 0:
            raise CommandError("No demo referrals could be made: run `manage.py load_demo` first, so that the demo "
                               "accounts and their organisations' services exist.")
        self.stdout.write(f"Demo referrals: {loaded.added} added, {loaded.present} already there"
                          + (f", {len(loaded.skipped)} skipped (no service to refer to)" if loaded.skipped else "") + ".")
