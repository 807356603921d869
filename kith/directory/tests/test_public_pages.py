import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from kith.directory import models
from kith.testing import factories

pytestmark = pytest.mark.django_db


def html(response) -> str:
    return response.content.decode()


# The organisation list

def test_organisation_list_shows_active_organisations_25_to_a_page(client):
    for n in range(30):
        factories.OrganisationFactory(name=f"Group {n:02}")
    factories.OrganisationFactory(name="Closed Group", is_active=False)
    first = client.get("/organisations/")
    assert first.status_code == 200
    assert "30 organisations" in html(first)
    assert "Group 00" in html(first) and "Group 24" in html(first) and "Group 25" not in html(first)
    assert "Closed Group" not in html(first)
    second = client.get("/organisations/?page=2")
    assert "Group 25" in html(second) and "Group 29" in html(second) and "Group 00" not in html(second)


def test_organisation_list_filters_by_name_type_and_need(client):
    theme = factories.TaxonomyTermFactory(name="Food", code="food")
    term = factories.TaxonomyTermFactory(name="Food bank", code="food-bank", parent=theme, taxonomy=theme.taxonomy)
    pantry = factories.OrganisationFactory(name="Hendon Pantry", organisation_type="community_group")
    models.Attribute.objects.create(service=factories.ServiceFactory(organisation=pantry), taxonomy_term=term)
    factories.OrganisationFactory(name="Hendon Youth Club", organisation_type="charity")
    factories.OrganisationFactory(name="Millfield Choir", organisation_type="community_group")

    by_name = html(client.get("/organisations/?q=hendon"))
    assert "Hendon Pantry" in by_name and "Hendon Youth Club" in by_name and "Millfield Choir" not in by_name
    by_type = html(client.get("/organisations/?organisation_type=community_group"))
    assert "Hendon Pantry" in by_type and "Millfield Choir" in by_type and "Hendon Youth Club" not in by_type
    by_need = html(client.get("/organisations/?theme=food"))
    assert "Hendon Pantry" in by_need and "Millfield Choir" not in by_need and "Hendon Youth Club" not in by_need


def test_need_filter_ignores_closed_services(client):
    theme = factories.TaxonomyTermFactory(name="Food", code="food")
    org = factories.OrganisationFactory(name="Old Pantry")
    service = factories.ServiceFactory(organisation=org, status="inactive")
    models.Attribute.objects.create(service=service, taxonomy_term=theme)
    assert "Old Pantry" not in html(client.get("/organisations/?theme=food"))


def test_unknown_filter_is_reported_and_the_valid_ones_still_apply(client):
    factories.OrganisationFactory(name="Hendon Pantry")
    factories.OrganisationFactory(name="Millfield Choir")
    response = client.get("/organisations/?organisation_type=spaceship&q=hendon")
    assert response.status_code == 200
    assert "Choose a type of organisation from the list" in html(response)
    assert "<title>Error: " in html(response)
    assert "Hendon Pantry" in html(response) and "Millfield Choir" not in html(response)


def test_pagination_links_keep_the_filters(client):
    for n in range(26):
        factories.OrganisationFactory(name=f"Hendon {n:02}", organisation_type="cic")
    response = client.get("/organisations/?organisation_type=cic")
    assert "organisation_type=cic&amp;page=2" in html(response)


# The organisation page

def test_organisation_page_shows_what_it_does_and_its_details(client):
    org = factories.OrganisationFactory(
        name="Hendon Pantry", description="Food parcels and a warm space.", organisation_type="cio",
        charity_number="1090095", org_id="GB-CHC-1090095", income_band="small", volunteers=12, staff=2,
        areas_served=["E08000024"], website="https://pantry.example.org", verified_at=timezone.now())
    service = factories.ServiceFactory(organisation=org, name="Warm Space", description="Tea, toast and company.")
    location = factories.LocationFactory(organisation=org, name="St Ignatius Hall", is_family_hub=True)
    factories.AddressFactory(location=location, address_1="1 Hendon Road")
    contact = models.Contact.objects.create(organisation=org, name="Sam Lee", title="Coordinator")
    models.Phone.objects.create(contact=contact, number="0191 222 3333")
    page = html(client.get(f"/organisations/{org.pk}/"))
    for text in ["Hendon Pantry", "Food parcels and a warm space.", "Charitable incorporated organisation (CIO)",
                 "1090095", "GB-CHC-1090095", "Small: £10,000 to £100,000", "12", "Sunderland (E08000024)",
                 "https://pantry.example.org", "Warm Space", "Tea, toast and company.", "St Ignatius Hall",
                 "1 Hendon Road", "Family Hub", "Accepting referrals", "0 to 5 years",
                 "Verified by the local infrastructure organisation on", "Sam Lee, Coordinator", "0191 222 3333"]:
        assert text in page, text
    assert f"/services/{service.pk}/" in page
    assert "Manage this organisation" not in page


