import pytest
from playwright.sync_api import expect

from kith.testing.fixtures import assert_accessible
from kith.testing.factories import TEST_PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_in_page_is_accessible_empty_and_with_errors(page):
    assert page.goto("/accounts/sign-in/").status == 200
    assert_accessible(page)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_selector(".govuk-error-summary")
    assert page.title().startswith("Error: Sign in")
    assert_accessible(page)


def test_wrong_password_in_the_browser_shows_the_error_summary(page):
    UserFactory(email="sam@example.org")
    page.goto("/accounts/sign-in/")
    page.get_by_label("Email address").fill("sam@example.org")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()
    summary = page.locator(".govuk-error-summary")
    assert "Enter the correct email address and password" in summary.inner_text()
    assert_accessible(page)


def test_signing_in_and_out_in_the_browser(page):
    UserFactory(email="sam@example.org")
    page.goto("/accounts/sign-in/")
    page.get_by_label("Email address").fill("Sam@example.org")
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/accounts/")
    assert "Signed in as sam@example.org" in page.content()
    assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(lambda url: url.endswith("/"))
    assert page.get_by_role("link", name="Sign in").count() >= 1


def test_locked_out_page_is_accessible(page):
    UserFactory(email="sam@example.org")
    for _ in range(6):
        page.goto("/accounts/sign-in/")
        page.get_by_label("Email address").fill("sam@example.org")
        page.get_by_label("Password").fill("wrong-password")
        page.get_by_role("button", name="Sign in").click()
    expect(page.locator("main")).to_contain_text("Sign in is paused for this account")
    assert "60 minutes" in page.locator("main").inner_text()
    assert_accessible(page)
