"""Recording a need: who may, what the form accepts and refuses, and the audit trail it leaves."""

import pytest
from django.core.management import call_command
from shapely.geometry import Point, shape

from kith.core.models import Event
from kith.directory import taxonomy
from kith.directory.models import TaxonomyTerm
from kith.needs.models import RecordedNeed
from kith.postcodes.models import Postcode

from .intelligence_places import LSOA_1, LSOA_3, PLACE, WARD_2, make_place

URL = "/needs/recorded/new/"


@pytest.fixture
def place(db):
    taxonomy.load()
    return make_place()


@pytest.fixture
def debt(place):
    return TaxonomyTerm.objects.get(code="debt-advice")


def valid(org, term, **changes) -> dict:
    data = {"source_organisation": str(org.pk), "theme": str(term.pk), "area": WARD_2, "postcode": "",
            "description": "Families in work who cannot meet rent rises and have no advice nearby.",
            "evidence": "Twelve turned away from our drop-in in March.", "people_count": "12"}
    data.update(changes)
    return data


def errors(response) -> list:
    assert response.status_code == 200
    return [message for messages in response.context["form"].errors.values() for message in messages]


def test_a_member_records_a_need_for_their_organisation_and_it_is_audited(client, people, org_a, debt):
    client.force_login(people["member_a"])
    response = client.post(URL, valid(org_a, debt))
    need = RecordedNeed.objects.get()
    assert response.status_code == 302 and response.url == f"/needs/recorded/{need.pk}/"
    assert (need.source_organisation, need.theme, need.area.code, need.people_count) == (org_a, debt, WARD_2, 12)
    assert need.status == RecordedNeed.Status.AWAITING_REVIEW and need.recorded_by == people["member_a"]
    event = Event.objects.for_object(need).get()
    assert event.verb == "recorded need" and event.actor == people["member_a"]
    assert event.after["people_count"] == 12
    page = client.get(response.url).content.decode()
    assert "Need recorded" in page and "What happens next" in page


def test_a_postcode_becomes_the_lsoa_that_contains_it(client, people, org_a, debt):
    client.force_login(people["member_a"])
    client.post(URL, valid(org_a, debt, area="", postcode="sr1 1aa"))
    assert RecordedNeed.objects.get().area.code == LSOA_1


def test_an_lsoa_can_be_chosen_by_name_under_its_ward(client, people, org_a, debt):
    client.force_login(people["member_a"])
    html = client.get(URL).content.decode()
    assert '<optgroup label="Millfield ward">' in html and "Sunderland 002A (small area E01000013)" in html
    assert '<optgroup label="Money, debt and benefits">' in html
    client.post(URL, valid(org_a, debt, area=LSOA_3))
    assert RecordedNeed.objects.get().area.code == LSOA_3


@pytest.mark.parametrize("changes, message", [
    ({"description": ""}, "Describe the need"),
    ({"theme": ""}, "Choose the kind of need from the list"),
    ({"source_organisation": ""}, "Choose the organisation that saw this need"),
    ({"area": ""}, "Choose a ward or small area, or enter a postcode"),
    ({"area": "", "postcode": "TR1 1AA"}, "TR1 1AA is not in Sunderland: enter a postcode in Sunderland, or choose the area from the list"),
    ({"area": "", "postcode": "not a postcode"}, "Enter a real postcode, like SR1 3SD"),
    ({"area": "", "postcode": "SR1"}, "Enter a full postcode, like SR1 1AA, or choose the area from the list"),
    ({"area": "", "postcode": "SR1 9ZZ"}, "We could not find SR1 9ZZ: check it, or choose the area from the list"),
    ({"area": "", "postcode": "ZZ9 9ZZ"}, "We could not find that postcode"),
    ({"area": "", "postcode": "S" * 5000}, "Enter a real postcode, like SR1 3SD"),
    ({"postcode": "SR1 1AA"}, "Choose an area or enter a postcode, not both"),
    ({"people_count": "99999999999999999999999999"}, "Enter a number of people of 1,000,000 or fewer"),
    ({"people_count": "0"}, "Enter a number of people of 1 or more"),
    ({"people_count": "-4"}, "Enter a number of people of 1 or more"),
    ({"people_count": "twelve"}, "Enter how many people as a whole number, like 12"),
    ({"people_count": "2.5"}, "Enter how many people as a whole number, like 12"),
    ({"people_count": "1e400"}, "Enter how many people as a whole number, like 12"),
    ({"description": "x" * 2001}, "Describe the need in 2,000 characters or fewer"),
    ({"description": "a\x00b"}, "Null characters are not allowed."),
    ({"theme": "00000000-0000-0000-0000-000000000000"}, "Choose the kind of need from the list"),
    ({"theme": "'; DROP TABLE needs_recordedneed; --"}, "Choose the kind of need from the list"),
    ({"area": "E01000099"}, "Choose a ward or small area from the list"),
    ({"area": "E08000024"}, "Choose a ward or small area from the list"),
    ({"area": "<script>"}, "Choose a ward or small area from the list"),
])
def test_bad_input_gets_a_clear_message_and_writes_nothing(client, people, org_a, debt, changes, message):
    client.force_login(people["member_a"])
    response = client.post(URL, valid(org_a, debt, **changes))
    assert message in errors(response)
    assert not RecordedNeed.objects.exists() and not Event.objects.filter(verb="recorded need").exists()


