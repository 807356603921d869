import pytest

from kith.core.models import Event
from kith.organisations.models import Organisation
from kith.testing.factories import MembershipFactory, OrganisationFactory

from .conftest import form_data

pytestmark = pytest.mark.django_db


def edit_url(organisation):
    return f"/organisations/{organisation.pk}/edit/"


def test_edit_form_shows_the_stored_record(client, sign_in, org_a):
    org_a.areas_served = ["E08000024", "E05001162"]
    org_a.charity_number = "1090095"
    org_a.save()
    sign_in("member_a")
    response = client.get(edit_url(org_a))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Edit organisation details" in html
    assert 'value="Alpha Family Support"' in html
    assert 'value="E08000024, E05001162"' in html
    assert 'value="1090095"' in html
    assert "govuk-error-summary" not in html


def test_member_saves_and_sees_the_change_on_the_public_page(client, sign_in, org_a):
    sign_in("member_a")
    response = client.post(edit_url(org_a), form_data(org_a, description="Now running a Saturday club."), follow=True)
    assert response.redirect_chain[-1][0] == f"/organisations/{org_a.pk}/"
    html = response.content.decode()
    assert "Now running a Saturday club." in html
    assert "have been saved" in html
    org_a.refresh_from_db()
    assert org_a.description == "Now running a Saturday club."


def test_every_field_is_saved(client, sign_in, org_a):
    sign_in("manager_a")
    data = form_data(org_a, name="Alpha Families", alternate_name="AFS", description="Support for families.",
                     organisation_type="cio", charity_number="1090095", company_number="",
                     org_id="gb-chc-1090095", income_band="small", volunteers="12", staff="0",
                     email="hello@alpha.example.org", website="alpha.example.org",
                     areas_served="e08000024,E05001162  E05001162")
    assert client.post(edit_url(org_a), data).status_code == 302
    org_a.refresh_from_db()
    assert (org_a.name, org_a.alternate_name, org_a.organisation_type) == ("Alpha Families", "AFS", "cio")
    assert org_a.org_id == "GB-CHC-1090095"
    assert (org_a.income_band, org_a.volunteers, org_a.staff) == ("small", 12, 0)
    assert org_a.website == "https://alpha.example.org"
    assert org_a.areas_served == ["E08000024", "E05001162"]


def test_areas_served_are_shown_back_as_typed_after_an_error(client, sign_in, org_a):
    sign_in("member_a")
    response = client.post(edit_url(org_a), form_data(org_a, name="", areas_served="E08000024 E05001162"))
    assert response.status_code == 200
    assert 'value="E08000024 E05001162"' in response.content.decode()


def test_size_band_can_be_cleared(client, sign_in, org_a):
    org_a.income_band = "medium"
    org_a.save()
    sign_in("member_a")
    assert client.post(edit_url(org_a), form_data(org_a, income_band="")).status_code == 302
    org_a.refresh_from_db()
    assert org_a.income_band == ""


def test_edit_writes_an_event_with_before_and_after(client, sign_in, people, org_a):
    sign_in("member_a")
    client.post(edit_url(org_a), form_data(org_a, description="New words."))
    event = Event.objects.for_object(org_a).get(verb="updated")
    assert event.actor == people["member_a"]
    assert event.before["description"] == "Helps families in the area with practical and emotional support."
    assert event.after["description"] == "New words."
    assert ("description", event.before["description"], "New words.") in event.changes


def test_edit_by_the_organisation_returns_it_to_the_verification_queue(client, sign_in, org_a):
    assert org_a.verification_status == "verified"
    sign_in("manager_a")
    client.post(edit_url(org_a), form_data(org_a, staff="3"))
    org_a.refresh_from_db()
    assert org_a.verification_status == "awaiting"
    assert Organisation.objects.awaiting_verification().filter(pk=org_a.pk).exists()


@pytest.mark.parametrize("role", ["lio_staff", "administrator"])
def test_edit_by_the_verifiers_keeps_the_record_verified(client, sign_in, org_a, role):
    sign_in(role)
    response = client.post(edit_url(org_a), form_data(org_a, staff="3"))
    assert response.status_code == 302
    org_a.refresh_from_db()
    assert (org_a.staff, org_a.verification_status) == (3, "verified")


def test_saving_without_changes_writes_nothing_and_keeps_the_record_verified(client, sign_in, org_a):
    sign_in("member_a")
    assert client.post(edit_url(org_a), form_data(org_a)).status_code == 302
    org_a.refresh_from_db()
    assert org_a.verification_status == "verified"
    assert not Event.objects.for_object(org_a).exists()


def test_org_id_must_agree_with_the_charity_number(client, sign_in, org_a):
    sign_in("member_a")
    response = client.post(edit_url(org_a), form_data(org_a, charity_number="1090095", org_id="GB-CHC-1173575"))
    assert response.status_code == 200
    assert ("The org-id identifier GB-CHC-1173575 does not match the charity number 1090095"
            in response.content.decode())
    org_a.refresh_from_db()
    assert org_a.org_id == ""


