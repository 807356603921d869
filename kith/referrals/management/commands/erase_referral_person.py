from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from kith.referrals.privacy import erasure
from kith.referrals.privacy.operator import add_identifier_arguments, matching


class Command(BaseCommand):
    help = ("Erase a person's details from every referral about them (all organisations): blanked as retention does, "
            "the referrals closed and kept, anonymous, for the figures. Each erasure is recorded. Needs --yes.")

    def add_arguments(self, parser):
        add_identifier_arguments(parser)
        parser.add_argument("--yes", action="store_true", help="Confirm the erasure (without it, only count).")

    def handle(self, *args, yes, **options):
        found = list(matching(options).filter(anonymised_at__isnull=True).values_list("pk", "reference"))
        if not found:
            self.stdout.write("No referral holds details matching these identifiers: nothing to erase.")
            return
        references = ", ".join(reference for _, reference in found)
        if not yes:
            raise CommandError(f"{len(found):,} referral{'s' if len(found) != 1 else ''} match ({references}). "
                               "Run again with --yes to erase the person's details from them.")
        with transaction.atomic():
            erased = sum(erasure.referral_erase(referral=referral, by=None, organisation=None)
                         for referral in matching(options).filter(pk__in=[pk for pk, _ in found]))
        self.stdout.write(self.style.SUCCESS(
            f"Erased the person's details from {erased:,} referral{'s' if erased != 1 else ''} ({references})."))
