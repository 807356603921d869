"""Directory pages in headless Chromium: WCAG 2.2 AA checks, and the two key journeys."""

import datetime

import pytest
from playwright.sync_api import expect
from django.utils import timezone

from kith.testing.fixtures import assert_accessible, sign_in_browser
from kith.directory import models
from kith.testing import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def service(org_a):
    theme = factories.TaxonomyTermFactory(name="Early years", code="early-years")
    term = factories.TaxonomyTermFactory(name="Baby groups", code="baby", parent=theme, taxonomy=theme.taxonomy)
    service = factories.ServiceFactory(
        organisation=org_a, name="Stay and Play", eligibility_description="Parents and carers",
        application_process="Just turn up.", typical_wait_weeks=2, last_confirmed_at=timezone.now() - datetime.timedelta(days=300))
    models.Attribute.objects.create(service=service, taxonomy_term=term)
    location = factories.LocationFactory(organisation=org_a, name="Hendon Family Hub", is_family_hub=True)
    factories.AddressFactory(location=location)
    factories.ServiceAtLocationFactory(service=service, location=location)
    factories.ScheduleFactory(service=service)
    models.Phone.objects.create(service=service, number="0191 123 4567")
    return service


def open_page(page, url: str):
    response = page.goto(url)
    assert response.status == 200
    return response


def test_public_pages_are_accessible(page, service, org_a):
    for _ in range(30):
        factories.OrganisationFactory()
    open_page(page, "/organisations/?organisation_type=charity")
    assert_accessible(page)
    open_page(page, f"/organisations/{org_a.pk}/")
    assert_accessible(page)
    open_page(page, f"/services/{service.pk}/")
    expect(page.get_by_text("Possibly out of date")).to_be_visible()
    assert_accessible(page)


def test_organisation_list_with_a_bad_filter_is_accessible(page, org_a):
    open_page(page, "/organisations/?organisation_type=spaceship")
    expect(page.get_by_text("There is a problem")).to_be_visible()
    assert_accessible(page)


def test_editing_forms_are_accessible_empty_and_with_errors(page, people, service, org_a):
    sign_in_browser(page, people["member_a"])
    open_page(page, f"/organisations/{org_a.pk}/")
    assert_accessible(page)
    open_page(page, f"/services/{service.pk}/edit/")
    assert_accessible(page)
    page.get_by_label("Name of the service").fill("")
    page.get_by_label("Youngest age (in years)").fill("9")
    page.get_by_label("Oldest age (in years)").fill("3")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    assert page.title().startswith("Error: ")
    assert_accessible(page)
    open_page(page, f"/organisations/{org_a.pk}/services/new/")
    assert_accessible(page)
    open_page(page, f"/organisations/{org_a.pk}/locations/new/")
    assert_accessible(page)
    page.get_by_role("button", name="Save location").click()
    expect(page.get_by_text("Enter the name of the location").first).to_be_visible()
    assert_accessible(page)
    open_page(page, f"/services/{service.pk}/capacity/")
    assert_accessible(page)
    open_page(page, f"/services/{service.pk}/opening-times/")
    assert_accessible(page)
    open_page(page, f"/services/{service.pk}/opening-times/add/")
    assert_accessible(page)
    open_page(page, f"/organisations/{org_a.pk}/history/")
    assert_accessible(page)


def test_member_updates_their_services_capacity(page, people, service):
    sign_in_browser(page, people["member_a"])
    open_page(page, f"/services/{service.pk}/")
    page.get_by_role("link", name="Update capacity").click()
    page.get_by_label("Typical wait, in weeks").fill("-3")
    page.get_by_role("button", name="Save capacity").click()
    expect(page.get_by_role("link", name="The typical wait cannot be negative: enter 0 if there is no wait")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("No").check()
    page.get_by_label("Typical wait, in weeks").fill("8")
    page.get_by_label("Professional referral", exact=True).check()
    page.get_by_role("button", name="Save capacity").click()
    expect(page.get_by_text("Capacity updated.")).to_be_visible()
    expect(page.get_by_text("Not accepting referrals at the moment")).to_be_visible()
    service.refresh_from_db()
    assert (service.accepting_referrals, service.typical_wait_weeks, service.referral_route) == (False, 8, "professional")
    assert service.verification_status == "verified"


def test_lio_staff_verify_a_service_from_the_queue(page, people, service):
    models.Service.objects.filter(pk=service.pk).update(verification_status="awaiting")
    sign_in_browser(page, people["lio_staff"])
    page.get_by_role("link", name="Verification queue").click()
    expect(page.get_by_role("heading", name="Verification queue", level=1)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Stay and Play").first.click()
    expect(page.get_by_role("heading", name="Stay and Play", level=1)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Send back").click()
    expect(page.get_by_text("Enter a comment saying what the organisation needs to change").first).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Verify").click()
    expect(page.get_by_text("“Stay and Play” is verified.")).to_be_visible()
    service.refresh_from_db()
    assert service.verification_status == "verified" and service.verified_by == people["lio_staff"]
    open_page(page, f"/services/{service.pk}/")
    expect(page.get_by_text("Verified by the local infrastructure organisation on")).to_be_visible()
