from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from kith.referrals.crypto import UndecryptableValue
from kith.referrals.models import Referral
from kith.referrals.privacy.keys import person_keys_refresh


class Command(BaseCommand):
    help = ("Rewrite every sent referral's person keys (hashes for subject access and erasure). Needed only after "
            "KITH_REFERRAL_LOOKUP_KEY changes; safe to run again.")

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500, help="Referrals read at a time (default 500).")

    def handle(self, *args, batch_size, verbosity, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be 1 or more.")
        pks = list(Referral.objects.sent().filter(anonymised_at__isnull=True).order_by("pk").values_list("pk", flat=True))
        failed = 0
        with tqdm(total=len(pks), unit=" referrals", disable=verbosity < 1, file=self.stderr._out) as bar:
            for start in range(0, len(pks), batch_size):
                for pk in pks[start:start + batch_size]:
                    try:
                        person_keys_refresh(Referral.objects.get(pk=pk))
                    except (UndecryptableValue, Referral.DoesNotExist):
                        failed += 1
                    bar.update(1)
        if failed:
            raise CommandError(f"{failed:,} referrals could not be read (removed meanwhile, or a key is missing from "
                               f"KITH_REFERRAL_KEYS); the other {len(pks) - failed:,} were refreshed.")
        self.stdout.write(self.style.SUCCESS(f"Refreshed the person keys of {len(pks):,} referrals."))
