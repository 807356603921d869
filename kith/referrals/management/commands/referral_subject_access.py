import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from kith.referrals.privacy import export
from kith.referrals.privacy.operator import add_identifier_arguments, matching


class Command(BaseCommand):
    help = ("Export, as JSON, everything held about a person in the referrals of every organisation: their details, "
            "consents, needs, statuses and the audit trail. Each referral exported is recorded.")

    def add_arguments(self, parser):
        add_identifier_arguments(parser)
        parser.add_argument("--output", default="", help="Write the JSON to this file (default: standard output).")

    def handle(self, *args, output, **options):
        found = matching(options)
        data = export.export_and_record(found, by=None, organisation=None, output="json")
        text = json.dumps({"exported_at": timezone.now().isoformat(), "referrals": data}, indent=2, ensure_ascii=False)
        if not output:
            self.stdout.write(text)
            return
        try:
            with open(output, "w", encoding="utf-8") as file:
                file.write(text + "\n")
        except OSError as error:
            raise CommandError(f"Could not write {output}: {error.strerror}.") from None
        self.stdout.write(self.style.SUCCESS(f"Exported {len(data):,} referral{'s' if len(data) != 1 else ''} to {output}."))
