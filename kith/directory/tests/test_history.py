import pytest

from kith.testing import factories

pytestmark = pytest.mark.django_db


def service_data(**overrides) -> dict:
    data = {"name": "Homework Club", "description": "Help with homework.", "delivery": ["in_person"],
            "is_free": "yes", "status": "active", "minimum_age": "11", "maximum_age": "16"}
    data.update(overrides)
    return data


def test_organisation_history_shows_who_changed_what_across_its_records(client, people, org_a):
    term = factories.TaxonomyTermFactory(name="Homework help")
    location = factories.LocationFactory(organisation=org_a, name="Library Room")
    service = factories.ServiceFactory(organisation=org_a, name="Homework Club", description="Help with homework.",
                                       minimum_age=11, maximum_age=16)
    client.force_login(people["member_a"])
    client.post(f"/services/{service.pk}/edit/", service_data(
        name="Homework Hub", maximum_age="18", taxonomy_terms=[str(term.pk)], locations=[str(location.pk)]))
    client.post(f"/services/{service.pk}/capacity/", {"accepting_referrals": "no", "referral_route": "self"})
    client.post(f"/services/{service.pk}/opening-times/add/", {"byday": "TH", "opens_at": "16:00", "closes_at": "17:30"})
    response = client.get(f"/organisations/{org_a.pk}/history/")
    assert response.status_code == 200
    page = response.content.decode()
    for text in ["Changed: Service: Homework Hub", people["member_a"].email, "Name", "Homework Club", "Homework Hub",
                 "Maximum age", "16", "18", "Needs and service types", "Homework help", "Locations", "Library Room",
                 "Capacity updated", "Accepting referrals", "Yes", "No", "Referral route", "Self-referral",
                 "Opening times changed", "Thursday 16:00–17:30", "Verification status", "Awaiting verification"]:
        assert text in page, text


def test_service_history_shows_only_that_service(client, people, org_a):
    one = factories.ServiceFactory(organisation=org_a, name="First")
    two = factories.ServiceFactory(organisation=org_a, name="Second")
    client.force_login(people["member_a"])
    client.post(f"/services/{one.pk}/close/")
    client.post(f"/services/{two.pk}/confirm/")
    page = client.get(f"/services/{one.pk}/history/").content.decode()
    assert "Closed: Service: First" in page and "Second" not in page


@pytest.mark.parametrize("role, status", [
    ("member_a", 200), ("manager_a", 200), ("lio_staff", 200), ("administrator", 200),
    ("member_b", 403), ("resident", 403), ("council_officer", 403),
])
def test_history_is_for_the_organisation_the_lio_and_administrators(client, people, org_a, role, status):
    service = factories.ServiceFactory(organisation=org_a)
    client.force_login(people[role])
    assert client.get(f"/organisations/{org_a.pk}/history/").status_code == status
    assert client.get(f"/services/{service.pk}/history/").status_code == status


def test_history_asks_anonymous_people_to_sign_in(client, org_a):
    response = client.get(f"/organisations/{org_a.pk}/history/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/sign-in/")


def test_history_query_count_does_not_grow_with_events(client, people, org_a, django_assert_max_num_queries):
    terms = [factories.TaxonomyTermFactory() for _ in range(3)]
    services = [factories.ServiceFactory(organisation=org_a) for _ in range(3)]
    client.force_login(people["member_a"])

    def churn():
        for service in services:
            client.post(f"/services/{service.pk}/edit/", service_data(name=f"{service.name}!", taxonomy_terms=[str(t.pk) for t in terms]))
            service.refresh_from_db()

    churn()
    with django_assert_max_num_queries(12) as first:
        client.get(f"/organisations/{org_a.pk}/history/")
    baseline = len(first.captured_queries)
    assert baseline > 0
    churn()
    churn()
    with django_assert_max_num_queries(baseline):
        client.get(f"/organisations/{org_a.pk}/history/")
