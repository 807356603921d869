"""How the referral pieces meet on the pages people use: the navigation, the referral's page warning that
it was not opened in time, and notices marked read once their referral has been seen."""

import datetime

import pytest
from django.utils import timezone

from kith.referrals.models import Notification, Referral

from .helpers import sent_referral

pytestmark = pytest.mark.django_db


@pytest.fixture
def referral(service, people, org_b):
    return sent_referral(service, by=people["member_b"], organisation=org_b)


@pytest.mark.parametrize("role, link", [
    ("anonymous", None), ("resident", ("/referrals/sent/", "Your referrals")),
    ("member_a", ("/referrals/inbox/", "Referrals")), ("council_officer", ("/referrals/inbox/", "Referrals")),
])
def test_the_navigation_leads_each_person_to_their_referrals(client, people, role, link):
    if role != "anonymous":
        client.force_login(people[role])
    page = client.get("/").content.decode()
    navigation = page[page.index('id="navigation"'):].split("</ul>")[0]
    if link is None:
        assert "/referrals/" not in navigation and "Notifications" not in page
    else:
        assert f'href="{link[0]}">{link[1]}</a>' in navigation
        assert client.get(link[0]).status_code == 200
        assert 'href="/referrals/notifications/">Notifications' in page


def test_seeing_a_referral_marks_its_notices_read_for_that_person_only(client, people, referral):
    mine = Notification.objects.create(user=people["member_a"], referral=referral, kind="received", message="New")
    theirs = Notification.objects.create(user=people["manager_a"], referral=referral, kind="received", message="New")
    client.force_login(people["member_a"])

    client.get(f"/referrals/{referral.pk}/")

    mine.refresh_from_db(), theirs.refresh_from_db()
    assert mine.read_at is not None and theirs.read_at is None


def test_the_referrer_is_warned_on_the_page_when_a_referral_was_not_opened_in_time(client, people, referral):
    Referral.objects.filter(pk=referral.pk).update(sent_at=timezone.now() - datetime.timedelta(days=21))
    client.force_login(people["member_b"])

    page = client.get(f"/referrals/{referral.pk}/").content.decode()

    assert "Not opened in time" in page

    Referral.objects.filter(pk=referral.pk).update(sent_at=timezone.now())
    assert "Not opened in time" not in client.get(f"/referrals/{referral.pk}/").content.decode()
