"""Both dashboards in headless Chromium: no WCAG 2.2 A/AA violations, with figures, charts and suppressed cells."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from kith.referrals.models import Status
from kith.testing.fixtures import assert_accessible, sign_in_browser

from .dashboards_data import organisation_with_service, professional, referral

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def referrals(service, org_b, needs):
    by = professional(org_b)
    now = timezone.now()
    for days, status, reason in ((1, Status.SENT, ""), (20, Status.DECLINED, "no_capacity"),
                                 (40, Status.DECLINED, "not_eligible"), (70, Status.ACCEPTED, "")):
        referral(service, by=by, organisation=org_b, sent=now - timedelta(days=days, hours=3),
                 opened=None if status == Status.SENT else now - timedelta(days=days), status=status,
                 answer="" if status == Status.SENT else status, answered=now - timedelta(days=days - 1),
                 decline_reason=reason, needs=needs)
    _, nhs_service = organisation_with_service("City Hospitals", "nhs")
    referral(nhs_service, by=by, organisation=org_b, sent=now - timedelta(days=2))


def test_an_organisation_s_dashboard_is_accessible(page, live_server, people, referrals):
    sign_in_browser(page, people["member_a"])
    assert page.goto("/referrals/dashboard/").status == 200
    expect(page.get_by_role("heading", name="Referral figures")).to_be_visible()
    expect(page.get_by_role("img", name="Referrals received by month")).to_be_visible()
    assert_accessible(page)


def test_the_network_dashboard_is_accessible(page, live_server, people, referrals):
    sign_in_browser(page, people["council_officer"])
    assert page.goto("/referrals/network/").status == 200
    expect(page.get_by_role("heading", name="Referrals across the network")).to_be_visible()
    expect(page.get_by_text("fewer than 3").first).to_be_visible()
    assert_accessible(page)