def test_org_id_must_agree_with_the_company_number(client, sign_in, org_a):
    sign_in("member_a")
    response = client.post(edit_url(org_a), form_data(org_a, company_number="01234567", org_id="GB-COH-07654321"))
    assert response.status_code == 200
    assert "does not match the company number 01234567" in response.content.decode()


def test_org_id_of_another_register_needs_no_match(client, sign_in, org_a):
    sign_in("member_a")
    response = client.post(edit_url(org_a), form_data(org_a, charity_number="1090095", org_id="GB-COH-01234567"))
    assert response.status_code == 302


def test_script_in_text_is_kept_as_text_and_shown_escaped(client, sign_in, org_a):
    sign_in("member_a")
    client.post(edit_url(org_a), form_data(org_a, description="<script>alert(1)</script> & friends"))
    html = client.get(f"/organisations/{org_a.pk}/").content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; friends" in html
    assert "<script>alert(1)" not in html


def test_line_breaks_in_the_name_become_spaces(client, sign_in, org_a):
    sign_in("member_a")
    client.post(edit_url(org_a), form_data(org_a, name="Alpha\r\nFamily   Support\tGroup"))
    org_a.refresh_from_db()
    assert org_a.name == "Alpha Family Support Group"


def test_members_cannot_give_their_organisation_a_type_that_grants_powers(client, sign_in, people, org_a):
    from kith.organisations.roles import roles_for

    sign_in("manager_a")
    html = client.get(edit_url(org_a)).content.decode()
    assert 'value="charity"' in html
    assert 'value="lio"' not in html and 'value="council"' not in html
    for kind in ["lio", "council"]:
        response = client.post(edit_url(org_a), form_data(org_a, organisation_type=kind))
        assert response.status_code == 200
        assert "Select the type of organisation from the list" in response.content.decode()
    org_a.refresh_from_db()
    assert org_a.organisation_type == "charity"
    assert not roles_for(people["manager_a"]).is_lio_staff


def test_lio_staff_cannot_make_an_organisation_a_council(client, sign_in, org_a):
    sign_in("lio_staff")
    response = client.post(edit_url(org_a), form_data(org_a, organisation_type="council"))
    assert response.status_code == 200
    org_a.refresh_from_db()
    assert org_a.organisation_type == "charity"


def test_a_council_keeps_its_type_when_its_members_edit_it(client):
    council = OrganisationFactory(name="Council", organisation_type="council")
    officer = MembershipFactory(organisation=council, role="manager").user
    client.force_login(officer)
    html = client.get(edit_url(council)).content.decode()
    assert 'name="organisation_type"' not in html
    assert "Only an administrator can change this" in html
    response = client.post(edit_url(council), form_data(council, organisation_type="charity", staff="40"))
    assert response.status_code == 302
    council.refresh_from_db()
    assert (council.organisation_type, council.staff) == ("council", 40)


def test_administrators_can_set_any_type(client, sign_in, org_a):
    sign_in("administrator")
    assert client.post(edit_url(org_a), form_data(org_a, organisation_type="lio")).status_code == 302
    org_a.refresh_from_db()
    assert org_a.organisation_type == "lio"


def test_description_field_carries_its_length_limit(client, sign_in, org_a):
    sign_in("member_a")
    assert 'maxlength="5000"' in client.get(edit_url(org_a)).content.decode()


def test_confirming_the_details_marks_them_up_to_date(client, sign_in, people, org_a):
    org_a.last_confirmed_at = None
    org_a.save()
    sign_in("member_a")
    response = client.post(f"/organisations/{org_a.pk}/confirm/", follow=True)
    assert response.redirect_chain[-1][0] == f"/organisations/{org_a.pk}/"
    assert "You have confirmed the details" in response.content.decode()
    org_a.refresh_from_db()
    assert not org_a.is_possibly_out_of_date
    assert Event.objects.for_object(org_a).get(verb="confirmed").actor == people["member_a"]


def test_confirming_needs_a_post(client, sign_in, org_a):
    sign_in("member_a")
    assert client.get(f"/organisations/{org_a.pk}/confirm/").status_code == 405


def test_two_people_editing_at_once_keep_each_others_changes(client, sign_in, org_a):
    loaded = form_data(org_a)  # both opened the form before either saved
    sign_in("member_a")
    assert client.post(edit_url(org_a), {**loaded, "description": "Changed by the member."}).status_code == 302
    sign_in("manager_a")
    assert client.post(edit_url(org_a), {**loaded, "staff": "7", "areas_served": "E08000024"}).status_code == 302
    org_a.refresh_from_db()
    assert (org_a.description, org_a.staff, org_a.areas_served) == ("Changed by the member.", 7, ["E08000024"])


def test_areas_served_typed_differently_but_meaning_the_same_are_not_a_change(client, sign_in, org_a):
    org_a.areas_served = ["E08000024", "E05001162"]
    org_a.save()
    sign_in("member_a")
    client.post(edit_url(org_a), form_data(org_a, areas_served="e08000024  E05001162,"))
    assert not Event.objects.for_object(org_a).exists()
