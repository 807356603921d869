import datetime

import pytest
from django.utils import timezone

from kith.core.models import Event
from kith.organisations.models import Organisation
from kith.testing import factories

pytestmark = pytest.mark.django_db


def ago(days: int):
    return timezone.now() - datetime.timedelta(days=days)


def test_queue_lists_awaiting_records_oldest_first_then_possibly_out_of_date_ones(client, people):
    newer = factories.ServiceFactory(name="Newer Service", verification_status="awaiting")
    older = factories.ServiceFactory(name="Older Service", verification_status="awaiting")
    type(older).objects.filter(pk=older.pk).update(updated_at=ago(10))
    factories.ServiceFactory(name="Closed Service", verification_status="awaiting", status="inactive")
    factories.OrganisationFactory(name="New Group", verification_status="awaiting")
    factories.ServiceFactory(name="Stale Service", last_confirmed_at=ago(400))
    factories.OrganisationFactory(name="Stale Group", last_confirmed_at=ago(400))
    factories.ServiceFactory(name="Fresh Service")
    client.force_login(people["lio_staff"])
    page = client.get("/verification/").content.decode()
    assert page.index("Older Service") < page.index("Newer Service") < page.index("Possibly out of date")
    assert page.index("New Group") < page.index("Possibly out of date") < page.index("Stale Group")
    assert page.index("Possibly out of date") < page.index("Stale Service")
    assert "Closed Service" not in page and "Fresh Service" not in page
    assert f"/verification/services/{newer.pk}/" in page


def test_review_page_shows_the_record_and_its_latest_changes(client, people, org_a):
    service = factories.ServiceFactory(organisation=org_a, name="Warm Space", verification_status="awaiting")
    Event.objects.create(actor=people["member_a"], actor_label=people["member_a"].email, verb="changed",
                         object_type="directory.service", object_id=str(service.pk), object_repr="Warm Space",
                         before={"name": "Warm Room"}, after={"name": "Warm Space"})
    client.force_login(people["lio_staff"])
    page = client.get(f"/verification/services/{service.pk}/").content.decode()
    assert "Warm Space" in page and "Alpha Family Support" in page
    assert "Warm Room" in page and people["member_a"].email in page
    assert "Verify" in page and "Send back" in page


def test_lio_staff_verify_a_service(client, people, org_a):
    service = factories.ServiceFactory(organisation=org_a, verification_status="awaiting", last_confirmed_at=ago(300))
    client.force_login(people["lio_staff"])
    response = client.post(f"/verification/services/{service.pk}/verify/")
    assert response["Location"] == "/verification/"
    service.refresh_from_db()
    assert service.verification_status == "verified" and service.verified_by == people["lio_staff"]
    assert not service.is_possibly_out_of_date
    assert Event.objects.for_object(service).get().verb == "verified"
    assert "Verified by the local infrastructure organisation on" in client.get(f"/services/{service.pk}/").content.decode()


def test_administrator_verifies_an_organisation(client, people, org_a):
    Organisation.objects.filter(pk=org_a.pk).update(verification_status="awaiting")
    client.force_login(people["administrator"])
    assert client.get(f"/verification/organisations/{org_a.pk}/").status_code == 200
    client.post(f"/verification/organisations/{org_a.pk}/verify/")
    org_a.refresh_from_db()
    assert org_a.verification_status == "verified"


def test_sending_back_needs_a_comment(client, people, org_a):
    service = factories.ServiceFactory(organisation=org_a, verification_status="awaiting")
    client.force_login(people["lio_staff"])
    for empty in ["", "   "]:
        response = client.post(f"/verification/services/{service.pk}/send-back/", {"comment": empty})
        assert response.status_code == 200
        page = response.content.decode()
        assert "There is a problem" in page and "Enter a comment saying what the organisation needs to change" in page
    service.refresh_from_db()
    assert service.verification_status == "awaiting"


def test_sent_back_record_shows_the_comment_to_its_organisation(client, people, org_a):
    service = factories.ServiceFactory(organisation=org_a, verification_status="awaiting")
    client.force_login(people["lio_staff"])
    response = client.post(f"/verification/services/{service.pk}/send-back/", {"comment": "Add the Family Hub address."})
    assert response["Location"] == "/verification/"
    service.refresh_from_db()
    assert service.verification_status == "sent_back"
    event = Event.objects.for_object(service).get()
    assert event.verb == "sent_back" and event.comment == "Add the Family Hub address."
    client.force_login(people["member_a"])
    assert "Add the Family Hub address." in client.get(f"/services/{service.pk}/edit/").content.decode()


def test_organisation_send_back_shows_on_its_page_to_its_members(client, people, org_a):
    client.force_login(people["lio_staff"])
    client.post(f"/verification/organisations/{org_a.pk}/send-back/", {"comment": "Which wards do you serve?"})
    client.force_login(people["manager_a"])
    assert "Which wards do you serve?" in client.get(f"/organisations/{org_a.pk}/").content.decode()
    client.logout()
    assert "Which wards do you serve?" not in client.get(f"/organisations/{org_a.pk}/").content.decode()


@pytest.mark.parametrize("role", ["resident", "member_a", "manager_a", "member_b", "council_officer"])
def test_only_lio_staff_and_administrators_may_verify(client, people, org_a, role):
    service = factories.ServiceFactory(organisation=org_a, verification_status="awaiting")
    client.force_login(people[role])
    assert client.get("/verification/").status_code == 403
    assert client.get(f"/verification/services/{service.pk}/").status_code == 403
    assert client.post(f"/verification/services/{service.pk}/verify/").status_code == 403
    assert client.post(f"/verification/services/{service.pk}/send-back/", {"comment": "x"}).status_code == 403
    service.refresh_from_db()
    assert service.verification_status == "awaiting"


def test_verify_needs_post(client, people, org_a):
    service = factories.ServiceFactory(organisation=org_a, verification_status="awaiting")
    client.force_login(people["lio_staff"])
    assert client.get(f"/verification/services/{service.pk}/verify/").status_code == 405


def test_queue_query_count_is_constant(client, people, django_assert_max_num_queries):
    client.force_login(people["lio_staff"])
    client.get("/verification/")  # warms the session
    for n in range(20):
        factories.ServiceFactory(verification_status="awaiting")
        factories.ServiceFactory(last_confirmed_at=ago(300))
    with django_assert_max_num_queries(14):
        assert client.get("/verification/").status_code == 200
