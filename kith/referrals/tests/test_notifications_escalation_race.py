"""Two escalation runs at once (an hourly cron overlapping a slow run): each referral is escalated, and its
managers told, exactly once. Real concurrency needs real row locking, so this runs on PostgreSQL only."""

import datetime
import io
import threading

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection, connections
from django.utils import timezone

from kith.referrals.models import EventKind, Notification, Referral

from .helpers import sent_referral

pytestmark = [pytest.mark.django_db(transaction=True),
              pytest.mark.skipif(connection.vendor != "postgresql",
                                 reason="SQLite serialises all writes, so it cannot show two runs racing")]

RUNS = 3


def test_overlapping_runs_escalate_each_referral_once(service, people, org_b):
    long_ago = timezone.now() - datetime.timedelta(days=30)
    made = [sent_referral(service, by=people["member_b"], organisation=org_b) for _ in range(12)]
    Referral.objects.filter(pk__in=[r.pk for r in made]).update(sent_at=long_ago)
    mail.outbox.clear()
    start = threading.Barrier(RUNS)
    outputs: list[str] = [""] * RUNS

    def run(index: int) -> None:
        try:
            out = io.StringIO()
            start.wait(timeout=10)
            call_command("escalate_unopened_referrals", stdout=out, stderr=io.StringIO())
            outputs[index] = out.getvalue()
        finally:
            connections.close_all()  # this thread's own connection

    threads = [threading.Thread(target=run, args=(i,)) for i in range(RUNS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert all(outputs), outputs
    for referral in made:
        assert referral.events.filter(kind=EventKind.ESCALATED).count() == 1
        assert Notification.objects.filter(referral=referral, kind="not_opened", user=people["manager_a"]).count() == 1
    assert sorted(address for m in mail.outbox for address in m.to) == [people["manager_a"].email] * len(made)
    escalated = sum(int(out.split()[1]) for out in outputs)
    assert escalated == len(made), outputs
