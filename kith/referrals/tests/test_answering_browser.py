"""The closed loop in headless Chromium: a professional refers from a service's page; the receiving
organisation opens it from its inbox, accepts it and records an outcome; the referrer sees it. axe-core
checks the inbox and the referral's page with its answer form, errors included."""

import pytest
from playwright.sync_api import expect

from kith.referrals.models import Referral, Status
from kith.testing.fixtures import assert_accessible, sign_in_browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _refer(page, service):
    page.goto(f"/services/{service.pk}/")
    page.get_by_role("button", name="Make a referral").click()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Yes", exact=True).check()
    page.get_by_label("The person being referred").check()
    page.get_by_label("Verbally (in person or by phone)").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Full name").fill("Pat Example")
    page.get_by_label("Phone call").check()
    page.get_by_label("Phone number").fill("07700 900 123")
    page.get_by_label("Date of birth").fill("27 3 2023")
    page.get_by_label("Postcode").fill("SR1 3SD")
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Why are you making this referral?").fill("Would like a parent and toddler group.")
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Send referral").click()
    expect(page.get_by_role("heading", name="Referral sent")).to_be_visible()


def test_a_referral_is_answered_and_the_referrer_sees_the_outcome(page, people, service, org_b):
    sign_in_browser(page, people["member_b"])
    _refer(page, service)
    referral = Referral.objects.get()
    page.get_by_role("button", name="Sign out").click()

    sign_in_browser(page, people["member_a"])
    page.goto("/referrals/inbox/")
    expect(page.get_by_text("Not opened")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=referral.reference).click()
    expect(page.get_by_role("group", name="Answer the referral")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Decline the referral").check()
    expect(page.get_by_label("Tell the referrer more")).to_be_visible()  # shown under its choice
    page.get_by_role("button", name="Save answer").click()
    expect(page.get_by_role("link", name="Select why you are declining the referral")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Put them on the waiting list").check()
    page.get_by_label("When do you expect to help them?").fill("1 1 2001")
    page.get_by_role("button", name="Save answer").click()
    expect(page.get_by_role("link", name="The expected date must be today or in the future")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Accept the referral").check()
    page.get_by_role("button", name="Save answer").click()
    expect(page.get_by_text("Status: Accepted")).to_be_visible()
    page.get_by_label("Got help").check()
    page.get_by_label("Anything the referrer should know").fill("Joined the Tuesday group.")
    page.get_by_role("button", name="Save answer").click()
    expect(page.get_by_text("Status: Outcome recorded")).to_be_visible()
    assert_accessible(page)
    page.goto("/referrals/inbox/?status=outcome_recorded")
    expect(page.get_by_role("link", name=referral.reference)).to_be_visible()
    page.get_by_role("button", name="Sign out").click()

    sign_in_browser(page, people["member_b"])
    page.goto(f"/referrals/{referral.pk}/")
    expect(page.get_by_text("Joined the Tuesday group.")).to_be_visible()
    expect(page.get_by_role("definition").filter(has_text="Got help")).to_be_visible()
    for words in ("Opened", "Accepted", "Outcome recorded"):
        expect(page.locator(".kith-timeline").get_by_text(words, exact=True)).to_be_visible()
    assert Referral.objects.get().status == Status.OUTCOME_RECORDED


def test_a_colleague_answering_first_is_explained_accessibly(page, people, service, org_a, org_b):
    from kith.referrals.inbox import answering

    from .helpers import sent_referral

    referral = sent_referral(service, by=people["member_b"], organisation=org_b)
    sign_in_browser(page, people["member_a"])
    page.goto(f"/referrals/{referral.pk}/")
    opened = Referral.objects.get(pk=referral.pk)
    answering.referral_answer(referral=opened, by=people["manager_a"], organisation=org_a, to_status=Status.ACCEPTED,
                              version=opened.version)
    page.get_by_label("Decline the referral").check()
    page.get_by_label("Other").check()
    page.get_by_label("Tell the referrer more").fill("They have moved out of the area.")
    page.get_by_role("button", name="Save answer").click()
    expect(page.get_by_role("link", name="Someone else answered this referral while you were looking", exact=False)).to_be_visible()
    expect(page.get_by_text("They have moved out of the area.")).to_be_visible()
    expect(page.get_by_text("Status: Accepted")).to_be_visible()
    assert_accessible(page)
    assert Referral.objects.get(pk=referral.pk).decline_text == ""
