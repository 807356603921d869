"""Shared test fixtures: people in every role, Sunderland's postcodes, and headless Chromium with axe-core."""

import os
import shutil

import pytest

from kith.testing import factories

CHROMIUM = os.environ.get("KITH_CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture(autouse=True)
def _jobs_inline(settings):
    """Background jobs run at once in tests, so a test sees their outcome; thread tests undo this."""
    settings.KITH_JOBS_INLINE = True


@pytest.fixture
def org_a(db):
    return factories.OrganisationFactory(name="Alpha Family Support")


@pytest.fixture
def org_b(db):
    return factories.OrganisationFactory(name="Beta Community Trust")


@pytest.fixture
def people(db, org_a, org_b):
    """One account per role in the permission matrix, keyed by role name (anonymous is None)."""
    lio = factories.OrganisationFactory(name="Sunderland Voluntary Action", organisation_type="lio")
    council = factories.OrganisationFactory(name="Sunderland City Council", organisation_type="council")
    return {
        "anonymous": None,
        "resident": factories.UserFactory(email="resident@example.org"),
        "member_a": factories.MembershipFactory(organisation=org_a, role="member").user,
        "manager_a": factories.MembershipFactory(organisation=org_a, role="manager").user,
        "member_b": factories.MembershipFactory(organisation=org_b, role="member").user,
        "lio_staff": factories.MembershipFactory(organisation=lio, role="member").user,
        "council_officer": factories.MembershipFactory(organisation=council, role="member").user,
        "administrator": factories.UserFactory(email="admin@example.org", is_superuser=True, is_staff=True),
    }


@pytest.fixture(scope="session")
def _sunderland_postcode_extract():
    # Reading the ONS Postcode Directory package takes seconds: once per test run, not once per test.
    from kith.postcodes import loading

    return loading.read_authorities(["E08000024"])


@pytest.fixture
def sunderland_postcodes(db, _sunderland_postcode_extract):
    """Sunderland's real postcodes (E08000024) and the centres of the districts they are in."""
    from kith.postcodes import loading

    extract = _sunderland_postcode_extract
    return loading.save(extract.postcodes, extract.districts)


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium through Playwright. Missing Chromium skips, unless KITH_REQUIRE_BROWSER=1."""
    if not os.path.exists(CHROMIUM):
        message = f"Chromium not found at {CHROMIUM}: browser tests skipped (install Debian's chromium package)"
        if os.environ.get("KITH_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    from playwright.sync_api import expect

    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    # A missing element fails in seconds, not after the 30 s default; ten of them because CI runs the
    # SQLite and PostgreSQL suites side by side, and a loaded machine can take several to serve a page.
    page.set_default_timeout(10_000)
    expect.set_options(timeout=10_000)
    yield page
    context.close()


def assert_accessible(page):
    """axe-core finds no WCAG 2.2 A/AA violations on the page as it stands."""
    from axe_playwright_python.sync_playwright import Axe

    # A click that navigates returns before the next page has loaded; axe must see the finished page.
    page.wait_for_load_state("load")
    result = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    assert result.violations_count == 0, result.generate_report()


def sign_in_browser(page, user, password: str | None = None):
    """Sign in through the real sign-in page, as a person would."""
    from kith.testing.factories import TEST_PASSWORD

    page.goto("/accounts/sign-in/")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(password or TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/accounts/")
