import pytest
from playwright.sync_api import expect

from kith.testing.fixtures import assert_accessible, sign_in_browser
from kith.testing.factories import TEST_PASSWORD, InvitationFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_manager_signs_in_edits_the_description_and_sees_it_on_the_organisation_page(page, people, org_a):
    sign_in_browser(page, people["manager_a"])
    page.get_by_role("link", name="Edit details of Alpha Family Support").click()
    page.get_by_label("Description").fill("Family support, now with a Saturday stay-and-play.")
    page.get_by_role("button", name="Save changes").click()
    page.wait_for_url(f"**/organisations/{org_a.pk}/")
    assert "Family support, now with a Saturday stay-and-play." in page.locator("main").inner_text()
    assert "have been saved" in page.locator(".govuk-notification-banner").inner_text()
    org_a.refresh_from_db()
    assert org_a.description == "Family support, now with a Saturday stay-and-play."


def test_organisation_edit_form_is_accessible_empty_and_with_errors(page, people, org_a):
    sign_in_browser(page, people["member_a"])
    assert page.goto(f"/organisations/{org_a.pk}/edit/").status == 200
    assert_accessible(page)
    page.get_by_label("Name", exact=True).fill("")
    page.get_by_label("Number of paid staff").fill("-3")
    page.get_by_label("Org-id identifier").fill("GB-XXX-1")
    page.get_by_role("button", name="Save changes").click()
    page.wait_for_selector(".govuk-error-summary")
    assert page.title().startswith("Error: ")
    assert page.locator(".govuk-error-summary__list li").count() == 3
    assert_accessible(page)


def test_add_organisation_form_is_accessible(page, people):
    sign_in_browser(page, people["lio_staff"])
    assert page.goto("/organisations/new/").status == 200
    assert_accessible(page)


def test_members_page_is_accessible(page, people, org_a):
    InvitationFactory(organisation=org_a, email="waiting@example.org")
    sign_in_browser(page, people["manager_a"])
    assert page.goto(f"/organisations/{org_a.pk}/members/").status == 200
    assert "waiting@example.org" in page.content()
    assert_accessible(page)
    page.get_by_role("link", name=f"Change role of {people['member_a']}").click()
    expect(page.get_by_role("button", name="Save role")).to_be_visible()
    assert_accessible(page)


def test_invitation_accept_page_is_accessible_and_creates_the_account(page, org_a):
    InvitationFactory(organisation=org_a, email="sam@example.org", token="browser-token", role="member")
    assert page.goto("/invitations/browser-token/").status == 200
    assert_accessible(page)
    page.get_by_role("button", name="Create account and join").click()
    page.wait_for_selector(".govuk-error-summary")
    assert_accessible(page)
    page.get_by_label("Full name").fill("Sam Smith")
    page.get_by_label("Password", exact=True).fill("a-long-passphrase-for-sam")
    page.get_by_label("Confirm password").fill("a-long-passphrase-for-sam")
    page.get_by_role("button", name="Create account and join").click()
    page.wait_for_url("**/accounts/")
    assert "Alpha Family Support" in page.locator("main").inner_text()


def test_invitation_for_an_existing_account_is_accessible(page, org_a):
    UserFactory(email="sam@example.org")
    InvitationFactory(organisation=org_a, email="sam@example.org", token="browser-token-2")
    assert page.goto("/invitations/browser-token-2/").status == 200
    assert_accessible(page)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Email address").fill("sam@example.org")
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/invitations/browser-token-2/")
    assert_accessible(page)
    page.get_by_role("button", name="Join Alpha Family Support").click()
    page.wait_for_url("**/accounts/")
    assert "Alpha Family Support" in page.locator("main").inner_text()
