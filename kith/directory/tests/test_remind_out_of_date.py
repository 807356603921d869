import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from kith.core.models import Event
from kith.testing import factories

pytestmark = pytest.mark.django_db


def ago(days: int):
    return timezone.now() - datetime.timedelta(days=days)


def run(*args) -> str:
    out = StringIO()
    call_command("remind_out_of_date", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def stale(db, settings):
    settings.SITE_URL = "https://kith.example.org"
    org = factories.OrganisationFactory(name="Hendon Pantry", last_confirmed_at=ago(400))
    service = factories.ServiceFactory(organisation=org, name="Food Parcels", last_confirmed_at=ago(300))
    factories.ServiceFactory(organisation=org, name="Fresh Service")
    factories.ServiceFactory(organisation=org, name="Closed Service", status="inactive", last_confirmed_at=ago(300))
    manager = factories.MembershipFactory(organisation=org, role="manager", user__email="boss@example.org").user
    factories.MembershipFactory(organisation=org, role="member", user__email="helper@example.org")
    return {"org": org, "service": service, "manager": manager}


def test_managers_get_one_email_listing_their_out_of_date_records_with_links(stale):
    second = factories.OrganisationFactory(name="Second Group", last_confirmed_at=ago(500))
    factories.MembershipFactory(organisation=second, role="manager", user=stale["manager"])
    output = run()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["boss@example.org"]
    for text in ["Hendon Pantry", "Food Parcels", "Second Group",
                 f"https://kith.example.org/services/{stale['service'].pk}/",
                 f"https://kith.example.org/organisations/{stale['org'].pk}/"]:
        assert text in message.body, text
    assert "Fresh Service" not in message.body and "Closed Service" not in message.body
    assert "Sent 1 reminder(s)" in output
    assert Event.objects.for_object(stale["manager"]).get().verb == "reminded_out_of_date"


def test_nobody_is_reminded_twice_within_the_reminder_period(stale, settings):
    settings.KITH_STALE_REMINDER_DAYS = 14
    run()
    run()
    assert len(mail.outbox) == 1
    Event.objects.filter(verb="reminded_out_of_date").update(at=ago(15))
    run()
    assert len(mail.outbox) == 2


def test_dry_run_sends_nothing_and_records_nothing(stale):
    output = run("--dry-run")
    assert mail.outbox == []
    assert not Event.objects.filter(verb="reminded_out_of_date").exists()
    assert "Would email boss@example.org: 2 record(s)" in output


def test_up_to_date_organisations_are_left_alone(db):
    org = factories.OrganisationFactory()
    factories.ServiceFactory(organisation=org)
    factories.MembershipFactory(organisation=org, role="manager")
    run()
    assert mail.outbox == []


def test_an_organisation_without_a_manager_is_reported(db):
    factories.OrganisationFactory(name="Nobody Home", last_confirmed_at=None)
    assert "No manager to remind for Nobody Home" in run()
    assert mail.outbox == []
