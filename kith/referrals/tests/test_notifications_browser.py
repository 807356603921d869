"""The notifications page in headless Chromium: WCAG 2.2 AA with unread and read notices, and marking
them read."""

import pytest
from playwright.sync_api import expect

from kith.referrals.models import Notification
from kith.testing.fixtures import assert_accessible, sign_in_browser

from .helpers import sent_referral

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_notifications_page_is_accessible_and_marks_read(page, people, service, org_b):
    referral = sent_referral(service, by=people["member_b"], organisation=org_b)  # commits: the listeners run
    assert Notification.objects.filter(user=people["member_a"], read_at__isnull=True).count() == 1
    Notification.objects.create(user=people["member_a"], referral=referral, kind="status_changed",
                                message=f"Referral {referral.reference} for Little Steps is now: Opened")
    sign_in_browser(page, people["member_a"])
    page.goto("/referrals/notifications/")
    expect(page.get_by_role("heading", name="Notifications")).to_be_visible()
    expect(page.get_by_text("You have 2 unread notifications.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name=f"Mark as read for {referral.reference}, referral status changed").click()
    expect(page.get_by_text("You have 1 unread notification.")).to_be_visible()
    page.get_by_role("button", name="Mark all as read").click()
    expect(page.get_by_text("1 notification marked as read.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=f"New referral {referral.reference} for Little Steps").click()
    expect(page.get_by_text(referral.reference).first).to_be_visible()
