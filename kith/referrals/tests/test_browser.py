"""The referral journey in headless Chromium: WCAG 2.2 AA on every page, errors included, and a
professional making a referral from a service's page to the sent page."""

import pytest
from playwright.sync_api import expect

from kith.referrals.models import EventKind, Referral, Status
from kith.testing import factories
from kith.testing.fixtures import assert_accessible, sign_in_browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _open(page, url: str, status: int = 200):
    response = page.goto(url)
    assert response.status == status, url
    return response


def test_a_professional_makes_a_referral_end_to_end(page, people, service, needs, org_b):
    sign_in_browser(page, people["member_b"])
    _open(page, f"/services/{service.pk}/")
    page.get_by_role("button", name="Make a referral").click()
    expect(page.get_by_text("This is not how to report a safeguarding concern.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", name="The person’s consent")).to_be_visible()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("link", name="Select yes if the person has agreed to the referral")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Yes", exact=True).check()
    page.get_by_label("A parent or carer with authority to agree for them").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("Enter the name of the parent or carer who agreed").first).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Name of the parent or carer").fill("Grace Roker")
    page.get_by_label("In writing").check()
    page.get_by_label("The reason for the referral and their needs").check()
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", name="The person’s details")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Full name").fill("<script>alert(1)</script>")
    page.get_by_label("Phone call").check()
    page.get_by_label("Date of birth").fill("1 1 2999")
    page.get_by_label("Postcode").fill("nowhere")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("link", name="Date of birth must be in the past")).to_be_visible()
    expect(page.get_by_role("link", name="Enter a phone number, as a call or text is the preferred way to contact them")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Full name").fill("Ada Wearside")
    page.get_by_label("Phone number").fill("07700 900 982")
    page.get_by_label("Date of birth").fill("27 3 2023")
    page.get_by_label("Postcode").fill("SR1 3SD")
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", name="Reason and needs")).to_be_visible()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("link", name="Enter the reason for the referral")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Parenting support").check()
    page.get_by_label("Why are you making this referral?").fill("Struggling with sleep; would like a group nearby.")
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", name="Check your answers before sending the referral")).to_be_visible()
    expect(page.get_by_text("Grace Roker", exact=False)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Change postcode").click()
    page.get_by_label("Postcode").fill("SR2 7EE")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("SR2 7EE")).to_be_visible()
    page.get_by_role("button", name="Send referral").click()

    expect(page.get_by_role("heading", name="Referral sent")).to_be_visible()
    assert_accessible(page)
    referral = Referral.objects.get()
    assert referral.status == Status.SENT and referral.postcode == "SR2 7EE" and referral.referring_organisation == org_b
    expect(page.get_by_text(referral.reference)).to_be_visible()
    page.get_by_role("link", name="View the referral").click()
    expect(page.get_by_text("Ada Wearside")).to_be_visible()
    assert_accessible(page)
    assert referral.events.filter(kind=EventKind.VIEWED, actor=people["member_b"]).count() == 1
    _open(page, "/referrals/sent/")
    expect(page.get_by_role("link", name=referral.reference)).to_be_visible()
    assert_accessible(page)


def test_the_other_journey_pages_are_accessible(page, people, service, org_a):
    signposting = factories.ServiceFactory(organisation=org_a, referral_route="signposting")
    full = factories.ServiceFactory(organisation=org_a, accepting_referrals=False)
    professional_only = factories.ServiceFactory(organisation=org_a, referral_route="professional")
    third = factories.OrganisationFactory(name="Gamma Health")
    factories.MembershipFactory(user=people["member_b"], organisation=third)
    sign_in_browser(page, people["member_b"])
    _open(page, f"/referrals/services/{service.pk}/")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("link", name="Select the organisation you are referring from")).to_be_visible()
    assert_accessible(page)
    for url in (f"/referrals/services/{signposting.pk}/", f"/referrals/services/{full.pk}/",
                f"/referrals/services/{service.pk}/no-consent/", "/referrals/sent/"):
        _open(page, url)
        assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()

    sign_in_browser(page, people["resident"])
    _open(page, f"/referrals/services/{professional_only.pk}/", status=403)
    assert_accessible(page)
    _open(page, f"/services/{service.pk}/")
    page.get_by_role("button", name="Refer yourself").click()
    expect(page.get_by_role("button", name="Continue")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Your agreement")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("No", exact=True).check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="The referral has not been made")).to_be_visible()
    assert not Referral.objects.filter(referred_by=people["resident"]).exists()