def test_unverified_and_stale_organisation_says_so(client):
    long_ago = timezone.now() - datetime.timedelta(days=400)
    org = factories.OrganisationFactory(verification_status="awaiting", last_confirmed_at=long_ago)
    page = html(client.get(f"/organisations/{org.pk}/"))
    assert "Not yet verified" in page
    assert f"Possibly out of date: last confirmed on {timezone.localtime(long_ago):%-d %B %Y}" in page


def test_public_does_not_see_closed_services_on_the_organisation_page(client):
    org = factories.OrganisationFactory()
    factories.ServiceFactory(organisation=org, name="Open Service")
    factories.ServiceFactory(organisation=org, name="Closed Service", status="inactive")
    page = html(client.get(f"/organisations/{org.pk}/"))
    assert "Open Service" in page and "Closed Service" not in page


def test_inactive_organisation_is_not_found_for_the_public_but_shown_to_its_members(client, people, org_a):
    org_a.is_active = False
    org_a.save()
    assert client.get(f"/organisations/{org_a.pk}/").status_code == 404
    client.force_login(people["member_b"])
    assert client.get(f"/organisations/{org_a.pk}/").status_code == 404
    client.force_login(people["member_a"])
    response = client.get(f"/organisations/{org_a.pk}/")
    assert response.status_code == 200
    assert "This organisation is no longer listed" in html(response)


def test_unknown_organisation_is_not_found(client):
    assert client.get("/organisations/00000000-0000-0000-0000-000000000000/").status_code == 404
    assert client.get("/organisations/not-a-uuid/").status_code == 404


def test_editors_see_the_management_links_and_closed_services(client, people, org_a):
    factories.ServiceFactory(organisation=org_a, name="Closed Service", status="inactive")
    client.force_login(people["member_a"])
    page = html(client.get(f"/organisations/{org_a.pk}/"))
    assert "Manage this organisation" in page
    assert "Closed Service" in page and "Inactive" in page
    assert f"/organisations/{org_a.pk}/services/new/" in page
    assert f"/organisations/{org_a.pk}/history/" in page
    assert "Verify or send back" not in page
    client.force_login(people["lio_staff"])
    assert f"/verification/organisations/{org_a.pk}/" in html(client.get(f"/organisations/{org_a.pk}/"))


def test_organisation_page_query_count_does_not_grow_with_services(client, django_assert_max_num_queries):
    org = factories.OrganisationFactory()
    for _ in range(3):
        factories.ServiceFactory(organisation=org)
        factories.AddressFactory(location=factories.LocationFactory(organisation=org))
    with django_assert_max_num_queries(8) as few:
        client.get(f"/organisations/{org.pk}/")
    baseline = len(few.captured_queries)
    assert baseline > 0
    for _ in range(30):
        factories.ServiceFactory(organisation=org)
        factories.AddressFactory(location=factories.LocationFactory(organisation=org))
    with django_assert_max_num_queries(baseline):
        response = client.get(f"/organisations/{org.pk}/")
    assert html(response).count("/services/") >= 33


def test_organisation_list_query_count_is_constant(client, django_assert_max_num_queries):
    for _ in range(40):
        factories.ServiceFactory()
    with django_assert_max_num_queries(4):
        response = client.get("/organisations/?q=organisation")
    assert response.status_code == 200


# The service page

@pytest.fixture
def full_service(db):
    org = factories.OrganisationFactory(name="Hendon Families")
    theme = factories.TaxonomyTermFactory(name="Family support", code="family")
    term = factories.TaxonomyTermFactory(name="Parenting groups", code="parenting", parent=theme, taxonomy=theme.taxonomy)
    service = factories.ServiceFactory(
        organisation=org, name="Stay and Play", description="Songs and play for little ones.",
        eligibility_description="Parents and carers living in Hendon", minimum_age=0, maximum_age=5,
        fees_description="£1 a session", application_process="Just turn up, or ask your health visitor.",
        email="play@example.org", url="https://play.example.org", referral_route="both",
        accepting_referrals=True, typical_wait_weeks=3, verified_at=timezone.now())
    models.Attribute.objects.create(service=service, taxonomy_term=term)
    location = factories.LocationFactory(organisation=org, name="Hendon Family Hub", is_family_hub=True,
                                         accessibility="Step-free entrance", postcode="SR2 8HY")
    factories.AddressFactory(location=location, address_1="Toward Road", postal_code="SR2 8HY")
    link = factories.ServiceAtLocationFactory(service=service, location=location)
    factories.ScheduleFactory(service=service, byday="WE", opens_at="13:00", closes_at="15:00")
    factories.ScheduleFactory(service=service, byday="MO", opens_at="09:30", closes_at="11:30",
                              service_at_location=link)
    models.CostOption.objects.create(service=service, option="Per session", amount=Decimal("1.00"))
    models.Language.objects.create(service=service, name="Polish")
    models.Phone.objects.create(service=service, number="0191 123 4567")
    return service


