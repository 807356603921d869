import pytest

from kith.testing.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def test_dashboard_needs_sign_in(client):
    response = client.get("/accounts/")
    assert response.status_code == 302
    assert response.url == "/accounts/sign-in/?next=/accounts/"


def test_dashboard_of_a_resident_says_how_to_join(client, people):
    client.force_login(people["resident"])
    html = client.get("/accounts/").content.decode()
    assert "You do not need one to find support or to refer yourself" in html
    assert "/organisations/new/" not in html


def test_the_dashboard_leads_to_the_referrals_someone_sent(client, people):
    # A resident told after a self-referral to follow it "from your list of referrals" finds that list here.
    client.force_login(people["resident"])
    html = client.get("/accounts/").content.decode()
    assert 'href="/referrals/sent/">Referrals sent</a> by you,' in html
    client.force_login(people["member_a"])
    assert 'href="/referrals/sent/">Referrals sent</a> by you and your colleagues' in client.get("/accounts/").content.decode()


def test_members_get_an_edit_link_and_managers_a_members_link(client, people, org_a, org_b):
    manager = people["manager_a"]
    MembershipFactory(user=manager, organisation=org_b, role="member")
    client.force_login(manager)
    html = client.get("/accounts/").content.decode()
    assert f"/organisations/{org_a.pk}/edit/" in html
    assert f"/organisations/{org_a.pk}/members/" in html
    assert f"/organisations/{org_b.pk}/edit/" in html
    assert f"/organisations/{org_b.pk}/members/" not in html


def test_a_lead_member_gets_no_edit_link(client):
    council = OrganisationFactory(name="Council", organisation_type="council")
    councillor = MembershipFactory(organisation=council, role="lead_member").user
    client.force_login(councillor)
    html = client.get("/accounts/").content.decode()
    assert "Council" in html
    assert f"/organisations/{council.pk}/edit/" not in html


def test_lio_staff_can_add_an_organisation_from_their_dashboard(client, people):
    client.force_login(people["lio_staff"])
    assert "/organisations/new/" in client.get("/accounts/").content.decode()
