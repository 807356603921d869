"""The private link's pages in headless Chromium, signed out: WCAG 2.2 AA on the progress page, the
withdrawal page (and its error) and the page saying consent is withdrawn."""

import pytest
from playwright.sync_api import expect

from kith.referrals.models import Referral, Status
from kith.testing.fixtures import assert_accessible

from .helpers import sent_referral

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_self_referrer_follows_and_withdraws_through_the_link(page, people, service):
    referral = sent_referral(service, by=people["resident"], organisation=None)
    page.goto(f"/referrals/private/{referral.private_link_token}/")
    expect(page.get_by_role("heading", name=f"Your referral {referral.reference}")).to_be_visible()
    expect(page.get_by_text("Ada Wearside")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Withdraw your consent").click()
    expect(page.get_by_role("heading", name="Withdraw your consent")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Withdraw consent").click()
    expect(page.get_by_role("link", name="Select yes if you want to withdraw your consent")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Yes, withdraw my consent and erase my details").check()
    page.get_by_role("button", name="Withdraw consent").click()
    expect(page.get_by_role("heading", name="Consent withdrawn")).to_be_visible()
    assert_accessible(page)
    referral = Referral.objects.get(pk=referral.pk)
    assert referral.status == Status.CLOSED and referral.person_name == ""