def test_service_page_shows_everything_a_family_needs(client, full_service):
    page = html(client.get(f"/services/{full_service.pk}/"))
    for text in ["Stay and Play", "Hendon Families", "Songs and play for little ones.",
                 "Parents and carers living in Hendon", "0 to 5 years", "In person", "£1 a session", "£1.00",
                 "Hendon Family Hub", "Toward Road", "SR2 8HY", "Family Hub", "Step-free entrance",
                 "Monday", "09:30 to 11:30", "Wednesday", "13:00 to 15:00", "Polish",
                 "Self-referral or professional referral", "Just turn up, or ask your health visitor.",
                 "0191 123 4567", "play@example.org", "https://play.example.org",
                 "Waiting list: about 3 weeks", "Capacity last confirmed on", "Family support: Parenting groups",
                 "Verified by the local infrastructure organisation on"]:
        assert text in page, text
    assert page.index("Monday") < page.index("Wednesday")
    assert "Free</strong>" not in page


def test_service_capacity_phrases(client):
    closed = factories.ServiceFactory(accepting_referrals=False)
    open_now = factories.ServiceFactory(accepting_referrals=True, typical_wait_weeks=0)
    assert "Not accepting referrals at the moment" in html(client.get(f"/services/{closed.pk}/"))
    page = html(client.get(f"/services/{open_now.pk}/"))
    assert "Accepting referrals" in page and "Waiting list" not in page
    assert "Free</strong>" in page


def test_service_page_warns_when_possibly_out_of_date(client):
    long_ago = timezone.now() - datetime.timedelta(days=200)
    service = factories.ServiceFactory(last_confirmed_at=long_ago, verification_status="awaiting")
    page = html(client.get(f"/services/{service.pk}/"))
    assert "Not yet verified" in page
    assert "Possibly out of date: last confirmed on" in page


@pytest.mark.parametrize("status", ["inactive", "defunct"])
def test_closed_service_is_not_found_for_the_public_but_shown_to_its_organisation(client, people, org_a, status):
    service = factories.ServiceFactory(organisation=org_a, status=status)
    assert client.get(f"/services/{service.pk}/").status_code == 404
    client.force_login(people["resident"])
    assert client.get(f"/services/{service.pk}/").status_code == 404
    client.force_login(people["member_b"])
    assert client.get(f"/services/{service.pk}/").status_code == 404
    for role in ["member_a", "lio_staff", "administrator"]:
        client.force_login(people[role])
        response = client.get(f"/services/{service.pk}/")
        assert response.status_code == 200, role
        assert "the public cannot see it" in html(response)


def test_service_of_an_inactive_organisation_is_not_found(client):
    service = factories.ServiceFactory(organisation=factories.OrganisationFactory(is_active=False))
    assert client.get(f"/services/{service.pk}/").status_code == 404


def test_temporarily_closed_service_stays_listed_with_a_warning(client):
    service = factories.ServiceFactory(status="temporarily closed")
    page = html(client.get(f"/services/{service.pk}/"))
    assert "This service is temporarily closed." in page


def test_service_page_query_count_is_constant(client, full_service, django_assert_max_num_queries):
    with django_assert_max_num_queries(16) as before:
        client.get(f"/services/{full_service.pk}/")
    baseline = len(before.captured_queries)
    assert baseline > 0
    for n in range(10):
        link = factories.ServiceAtLocationFactory(service=full_service)
        factories.AddressFactory(location=link.location)
        factories.ScheduleFactory(service=full_service, byday="TU", service_at_location=link)
        models.Attribute.objects.create(service=full_service, taxonomy_term=factories.TaxonomyTermFactory())
    with django_assert_max_num_queries(baseline):
        client.get(f"/services/{full_service.pk}/")


@pytest.mark.parametrize("low, high, text", [
    (0, 5, "0 to 5 years"), (None, None, "All ages"), (16, None, "From 16 years"), (None, 18, "Up to 18 years"),
    (1, 1, "1 year"), (11, 11, "11 years"),
])
def test_ages_read_as_plain_english(low, high, text):
    from kith.directory.templatetags.directory_tags import age_range

    assert age_range(models.Service(minimum_age=low, maximum_age=high)) == text


def test_a_free_service_says_free_once_but_keeps_its_other_words_about_cost(client):
    free = factories.ServiceFactory(fees_description="Free.")
    page = client.get(f"/services/{free.pk}/").content.decode()
    cost = page[page.index(">Cost<"):page.index(">Where<")]
    assert cost.count("Free") == 1
    free.fees_description = "Free; bring a packed lunch on trips"
    free.save()
    page = client.get(f"/services/{free.pk}/").content.decode()
    assert "Free; bring a packed lunch on trips" in page
    charged = factories.ServiceFactory(fees_description="Free")
    models.CostOption.objects.create(service=charged, option="Per session", amount=Decimal("3.50"))
    page = client.get(f"/services/{charged.pk}/").content.decode()
    assert "£3.50" in page and '<p class="govuk-body">Free</p>' in page
