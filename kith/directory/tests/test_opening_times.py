import pytest

from kith.core.models import Event
from kith.testing import factories

pytestmark = pytest.mark.django_db


def schedule_data(**overrides) -> dict:
    data = {"byday": "TU", "opens_at": "10:00", "closes_at": "12:30", "valid_from": "", "valid_to": "", "description": ""}
    data.update(overrides)
    return data


@pytest.fixture
def service(org_a):
    return factories.ServiceFactory(organisation=org_a, name="Toddler Time")


def test_opening_times_page_lists_rows_in_weekday_order(client, people, service):
    factories.ScheduleFactory(service=service, byday="FR", opens_at="14:00", closes_at="15:00")
    factories.ScheduleFactory(service=service, byday="MO", opens_at="09:00", closes_at="10:00")
    client.force_login(people["member_a"])
    page = client.get(f"/services/{service.pk}/opening-times/").content.decode()
    assert page.index("Monday") < page.index("Friday")
    assert "09:00 to 10:00" in page and "14:00 to 15:00" in page


def test_member_adds_an_opening_time_which_is_audited_on_the_service(client, people, service):
    client.force_login(people["member_a"])
    assert client.get(f"/services/{service.pk}/opening-times/add/").status_code == 200
    response = client.post(f"/services/{service.pk}/opening-times/add/",
                           schedule_data(valid_from="2027-01-04", valid_to="2027-07-20", description="Term time only"))
    assert response["Location"] == f"/services/{service.pk}/opening-times/"
    schedule = service.schedules.get()
    assert (schedule.byday, schedule.opens_at.isoformat(), schedule.closes_at.isoformat()) == ("TU", "10:00:00", "12:30:00")
    service.refresh_from_db()
    assert service.verification_status == "awaiting"
    event = Event.objects.for_object(service).get()
    assert event.verb == "opening_times_changed"
    assert event.before["opening_times"] == [] and event.after["opening_times"][0].startswith("Tuesday 10:00–12:30")
    assert "Term time only" in client.get(f"/services/{service.pk}/").content.decode()


def test_opening_time_at_one_location(client, people, service):
    link = factories.ServiceAtLocationFactory(service=service, location__name="Hylton Castle Hub")
    client.force_login(people["member_a"])
    client.post(f"/services/{service.pk}/opening-times/add/", schedule_data(service_at_location=str(link.pk)))
    assert service.schedules.get().service_at_location == link
    assert "at Hylton Castle Hub" in client.get(f"/services/{service.pk}/").content.decode()


def test_member_changes_and_removes_an_opening_time(client, people, service):
    schedule = factories.ScheduleFactory(service=service)
    client.force_login(people["member_a"])
    url = f"/services/{service.pk}/opening-times/{schedule.pk}/"
    assert 'value="09:30"' in client.get(url).content.decode()
    client.post(url, schedule_data(byday="MO", opens_at="09:00", closes_at="11:00"))
    schedule.refresh_from_db()
    assert schedule.opens_at.isoformat() == "09:00:00"
    confirm = client.get(url + "remove/")
    assert confirm.status_code == 200 and "Remove Monday 09:00–11:00?" in confirm.content.decode()
    assert service.schedules.exists()
    client.post(url + "remove/")
    assert not service.schedules.exists()
    removal = Event.objects.for_object(service).first()
    assert removal.before["opening_times"] == ["Monday 09:00–11:00"] and removal.after["opening_times"] == []


def test_a_schedule_of_another_service_is_not_found(client, people, service, org_a):
    other = factories.ScheduleFactory(service=factories.ServiceFactory(organisation=org_a))
    client.force_login(people["member_a"])
    assert client.get(f"/services/{service.pk}/opening-times/{other.pk}/").status_code == 404
    assert client.post(f"/services/{service.pk}/opening-times/{other.pk}/remove/").status_code == 404
    assert other.service.schedules.exists()


@pytest.mark.parametrize("overrides, message", [
    ({"opens_at": "14:00", "closes_at": "09:00"}, "The closing time must be after the opening time"),
    ({"opens_at": "14:00", "closes_at": "14:00"}, "The closing time must be after the opening time"),
    ({"valid_from": "2027-05-01", "valid_to": "2027-04-01"}, "The end date must be the same as or after the start date"),
    ({"opens_at": "25:00"}, "Enter the opening time like 09:30"),
    ({"opens_at": ""}, "Enter the opening time"),
    ({"closes_at": ""}, "Enter the closing time"),
    ({"byday": "XX"}, "Select the day"),
    ({"valid_from": "31/31/2027"}, "Enter the start date like 2027-01-31"),
    ({"service_at_location": "00000000-0000-0000-0000-000000000000"}, None),
])
def test_opening_time_form_refuses_bad_answers(client, people, service, overrides, message):
    factories.ServiceAtLocationFactory(service=service)
    client.force_login(people["member_a"])
    response = client.post(f"/services/{service.pk}/opening-times/add/", schedule_data(**overrides))
    assert response.status_code == 200
    assert (message or "Select a location from the list") in response.content.decode()
    assert not service.schedules.exists()
