"""Who sees which recorded needs, and the review by LIO staff that decides whether a need counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kith.core.models import Event
from kith.directory import taxonomy
from kith.directory.models import TaxonomyTerm
from kith.needs.intelligence.services import recorded_need_create
from kith.needs.models import RecordedNeed
from kith.testing import factories

from .intelligence_places import make_place


@pytest.fixture
def place(db):
    taxonomy.load()
    return make_place()


def need_of(org, place, code="debt-advice", area="lsoa_1", by=None, **fields):
    need = recorded_need_create(by=by, organisation=org, theme=TaxonomyTerm.objects.get(code=code), area=place[area],
                                description=f"A need seen by {org.name}", people_count=fields.pop("people_count", None))
    if fields:
        RecordedNeed.objects.filter(pk=need.pk).update(**fields)
    return need


def test_a_member_of_another_organisation_can_neither_see_nor_review_a_need(client, people, org_a, place):
    need = need_of(org_a, place)
    client.force_login(people["member_b"])
    assert client.get(f"/needs/recorded/{need.pk}/").status_code == 404
    assert client.post(f"/needs/recorded/{need.pk}/review/", {"decision": "accepted"}).status_code == 404
    need.refresh_from_db()
    assert need.status == RecordedNeed.Status.AWAITING_REVIEW
    assert not Event.objects.filter(verb__in=["accepted need", "did not use need"]).exists()


def test_an_unknown_need_is_not_found_as_anyone(client, people, place):
    client.force_login(people["lio_staff"])
    assert client.get("/needs/recorded/00000000-0000-0000-0000-000000000000/").status_code == 404
    assert client.get("/needs/recorded/not-a-uuid/").status_code == 404


def test_members_list_only_their_own_organisations_needs_and_officers_list_all(client, people, org_a, org_b, place):
    mine, theirs = need_of(org_a, place), need_of(org_b, place, code="food-banks")
    client.force_login(people["member_a"])
    needs = list(client.get("/needs/recorded/").context["page"].object_list)
    assert needs == [mine]
    for role in ("council_officer", "lio_staff", "administrator"):
        client.force_login(people[role])
        assert set(client.get("/needs/recorded/").context["page"].object_list) == {mine, theirs}, role


def test_the_list_filters_by_status_theme_and_ward(client, people, org_a, place):
    debt = need_of(org_a, place, area="lsoa_1")
    food = need_of(org_a, place, code="food-banks", area="ward_2", status=RecordedNeed.Status.ACCEPTED)
    money = TaxonomyTerm.objects.get(code="money-debt-and-benefits")
    client.force_login(people["lio_staff"])

    def listed(**query):
        return set(client.get("/needs/recorded/", query).context["page"].object_list)

    assert listed(status="accepted") == {food}
    assert listed(theme=str(money.pk)) == {debt}
    assert listed(ward=place["ward_1"].code) == {debt}
    assert listed(ward=place["ward_2"].code) == {food}
    # An unknown filter is named and the list is shown unfiltered, not an error page.
    response = client.get("/needs/recorded/", {"status": "<b>", "ward": "E05999999"})
    assert response.status_code == 200 and set(response.context["page"].object_list) == {debt, food}
    assert "Choose a status from the list" in response.content.decode()


def test_lio_staff_accept_a_need_with_an_audit_event_and_the_source_organisation_sees_the_outcome(client, people, org_a, place):
    need = need_of(org_a, place)
    client.force_login(people["lio_staff"])
    response = client.post(f"/needs/recorded/{need.pk}/review/", {"decision": "accepted", "note": "Matches our survey."})
    assert response.status_code == 302
    need.refresh_from_db()
    assert (need.status, need.review_note, need.reviewed_by) == ("accepted", "Matches our survey.", people["lio_staff"])
    event = Event.objects.for_object(need).get(verb="accepted need")
    assert event.before == {"status": "awaiting_review", "review_note": ""} and event.after["status"] == "accepted"
    client.force_login(people["member_a"])
    html = client.get(f"/needs/recorded/{need.pk}/").content.decode()
    assert "Accepted" in html and "Matches our survey." in html and "Save review" not in html


def test_not_used_needs_a_reason(client, people, org_a, place):
    need = need_of(org_a, place)
    client.force_login(people["administrator"])
    response = client.post(f"/needs/recorded/{need.pk}/review/", {"decision": "not_used", "note": "  "})
    assert response.status_code == 200 and "Say why this need is not used" in response.content.decode()
    need.refresh_from_db()
    assert need.status == "awaiting_review"
    client.post(f"/needs/recorded/{need.pk}/review/", {"decision": "not_used", "note": "A duplicate of another record."})
    need.refresh_from_db()
    assert need.status == "not_used" and Event.objects.for_object(need).filter(verb="did not use need").count() == 1


@pytest.mark.parametrize("decision", ["", "awaiting_review", "deleted", "accepted" * 100])
def test_a_decision_that_is_not_offered_is_refused(client, people, org_a, place, decision):
    need = need_of(org_a, place)
    client.force_login(people["lio_staff"])
    response = client.post(f"/needs/recorded/{need.pk}/review/", {"decision": decision})
    assert response.status_code == 200 and "Choose accept or not used" in response.content.decode()
    need.refresh_from_db()
    assert need.status == "awaiting_review"


@pytest.mark.parametrize("role", ["member_a", "manager_a", "council_officer"])
def test_people_who_can_see_a_need_but_not_review_it_are_refused(client, people, org_a, place, role):
    need = need_of(org_a, place)
    client.force_login(people[role])
    assert client.post(f"/needs/recorded/{need.pk}/review/", {"decision": "accepted"}).status_code == 403
    need.refresh_from_db()
    assert need.status == "awaiting_review"


def test_the_list_takes_the_same_number_of_queries_for_many_needs(client, people, org_a, place):
    client.force_login(people["lio_staff"])
    need_of(org_a, place)
    with CaptureQueriesContext(connection) as few:
        client.get("/needs/recorded/")
    for n in range(30):
        need_of(factories.OrganisationFactory(), place, area=["lsoa_1", "ward_2"][n % 2])
    with CaptureQueriesContext(connection) as many:
        client.get("/needs/recorded/")
    assert len(many) == len(few)


def test_a_councillor_sees_the_list_but_is_not_offered_recording(client, db, place):
    council = factories.OrganisationFactory(organisation_type="council")
    councillor = factories.MembershipFactory(organisation=council, role="lead_member").user
    client.force_login(councillor)
    response = client.get("/needs/recorded/")
    assert response.status_code == 200 and "Record a need" not in response.content.decode()
    assert client.get("/needs/recorded/new/").status_code == 403
    client.force_login(factories.MembershipFactory(organisation=council, role="member").user)
    assert "Record a need" in client.get("/needs/recorded/").content.decode()