def test_a_member_cannot_record_for_another_organisation(client, people, org_a, org_b, debt):
    client.force_login(people["member_b"])
    response = client.post(URL, valid(org_a, debt))
    assert "Choose one of the organisations in the list" in errors(response)
    assert not RecordedNeed.objects.exists()


def test_lio_staff_may_record_for_any_organisation(client, people, org_b, debt):
    client.force_login(people["lio_staff"])
    client.post(URL, valid(org_b, debt))
    assert RecordedNeed.objects.get().source_organisation == org_b


def test_hostile_text_is_kept_as_written_and_shown_escaped(client, people, org_a, debt):
    client.force_login(people["member_a"])
    hostile = "<script>alert(1)</script> ' OR 1=1 -- \u202e\U0001F600"
    response = client.post(URL, valid(org_a, debt, description=hostile, evidence=hostile), follow=True)
    need = RecordedNeed.objects.get()
    assert need.description == hostile
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_residents_may_not_record_a_need(client, people, debt):
    client.force_login(people["resident"])
    assert client.get(URL).status_code == 403



def test_a_postcode_of_the_place_just_outside_the_simplified_boundaries_goes_to_the_nearest_lsoa(client, people, org_a, debt):
    Postcode.objects.create(postcode="SR1 9EE", outcode="SR1", latitude=55.0005, longitude=-1.55, local_authority=PLACE)
    client.force_login(people["member_a"])
    client.post(URL, valid(org_a, debt, area="", postcode="SR1 9EE"))
    assert RecordedNeed.objects.get().area.code == LSOA_1


def test_real_sunderland_postcodes_land_in_the_lsoa_whose_boundary_holds_them(client, people, org_a, sunderland_postcodes):
    taxonomy.load()
    call_command("load_demo_areas", verbosity=0)
    client.force_login(people["member_a"])
    debt = TaxonomyTerm.objects.get(code="debt-advice")
    for text in ("SR1 3SD", "NE38 7SN", "DH4 4RD"):
        postcode = Postcode.objects.get(pk=text)
        response = client.post(URL, valid(org_a, debt, area="", postcode=text.lower()))
        assert response.status_code == 302, errors(response)
        area = RecordedNeed.objects.get(pk=response.url.split("/")[-2]).area
        assert area.kind == "lsoa21" and area.local_authority == PLACE and area.ward
        assert shape(area.boundary).contains(Point(postcode.longitude, postcode.latitude)), text
    # Newcastle is next door, and not in the place.
    Postcode.objects.create(postcode="NE1 4ST", outcode="NE1", latitude=54.9747, longitude=-1.6174, local_authority="E08000021")
    response = client.post(URL, valid(org_a, debt, area="", postcode="NE1 4ST"))
    assert "NE1 4ST is not in Sunderland: enter a postcode in Sunderland, or choose the area from the list" in errors(response)
