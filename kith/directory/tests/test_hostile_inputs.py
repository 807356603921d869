"""Bad and hostile input never gives a 500: forms answer with an error, unknown ids with 404."""

import pytest

from kith.directory import models
from kith.testing import factories

pytestmark = pytest.mark.django_db

LONG = "x" * 20_000
HUGE_NUMBER = "9" * 40
NUL = "Stay\x00and play"
BOGUS_UUID = "00000000-0000-0000-0000-000000000000"

SERVICE = {"name": "Stay and Play", "description": "Play.", "delivery": ["in_person"], "is_free": "yes",
           "status": "active", "minimum_age": "0", "maximum_age": "5"}
CAPACITY = {"accepting_referrals": "yes", "typical_wait_weeks": "2", "referral_route": "both"}
LOCATION = {"name": "Hall", "location_type": "physical", "address_1": "1 Road", "city": "Sunderland",
            "postal_code": "SR1 3SD"}
SCHEDULE = {"byday": "MO", "opens_at": "09:00", "closes_at": "10:00"}


@pytest.fixture
def setup(client, people, org_a):
    service = factories.ServiceFactory(organisation=org_a, name="Original", typical_wait_weeks=2)
    factories.LocationFactory(organisation=org_a)
    factories.ServiceAtLocationFactory(service=service)
    client.force_login(people["member_a"])
    return {"org": org_a, "service": service}


FORMS = {
    "service": (lambda s: f"/organisations/{s['org'].pk}/services/new/", SERVICE),
    "capacity": (lambda s: f"/services/{s['service'].pk}/capacity/", CAPACITY),
    "location": (lambda s: f"/organisations/{s['org'].pk}/locations/new/", LOCATION),
    "schedule": (lambda s: f"/services/{s['service'].pk}/opening-times/add/", SCHEDULE),
}

BAD = [
    ("service", {"name": LONG}),
    ("service", {"description": LONG}),
    ("service", {"eligibility_description": LONG}),
    ("service", {"application_process": LONG}),
    ("service", {"fees_description": LONG}),
    ("service", {"url": "https://" + LONG + ".org"}),
    ("service", {"email": LONG + "@example.org"}),
    ("service", {"phone": LONG}),
    ("service", {"name": NUL}),
    ("service", {"description": NUL}),
    ("service", {"minimum_age": "9", "maximum_age": "3"}),
    ("service", {"minimum_age": "-4"}),
    ("service", {"maximum_age": HUGE_NUMBER}),
    ("service", {"minimum_age": "1.5"}),
    ("service", {"delivery": ["teleport"]}),
    ("service", {"status": "nonsense"}),
    ("service", {"is_free": "perhaps"}),
    ("service", {"is_free": "no", "cost_amount": HUGE_NUMBER}),
    ("service", {"is_free": "no", "cost_amount": "NaN"}),
    ("service", {"is_free": "no", "cost_amount": "Infinity"}),
    ("service", {"taxonomy_terms": ["not-a-uuid"]}),
    ("service", {"taxonomy_terms": [BOGUS_UUID]}),
    ("service", {"locations": ["not-a-uuid"]}),
    ("service", {"locations": [BOGUS_UUID]}),
    ("capacity", {"typical_wait_weeks": "-1"}),
    ("capacity", {"typical_wait_weeks": HUGE_NUMBER}),
    ("capacity", {"typical_wait_weeks": "\x00"}),
    ("capacity", {"typical_wait_weeks": "1e3"}),
    ("capacity", {"referral_route": "nonsense"}),
    ("capacity", {"accepting_referrals": LONG}),
    ("location", {"name": LONG}),
    ("location", {"name": NUL}),
    ("location", {"address_1": LONG}),
    ("location", {"accessibility": LONG}),
    ("location", {"postal_code": LONG}),
    ("location", {"postal_code": "SR1\x003SD"}),
    ("location", {"postal_code": "'; DROP TABLE directory_location; --"}),
    ("location", {"location_type": "nonsense"}),
    ("schedule", {"opens_at": "17:00", "closes_at": "09:00"}),
    ("schedule", {"valid_from": "2027-06-01", "valid_to": "2027-01-01"}),
    ("schedule", {"valid_from": "2027-02-30"}),
    ("schedule", {"valid_to": "99999-01-01"}),
    ("schedule", {"opens_at": "9am tomorrow"}),
    ("schedule", {"byday": "Funday"}),
    ("schedule", {"description": LONG}),
    ("schedule", {"description": NUL}),
    ("schedule", {"service_at_location": "not-a-uuid"}),
    ("schedule", {"service_at_location": BOGUS_UUID}),
]


