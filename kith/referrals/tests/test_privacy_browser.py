"""The privacy pages in headless Chromium: WCAG 2.2 AA on withdrawal, erasure and subject access (errors
and results included), reached from the referral's page as a manager of the receiving organisation."""

import pytest
from playwright.sync_api import expect

from kith.referrals.models import Referral, Status
from kith.testing.fixtures import assert_accessible, sign_in_browser

from .privacy_support import sent_about

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_manager_uses_the_privacy_pages(page, people, service, org_b, django_capture_on_commit_callbacks):
    referral = sent_about(django_capture_on_commit_callbacks, service, by=people["member_b"], organisation=org_b,
                          person_email="ada@example.org")
    sign_in_browser(page, people["manager_a"])
    page.goto(f"/referrals/{referral.pk}/")
    page.get_by_role("link", name="Erase the person’s details").click()
    expect(page.get_by_role("heading", name="Erase the person’s details")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Cancel").click()

    page.get_by_role("link", name="Answer a subject access request").click()
    expect(page.get_by_role("heading", name="Subject access request")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Find their referrals").click()
    expect(page.get_by_role("link", name="Enter their email address, their phone number, or their name and date of birth")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Full name").fill("Ada Wearside")
    page.get_by_label("Date of birth").fill("31 2 1990")
    page.get_by_role("button", name="Find their referrals").click()
    expect(page.get_by_role("link", name="Enter the date of birth as day, month and year, like 27 3 2019")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Full name").fill("")
    page.get_by_label("Date of birth").fill("")
    page.get_by_label("Email address").fill("ADA@example.org")
    page.get_by_role("button", name="Find their referrals").click()
    expect(page.get_by_role("heading", name="Referral " + referral.reference)).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download as JSON").click()
    assert download.value.suggested_filename == "subject-access.json"

    page.goto(f"/referrals/{referral.pk}/")
    page.get_by_role("link", name="Withdraw consent").click()
    expect(page.get_by_role("heading", name="Withdraw consent")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Withdraw consent").click()
    expect(page.get_by_text("Consent withdrawn: the referral is closed")).to_be_visible()
    assert_accessible(page)
    referral = Referral.objects.get(pk=referral.pk)
    assert referral.status == Status.CLOSED and referral.person_name == ""
