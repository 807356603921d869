from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from django.core.exceptions import ImproperlyConfigured

from kith.referrals import crypto, rotation


class Command(BaseCommand):
    help = ("Re-encrypt every personal value in referrals with the newest key in KITH_REFERRAL_KEYS. "
            "To rotate: put a new key first in KITH_REFERRAL_KEYS, keep the old ones after it, restart, run this, "
            "then remove the old keys. Safe to run again; values already under the newest key are left alone.")

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500, help="Rows per transaction (default 500).")

    def handle(self, *args, batch_size, verbosity, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be 1 or more.")
        try:
            crypto.check_keys()
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from None
        # The wrapped stream itself: Django's wrapper would end each of tqdm's redraws with a new line.
        with tqdm(total=rotation.rows_to_rotate(), unit=" rows", disable=verbosity < 1, file=self.stderr._out) as bar:
            report = rotation.rotate_all(batch_size=batch_size, progress=bar.update)
        if report.undecryptable:
            raise CommandError(
                f"{report.undecryptable:,} values could not be decrypted with any key in KITH_REFERRAL_KEYS and were "
                f"left as they are ({report.rotated:,} others re-encrypted). Put back the key they were written with, "
                "then run this again.")
        self.stdout.write(self.style.SUCCESS(
            f"Re-encrypted {report.rotated:,} values with the newest key; {report.current:,} already used it."))
