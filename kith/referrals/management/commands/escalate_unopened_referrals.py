from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from tqdm import tqdm

from kith.referrals.notifications.escalation import overdue_referrals, referral_escalate

# Fewer than this and a progress bar is only noise in a daily cron email.
BAR_FROM = 20


class Command(BaseCommand):
    help = ("Escalate referrals not opened within KITH_REFERRAL_ESCALATE_AFTER_WORKING_DAYS working days "
            "(Monday to Friday, less England and Wales bank holidays and KITH_REFERRAL_CLOSURE_DAYS): the receiving "
            "organisation's managers get an email and a notification, the referrer a notification. Each referral "
            "is escalated once only, so this is safe to run daily or hourly.")

    def handle(self, *args, verbosity, **options):
        days = settings.KITH_REFERRAL_ESCALATE_AFTER_WORKING_DAYS
        if days < 1:
            raise CommandError("KITH_REFERRAL_ESCALATE_AFTER_WORKING_DAYS must be 1 or more.")
        try:
            due = list(overdue_referrals())
            escalated = 0
            with tqdm(total=len(due), unit=" referrals", disable=verbosity < 1 or len(due) < BAR_FROM,
                      file=self.stderr._out) as bar:
                for referral in due:
                    escalated += referral_escalate(referral=referral)
                    bar.update()
        except DatabaseError as error:
            raise CommandError(f"Could not escalate referrals: the database refused ({type(error).__name__}). "
                               "Those already escalated stay escalated; run this again.") from None
        self.stdout.write(self.style.SUCCESS(
            f"Escalated {escalated:,} referral{'s' if escalated != 1 else ''} not opened within {days} working "
            f"day{'s' if days != 1 else ''}; {len(due) - escalated:,} were opened or escalated meanwhile."))
