"""One journey per role in headless Chromium: each signs in (where the role has an account) and
does that role's main task, with axe-core checking the pages met on the way. The member's (update
capacity), the manager's (edit the organisation) and LIO staff's (verify a service) journeys live
with their apps' browser tests."""

import pytest
from playwright.sync_api import expect

from kith.core.models import Event
from kith.directory import models
from kith.testing import factories
from kith.testing.fixtures import assert_accessible, sign_in_browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def family_support(org_a):
    theme = factories.TaxonomyTermFactory(name="Family and parenting", code="family")
    term = factories.TaxonomyTermFactory(name="Parenting support", code="parenting", parent=theme, taxonomy=theme.taxonomy)
    service = factories.ServiceFactory(organisation=org_a, name="Dads Together", typical_wait_weeks=3,
                                       description="A weekly group for fathers and male carers.")
    models.Attribute.objects.create(service=service, taxonomy_term=term)
    return service


def test_resident_finds_support_by_need_without_an_account(page, family_support):
    page.goto("/")
    assert_accessible(page)
    page.get_by_role("button", name="Browse organisations").click()
    page.get_by_label("Need").select_option(label="Family and parenting")
    page.get_by_role("button", name="Apply filters").click()
    page.get_by_role("link", name="Alpha Family Support").click()
    page.get_by_role("link", name="Dads Together").click()
    expect(page.get_by_text("A weekly group for fathers")).to_be_visible()
    expect(page.get_by_text("3 weeks").first).to_be_visible()
    assert_accessible(page)


def test_professional_signs_in_and_reads_how_to_refer(page, people, family_support):
    sign_in_browser(page, people["member_b"])
    page.goto(f"/services/{family_support.pk}/")
    expect(page.get_by_text("How to get referred").first).to_be_visible()
    assert page.get_by_role("link", name="Change the service’s details").count() == 0


def test_council_officer_adds_opening_times_to_a_family_hub_service(page, people):
    council = people["council_officer"].memberships.get().organisation
    service = factories.ServiceFactory(organisation=council, name="Hendon Family Hub Stay and Play")
    sign_in_browser(page, people["council_officer"])
    page.goto(f"/services/{service.pk}/")
    page.get_by_role("link", name="Opening times").click()
    page.get_by_role("button", name="Add opening times").click()
    page.get_by_label("Wednesday").check()
    page.get_by_label("Opens at").fill("10:00")
    page.get_by_label("Closes at").fill("09:00")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Closes at").fill("12:00")
    page.get_by_role("button", name="Save").click()
    page.goto(f"/services/{service.pk}/")
    expect(page.get_by_text("Wednesday").first).to_be_visible()
    assert models.Schedule.objects.filter(service=service, byday="WE").exists()
    assert Event.objects.for_object(service).filter(actor=people["council_officer"]).exists()


def test_lead_member_signs_in_and_sees_their_council_role(page, people):
    council = people["council_officer"].memberships.get().organisation
    lead_member = factories.MembershipFactory(organisation=council, role="lead_member").user
    sign_in_browser(page, lead_member)
    page.goto("/accounts/")
    expect(page.get_by_text("Lead member (councillor)")).to_be_visible()
    assert_accessible(page)
    # A councillor reads the sector; they do not edit the council's records.
    assert page.goto(f"/organisations/{council.pk}/edit/").status == 403


def test_administrator_reads_the_audit_trail_in_the_admin(page, people, org_a):
    Event.objects.create(verb="verified", object_type="organisations.organisation", object_id=str(org_a.pk),
                         object_repr=org_a.name, actor_label="lio@example.org")
    sign_in_browser(page, people["administrator"])
    page.get_by_role("link", name="Administration").click()
    page.get_by_role("link", name="Events").click()
    expect(page.get_by_role("cell", name="lio@example.org")).to_be_visible()
