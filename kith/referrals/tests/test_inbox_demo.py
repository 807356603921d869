"""The demo referrals: every status, a chain, declines for capacity and eligibility, some waiting
unopened for days; made through the services (so their history is right); a second run adds nothing."""

import datetime
from collections import Counter

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from kith.referrals.inbox import demo
from kith.referrals.models import EventKind, Referral, Status
from kith.testing import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_accounts(db):
    organisations = {email: factories.OrganisationFactory(name=f"Demo {email.split('@')[0]}")
                     for email in (demo.PROFESSIONAL, demo.MEMBER, demo.OFFICER, demo.LIO)}
    organisations[demo.MANAGER] = organisations[demo.MEMBER]
    for email, organisation in organisations.items():
        factories.MembershipFactory(user=factories.UserFactory(email=email), organisation=organisation)
        if not organisation.services.exists():
            factories.ServiceFactory(organisation=organisation, referral_route="both")
    return organisations


def test_the_demo_covers_the_closed_loop_and_runs_once(demo_accounts):
    call_command("load_demo_referrals", verbosity=0)
    made = Referral.objects.filter(reference__startswith=demo.DEMO_PREFIX)
    assert 15 <= made.count() <= 25
    assert set(made.values_list("status", flat=True)) == set(Status.values) - {Status.DRAFT}
    assert {"no_capacity", "not_eligible"} <= set(made.values_list("decline_reason", flat=True))
    chained = made.get(previous__isnull=False)
    assert chained.previous.outcome == "referred_on" and chained.previous.reference.startswith(demo.DEMO_PREFIX)
    old = timezone.now() - datetime.timedelta(days=7)
    assert made.filter(status=Status.SENT, sent_at__lt=old, opened_at__isnull=True).count() >= 2
    for referral in made.exclude(status=Status.SENT):
        steps = list(referral.events.filter(kind=EventKind.STATUS_CHANGED).values_list("from_status", "to_status"))
        assert steps[0] == (Status.SENT, Status.OPENED) and steps[-1][1] == referral.status
    assert not Counter(made.values_list("person_name", flat=True)).keys() - {name for name, _ in demo.PEOPLE}
    events = Referral.objects.count(), Referral.objects.values("events").count()
    call_command("load_demo_referrals", verbosity=0)
    assert (Referral.objects.count(), Referral.objects.values("events").count()) == events


def test_without_the_demo_accounts_it_says_what_to_do():
    with pytest.raises(CommandError, match="load_demo"):
        call_command("load_demo_referrals", verbosity=0)
