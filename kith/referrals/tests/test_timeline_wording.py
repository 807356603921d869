"""After answering, the receiving organisation is told the answer is saved, and the referral's history names
the status a change left only where that says something."""

import datetime

import pytest
from django.utils import timezone

from .helpers import sent_referral

pytestmark = pytest.mark.django_db


def test_the_history_says_what_a_referral_was_only_when_it_matters(client, people, service, org_b):
    referral = sent_referral(service, by=people["member_b"], organisation=org_b)
    client.force_login(people["member_a"])
    client.get(f"/referrals/{referral.pk}/")  # the first view opens it
    later = (timezone.localdate() + datetime.timedelta(days=30)).strftime("%d %m %Y")
    for data in ({"decision": "waiting_list", "expected_date": later}, {"decision": "accepted"}):
        referral.refresh_from_db()
        response = client.post(f"/referrals/{referral.pk}/answer/", {"version": referral.version, **data})
        assert response.status_code == 302, response.content.decode()[:2000]
    # Saying the answer is saved: otherwise the page looks much as before and people answer again.
    assert "Answer saved: the referral is now “accepted”" in client.get(response.url).content.decode()
    page = client.get(f"/referrals/{referral.pk}/").content.decode()
    assert "(was on the waiting list)" in page
    # Every referral is sent before it is opened, and opened before its first answer: saying so is noise.
    assert "(was sent)" not in page and "(was opened)" not in page
