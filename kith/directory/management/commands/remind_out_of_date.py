"""Email each organisation manager a list of their records that are possibly out of date.

Run daily (from cron or a systemd timer): nobody is emailed twice within KITH_STALE_REMINDER_DAYS.
"""

import datetime
from collections import defaultdict

from django.conf import settings
from django.core.mail import send_mail
from django.core.management.base import BaseCommand
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from kith.core.audit import record_event
from kith.core.models import Event
from kith.directory.models import Service
from kith.organisations.models import Membership, Organisation, Role

VERB = "reminded_out_of_date"


def stale_records() -> dict:
    """{organisation: [(label, url), …]} for every active organisation with something possibly out of date."""
    found = defaultdict(list)
    for organisation in Organisation.objects.active().possibly_out_of_date():
        found[organisation].append((f"Your organisation’s details: {organisation.name}",
                                    settings.SITE_URL + reverse("directory:organisation_detail", args=[organisation.pk])))
    for service in Service.objects.listed().possibly_out_of_date().select_related("organisation").order_by("name"):
        found[service.organisation].append((f"Service: {service.name}",
                                            settings.SITE_URL + reverse("directory:service_detail", args=[service.pk])))
    return found


class Command(BaseCommand):
    help = ("Email the managers of organisations whose details or services are possibly out of date, "
            "one email per person, at most once every KITH_STALE_REMINDER_DAYS days (default 14).")

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="List who would be emailed, and send nothing.")

    def handle(self, *args, dry_run: bool = False, **options):
        days = settings.KITH_STALE_REMINDER_DAYS
        records = stale_records()
        managers = Membership.objects.filter(organisation__in=list(records), role=Role.MANAGER, user__is_active=True) \
            .select_related("user", "organisation").order_by("user__email", "organisation__name")
        by_person = defaultdict(list)
        for membership in managers:
            by_person[membership.user].append((membership.organisation, records[membership.organisation]))
        for organisation in set(records) - {org for items in by_person.values() for org, _ in items}:
            self.stdout.write(f"No manager to remind for {organisation.name}")

        since = timezone.now() - datetime.timedelta(days=days)
        reminded_lately = set(Event.objects.filter(verb=VERB, object_type="accounts.user", at__gte=since)
                              .values_list("object_id", flat=True))
        sent = skipped = 0
        for person, organisations in by_person.items():
            if str(person.pk) in reminded_lately:
                skipped += 1
                continue
            labels = [label for _, items in organisations for label, _ in items]
            if dry_run:
                self.stdout.write(f"Would email {person.email}: {len(labels)} record(s)")
                sent += 1
                continue
            context = {"person": person, "organisations": organisations, "place_name": settings.KITH_PLACE_NAME,
                       "stale_after_days": settings.KITH_STALE_AFTER_DAYS}
            send_mail(
                subject=render_to_string("directory/email/out_of_date_subject.txt", context).strip(),
                message=render_to_string("directory/email/out_of_date.txt", context),
                from_email=None, recipient_list=[person.email],
            )
            record_event(actor=None, verb=VERB, obj=person, after={"records": labels})
            sent += 1
        self.stdout.write(self.style.SUCCESS(
            f"{'Would send' if dry_run else 'Sent'} {sent} reminder(s); "
            f"{skipped} person(s) already reminded in the last {days} days."))
