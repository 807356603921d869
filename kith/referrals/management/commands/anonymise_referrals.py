from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from tqdm import tqdm

from kith.referrals import services
from kith.referrals.privacy import erasure


class Command(BaseCommand):
    help = ("Blank the person's details in finished referrals (closed, declined, could not contact, outcome "
            "recorded) older than KITH_REFERRAL_RETENTION_DAYS (closing date, or last event) and delete stale drafts. Status, dates, needs and organisations are kept for the "
            "figures; open referrals are never touched. Safe to run daily: what is done is not done again.")

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None,
                            help=f"Retention in days (default KITH_REFERRAL_RETENTION_DAYS, now {settings.KITH_REFERRAL_RETENTION_DAYS}).")
        parser.add_argument("--batch-size", type=int, default=500, help="Referrals per transaction (default 500).")

    def handle(self, *args, days, batch_size, verbosity, **options):
        days = settings.KITH_REFERRAL_RETENTION_DAYS if days is None else days
        if days < 0:
            raise CommandError("--days (or KITH_REFERRAL_RETENTION_DAYS) must be 0 or more.")
        if batch_size < 1:
            raise CommandError("--batch-size must be 1 or more.")
        due = erasure.due_for_anonymising(days=days)
        anonymised = 0
        # Each batch commits on its own: an interrupted run keeps what it did, and the next picks up the rest.
        with tqdm(total=due.count(), unit=" referrals", disable=verbosity < 1, file=self.stderr._out) as bar:
            while True:
                batch = list(erasure.due_for_anonymising(days=days).values_list("pk", flat=True)[:batch_size])
                if not batch:
                    break
                with transaction.atomic():
                    done = erasure.anonymise(batch)
                if not done:  # another run took them meanwhile
                    break
                anonymised += done
                bar.update(done)
        drafts = services.delete_stale_drafts()
        self.stdout.write(self.style.SUCCESS(
            f"Anonymised {anonymised:,} finished referral{'s' if anonymised != 1 else ''} older than {days:,} days; "
            f"deleted {drafts:,} stale draft{'s' if drafts != 1 else ''}."))
