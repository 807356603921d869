"""Who may read and who may change each directory page, for every role."""

import pytest

from kith.core.models import Event
from kith.directory import models
from kith.testing import factories

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "resident", "member_a", "manager_a", "member_b", "lio_staff", "council_officer", "administrator"]
EVERYONE = set(ROLES)
EDITORS_OF_A = {"member_a", "manager_a", "lio_staff", "administrator"}
VERIFIERS = {"lio_staff", "administrator"}


@pytest.fixture
def records(org_a):
    service = factories.ServiceFactory(organisation=org_a, name="Alpha Service")
    location = factories.LocationFactory(organisation=org_a, name="Alpha Hall")
    schedule = factories.ScheduleFactory(service=service)
    return {"org": org_a, "service": service, "location": location, "schedule": schedule}


READ_PAGES = [
    ("organisation list", lambda r: "/organisations/", EVERYONE),
    ("organisation page", lambda r: f"/organisations/{r['org'].pk}/", EVERYONE),
    ("service page", lambda r: f"/services/{r['service'].pk}/", EVERYONE),
    ("add service", lambda r: f"/organisations/{r['org'].pk}/services/new/", EDITORS_OF_A),
    ("edit service", lambda r: f"/services/{r['service'].pk}/edit/", EDITORS_OF_A),
    ("capacity", lambda r: f"/services/{r['service'].pk}/capacity/", EDITORS_OF_A),
    ("close service", lambda r: f"/services/{r['service'].pk}/close/", EDITORS_OF_A),
    ("opening times", lambda r: f"/services/{r['service'].pk}/opening-times/", EDITORS_OF_A),
    ("add opening time", lambda r: f"/services/{r['service'].pk}/opening-times/add/", EDITORS_OF_A),
    ("edit opening time", lambda r: f"/services/{r['service'].pk}/opening-times/{r['schedule'].pk}/", EDITORS_OF_A),
    ("remove opening time", lambda r: f"/services/{r['service'].pk}/opening-times/{r['schedule'].pk}/remove/", EDITORS_OF_A),
    ("add location", lambda r: f"/organisations/{r['org'].pk}/locations/new/", EDITORS_OF_A),
    ("edit location", lambda r: f"/locations/{r['location'].pk}/edit/", EDITORS_OF_A),
    ("organisation history", lambda r: f"/organisations/{r['org'].pk}/history/", EDITORS_OF_A),
    ("service history", lambda r: f"/services/{r['service'].pk}/history/", EDITORS_OF_A),
    ("verification queue", lambda r: "/verification/", VERIFIERS),
    ("review service", lambda r: f"/verification/services/{r['service'].pk}/", VERIFIERS),
    ("review organisation", lambda r: f"/verification/organisations/{r['org'].pk}/", VERIFIERS),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name, url, allowed", READ_PAGES, ids=[p[0] for p in READ_PAGES])
def test_who_may_open_each_page(client, people, records, role, name, url, allowed):
    if people[role]:
        client.force_login(people[role])
    response = client.get(url(records))
    if role in allowed:
        assert response.status_code == 200
    elif role == "anonymous":
        assert response.status_code == 302 and response["Location"].startswith("/accounts/sign-in/?next=")
    else:
        assert response.status_code == 403


SERVICE = {"name": "Taken Over", "description": "x", "delivery": ["in_person"], "is_free": "yes", "status": "active"}
LOCATION = {"name": "Taken Over", "location_type": "physical", "address_1": "1 Road", "city": "Sunderland",
            "postal_code": "SR1 3SD"}
SCHEDULE = {"byday": "SU", "opens_at": "01:00", "closes_at": "02:00"}
CHANGES = [
    ("add service", lambda r: f"/organisations/{r['org'].pk}/services/new/", SERVICE,
     lambda r: models.Service.objects.filter(name="Taken Over").exists()),
    ("edit service", lambda r: f"/services/{r['service'].pk}/edit/", SERVICE,
     lambda r: models.Service.objects.filter(name="Taken Over").exists()),
    ("capacity", lambda r: f"/services/{r['service'].pk}/capacity/",
     {"accepting_referrals": "no", "typical_wait_weeks": "9", "referral_route": "self"},
     lambda r: models.Service.objects.filter(typical_wait_weeks=9).exists()),
    ("close service", lambda r: f"/services/{r['service'].pk}/close/", {},
     lambda r: models.Service.objects.filter(status="inactive").exists()),
    ("confirm service", lambda r: f"/services/{r['service'].pk}/confirm/", {},
     lambda r: Event.objects.filter(verb="confirmed").exists()),
    ("add opening time", lambda r: f"/services/{r['service'].pk}/opening-times/add/", SCHEDULE,
     lambda r: models.Schedule.objects.filter(byday="SU").exists()),
    ("edit opening time", lambda r: f"/services/{r['service'].pk}/opening-times/{r['schedule'].pk}/", SCHEDULE,
     lambda r: models.Schedule.objects.filter(byday="SU").exists()),
    ("remove opening time", lambda r: f"/services/{r['service'].pk}/opening-times/{r['schedule'].pk}/remove/", {},
     lambda r: not models.Schedule.objects.exists()),
    ("add location", lambda r: f"/organisations/{r['org'].pk}/locations/new/", LOCATION,
     lambda r: models.Location.objects.filter(name="Taken Over").exists()),
    ("edit location", lambda r: f"/locations/{r['location'].pk}/edit/", LOCATION,
     lambda r: models.Location.objects.filter(name="Taken Over").exists()),
    ("verify service", lambda r: f"/verification/services/{r['service'].pk}/verify/", {},
     lambda r: Event.objects.filter(verb="verified").exists()),
    ("send back service", lambda r: f"/verification/services/{r['service'].pk}/send-back/", {"comment": "No"},
     lambda r: Event.objects.filter(verb="sent_back").exists()),
    ("verify organisation", lambda r: f"/verification/organisations/{r['org'].pk}/verify/", {},
     lambda r: Event.objects.filter(verb="verified").exists()),
    ("send back organisation", lambda r: f"/verification/organisations/{r['org'].pk}/send-back/", {"comment": "No"},
     lambda r: Event.objects.filter(verb="sent_back").exists()),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name, url, data, changed", CHANGES, ids=[c[0] for c in CHANGES])
def test_who_may_change_each_record(client, people, records, role, name, url, data, changed):
    allowed = VERIFIERS if name.startswith(("verify", "send back")) else EDITORS_OF_A
    if people[role]:
        client.force_login(people[role])
    response = client.post(url(records), data)
    if role in allowed:
        assert response.status_code == 302, response.content.decode()[:2000]
        assert changed(records)
    else:
        assert response.status_code in (302, 403)
        if role == "anonymous":
            assert response["Location"].startswith("/accounts/sign-in/")
        else:
            assert response.status_code == 403
        assert not changed(records)


def test_organisation_b_cannot_reach_a_records_through_its_own_urls(client, people, org_a, org_b):
    """An id of A's schedule under B's service is not found, not changed."""
    ours = factories.ServiceFactory(organisation=org_b)
    theirs = factories.ScheduleFactory(service=factories.ServiceFactory(organisation=org_a))
    client.force_login(people["member_b"])
    assert client.post(f"/services/{ours.pk}/opening-times/{theirs.pk}/remove/").status_code == 404
    assert client.post(f"/services/{ours.pk}/opening-times/{theirs.pk}/", SCHEDULE).status_code == 404
    assert models.Schedule.objects.filter(pk=theirs.pk, byday="MO").exists()
