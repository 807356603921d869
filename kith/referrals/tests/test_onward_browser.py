"""Referring on, in headless Chromium: the receiving organisation searches for another service, is told
plainly when it chose none, and goes on to the new referral's consent page. axe-core on each, errors included."""

import pytest
from playwright.sync_api import expect

from kith.referrals.models import Referral
from kith.testing import factories
from kith.testing.fixtures import assert_accessible, sign_in_browser

from .helpers import sent_referral

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_receiver_refers_on_accessibly(page, people, service, org_b):
    elsewhere = factories.ServiceFactory(organisation=factories.OrganisationFactory(name="Gamma Advice"),
                                         name="Debt Advice Drop-in", referral_route="professional")
    referral = sent_referral(service, by=people["member_b"], organisation=org_b)
    sign_in_browser(page, people["member_a"])
    page.goto(f"/referrals/{referral.pk}/")
    page.get_by_role("link", name="Refer on to another service").click()
    expect(page.get_by_role("heading", name="Refer on to another service")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Search for a service").fill("debt")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/onward/?q=debt")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("link", name="Select the service to refer them on to")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Service", exact=True).select_option(label="Debt Advice Drop-in (Gamma Advice)")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/consent/")
    assert_accessible(page)
    assert Referral.objects.get(previous=referral).service == elsewhere