@pytest.mark.parametrize("form, bad", BAD, ids=[f"{f}-{'-'.join(b)}-{i}" for i, (f, b) in enumerate(BAD)])
def test_bad_answers_are_refused_with_an_error_not_a_crash(client, setup, form, bad):
    url, base = FORMS[form]
    counts = (models.Service.objects.count(), models.Location.objects.count(), models.Schedule.objects.count())
    response = client.post(url(setup), {**base, **bad})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert counts == (models.Service.objects.count(), models.Location.objects.count(), models.Schedule.objects.count())
    setup["service"].refresh_from_db()
    assert setup["service"].typical_wait_weeks == 2


def test_the_same_bad_answers_change_nothing_on_an_existing_service(client, setup):
    response = client.post(f"/services/{setup['service'].pk}/edit/", {**SERVICE, "name": NUL, "minimum_age": "9", "maximum_age": "2"})
    assert response.status_code == 200
    setup["service"].refresh_from_db()
    assert setup["service"].name == "Original"
    assert "Change Original" in response.content.decode()


@pytest.mark.parametrize("comment", ["", " ", LONG, "\x00"])
def test_send_back_refuses_bad_comments(client, people, setup, comment):
    client.force_login(people["lio_staff"])
    response = client.post(f"/verification/services/{setup['service'].pk}/send-back/", {"comment": comment})
    assert response.status_code == 200 and "There is a problem" in response.content.decode()


@pytest.mark.parametrize("query", [
    "?page=-1", "?page=0", "?page=999999", "?page=abc", "?page=1.5", "?page=%00",
    "?organisation_type=spaceship", "?theme=not-a-theme", "?q=" + "x" * 5000, "?q=%00", "?q=%25%27%22",
    "?organisation_type=charity&organisation_type=cic", "?theme=&q=&organisation_type=",
])
def test_organisation_list_survives_odd_query_strings(client, query):
    for _ in range(3):
        factories.OrganisationFactory()
    response = client.get("/organisations/" + query)
    assert response.status_code == 200


@pytest.mark.parametrize("query", ["?page=-1", "?page=999999", "?page=abc"])
def test_history_and_queue_survive_odd_page_numbers(client, people, setup, query):
    client.force_login(people["lio_staff"])
    assert client.get(f"/organisations/{setup['org'].pk}/history/{query}").status_code == 200
    assert client.get(f"/services/{setup['service'].pk}/history/{query}").status_code == 200
    assert client.get(f"/verification/{query}").status_code == 200


@pytest.mark.parametrize("url", [
    "/organisations/not-a-uuid/", f"/organisations/{BOGUS_UUID}/", f"/organisations/{BOGUS_UUID}/history/",
    f"/organisations/{BOGUS_UUID}/services/new/", f"/organisations/{BOGUS_UUID}/locations/new/",
    f"/services/{BOGUS_UUID}/", f"/services/{BOGUS_UUID}/edit/", f"/services/{BOGUS_UUID}/capacity/",
    f"/services/{BOGUS_UUID}/opening-times/", f"/services/{BOGUS_UUID}/history/", f"/locations/{BOGUS_UUID}/edit/",
    f"/verification/services/{BOGUS_UUID}/", f"/verification/organisations/{BOGUS_UUID}/",
    "/services/%00/", "/services/" + "a" * 5000 + "/",
])
def test_unknown_ids_are_not_found(client, people, url):
    client.force_login(people["administrator"])
    assert client.get(url).status_code == 404
