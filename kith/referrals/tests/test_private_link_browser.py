"""The private link's pages in headless Chromium, signed out: WCAG 2.2 AA on the progress page, the
withdrawal page (and its error) and the page saying consent is withdrawn."""

import pytest
from playwright.sync_api import expect

from kith.referrals.models import Referral, Status
from kith.referrals.privacy import erasure
from kith.testing.fixtures import assert_accessible, sign_in_browser

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


def test_the_receiver_sends_a_new_link_to_read_out(page, people, service):
    """The person gave no email address (the helper gives a phone number only): the link is shown to read out."""
    referral = sent_referral(service, by=people["resident"], organisation=None)
    lost = referral.private_link_token
    sign_in_browser(page, people["member_a"])
    page.goto(f"/referrals/{referral.pk}/")
    page.get_by_role("link", name="Send a new private link").click()
    expect(page.get_by_role("heading", name="Send a new private link")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Send a new private link").click()
    expect(page.get_by_role("heading", name="New private link made")).to_be_visible()
    assert_accessible(page)
    new_link = page.locator("a[href*='/referrals/private/']").get_attribute("href")
    assert lost not in new_link
    # The link is built on the configured site address, not the test server's: open its path here.
    page.goto(new_link[new_link.index("/referrals/private/"):])
    expect(page.get_by_role("heading", name=f"Your referral {referral.reference}")).to_be_visible()
    # Once consent is withdrawn the page refuses, and says why.
    erasure.consent_withdraw(referral=referral, by=None, organisation=None)
    page.goto(f"/referrals/{referral.pk}/private-link/")
    expect(page.get_by_role("heading", name="You cannot send a new private link")).to_be_visible()
    assert_accessible(page)
