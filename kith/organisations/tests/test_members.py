import pytest

from kith.core.models import Event
from kith.organisations.models import Membership
from kith.testing.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def membership_of(person, organisation):
    return Membership.objects.get(user=person, organisation=organisation)


def role_url(membership):
    return f"/organisations/{membership.organisation_id}/members/{membership.pk}/role/"


def remove_url(membership):
    return f"/organisations/{membership.organisation_id}/members/{membership.pk}/remove/"


def test_members_page_lists_members_and_roles(client, sign_in, people, org_a):
    people["manager_a"].full_name = "Morgan Manager"
    people["manager_a"].save()
    sign_in("manager_a")
    response = client.get(f"/organisations/{org_a.pk}/members/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Morgan Manager" in html and people["member_a"].email in html
    assert "Manager" in html and "Member" in html
    assert people["member_b"].email not in html
    assert "Invite someone" in html and "Change role" in html


def test_manager_changes_a_members_role_and_it_is_recorded(client, sign_in, people, org_a):
    membership = membership_of(people["member_a"], org_a)
    sign_in("manager_a")
    page = client.get(role_url(membership)).content.decode()
    assert 'value="member" checked' in page
    response = client.post(role_url(membership), {"role": "manager"}, follow=True)
    assert response.redirect_chain[-1][0] == f"/organisations/{org_a.pk}/members/"
    assert "is now Manager" in response.content.decode()
    membership.refresh_from_db()
    assert membership.role == "manager"
    event = Event.objects.for_object(membership).get(verb="member_role_changed")
    assert (event.before["role"], event.after["role"], event.actor) == ("member", "manager", people["manager_a"])


def test_the_last_manager_cannot_be_demoted(client, sign_in, people, org_a):
    membership = membership_of(people["manager_a"], org_a)
    sign_in("lio_staff")
    response = client.post(role_url(membership), {"role": "member"})
    assert response.status_code == 200
    assert "is the only manager of Alpha Family Support. Make someone else a manager first" in response.content.decode()
    membership.refresh_from_db()
    assert membership.role == "manager"
    assert not Event.objects.filter(verb="member_role_changed").exists()


def test_a_manager_can_step_down_when_there_is_another(client, sign_in, people, org_a):
    Membership.objects.filter(user=people["member_a"]).update(role="manager")
    sign_in("manager_a")
    own = membership_of(people["manager_a"], org_a)
    assert client.post(role_url(own), {"role": "member"}).status_code == 302
    own.refresh_from_db()
    assert own.role == "member"


def test_the_last_manager_cannot_be_removed(client, sign_in, people, org_a):
    membership = membership_of(people["manager_a"], org_a)
    sign_in("administrator")
    response = client.post(remove_url(membership))
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "is the only manager of Alpha Family Support" in html
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_manager_removes_a_member_after_confirming(client, sign_in, people, org_a):
    membership = membership_of(people["member_a"], org_a)
    sign_in("manager_a")
    page = client.get(remove_url(membership))
    assert "Remove from organisation" in page.content.decode() and "Their account stays open" in page.content.decode()
    assert "Alpha Family Support’s records" not in page.content.decode()
    assert Membership.objects.filter(pk=membership.pk).exists()
    response = client.post(remove_url(membership), follow=True)
    assert "has been removed from Alpha Family Support" in response.content.decode()
    assert not Membership.objects.filter(pk=membership.pk).exists()
    event = Event.objects.get(verb="member_removed")
    assert event.object_id == str(membership.pk)
    assert event.before["user"] == str(people["member_a"].pk)
    assert event.before["organisation"] == str(org_a.pk)
    assert event.actor == people["manager_a"]
    client.force_login(people["member_a"])
    assert client.get(f"/organisations/{org_a.pk}/edit/").status_code == 403


def test_a_manager_who_removes_themselves_goes_to_their_account_page(client, sign_in, people, org_a):
    MembershipFactory(organisation=org_a, role="manager")
    sign_in("manager_a")
    page = client.get(remove_url(membership_of(people["manager_a"], org_a))).content.decode()
    # Asked about themselves, in the second person, not as "Their account stays open".
    assert "Leave Alpha Family Support?" in page and "Your account stays open" in page and "Leave the organisation" in page
    assert "Their account" not in page and "Remove from organisation" not in page
    response = client.post(remove_url(membership_of(people["manager_a"], org_a)))
    assert response.url == "/accounts/"


def test_an_organisation_without_managers_can_still_lose_a_member(client, sign_in, org_b, people):
    sign_in("lio_staff")
    assert client.post(remove_url(membership_of(people["member_b"], org_b))).status_code == 302


def test_lead_member_role_is_offered_only_in_a_council(client, sign_in, people, org_a):
    council = OrganisationFactory(name="Council", organisation_type="council")
    officer = MembershipFactory(organisation=council, role="member")
    sign_in("administrator")
    assert 'value="lead_member"' not in client.get(role_url(membership_of(people["member_a"], org_a))).content.decode()
    assert 'value="lead_member"' in client.get(role_url(officer)).content.decode()
    assert client.post(role_url(officer), {"role": "lead_member"}).status_code == 302
    officer.refresh_from_db()
    assert officer.role == "lead_member"


def test_unknown_membership_is_404(client, sign_in, org_a):
    sign_in("manager_a")
    assert client.get(f"/organisations/{org_a.pk}/members/00000000-0000-0000-0000-000000000000/role/").status_code == 404
