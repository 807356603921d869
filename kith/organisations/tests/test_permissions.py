"""Who may open each organisation page: the permission matrix, for organisation A."""

import pytest

from kith.organisations.models import Membership
from kith.testing.factories import InvitationFactory

from .conftest import form_data

ROLES = ["anonymous", "resident", "member_a", "manager_a", "member_b", "lio_staff", "council_officer", "administrator"]
EDITORS = {"member_a", "manager_a", "lio_staff", "administrator"}
MANAGERS = {"manager_a", "lio_staff", "administrator"}
CREATORS = {"lio_staff", "administrator"}


def expected(role, allowed, ok=200):
    if role == "anonymous":
        return 302
    return ok if role in allowed else 403


def pages(org_a, people):
    membership = Membership.objects.get(user=people["member_a"], organisation=org_a)
    return {
        "edit": (f"/organisations/{org_a.pk}/edit/", EDITORS),
        "members": (f"/organisations/{org_a.pk}/members/", EDITORS),
        "invite": (f"/organisations/{org_a.pk}/invite/", MANAGERS),
        "member_role": (f"/organisations/{org_a.pk}/members/{membership.pk}/role/", MANAGERS),
        "member_remove": (f"/organisations/{org_a.pk}/members/{membership.pk}/remove/", MANAGERS),
        "create": ("/organisations/new/", CREATORS),
    }


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["edit", "members", "invite", "member_role", "member_remove", "create"])
def test_who_may_open_each_page(client, sign_in, people, org_a, page):
    url, allowed = pages(org_a, people)[page]
    for role in ROLES:
        sign_in(role)
        response = client.get(url)
        assert response.status_code == expected(role, allowed), role
        if role == "anonymous":
            assert response.url.startswith("/accounts/sign-in/?next=")


@pytest.mark.django_db
def test_who_may_confirm_the_details(client, sign_in, org_a):
    for role in ROLES:
        org_a.last_confirmed_at = None
        org_a.save()
        sign_in(role)
        response = client.post(f"/organisations/{org_a.pk}/confirm/")
        assert response.status_code == expected(role, EDITORS, ok=302), role
        org_a.refresh_from_db()
        assert (org_a.last_confirmed_at is not None) == (role in EDITORS), role


@pytest.mark.django_db
def test_who_may_revoke_an_invitation(client, sign_in, org_a):
    for role in ROLES:
        invitation = InvitationFactory(organisation=org_a)
        sign_in(role)
        response = client.post(f"/organisations/{org_a.pk}/invitations/{invitation.pk}/revoke/")
        assert response.status_code == expected(role, MANAGERS, ok=302), role
        invitation.refresh_from_db()
        assert (invitation.revoked_at is not None) == (role in MANAGERS), role


@pytest.mark.django_db
def test_those_who_may_not_edit_change_nothing(client, sign_in, org_a):
    for role in sorted(set(ROLES) - EDITORS):
        sign_in(role)
        client.post(f"/organisations/{org_a.pk}/edit/", form_data(org_a, description="Taken over"))
        org_a.refresh_from_db()
        assert org_a.description != "Taken over", role


@pytest.mark.django_db
def test_those_who_may_not_manage_members_change_nothing(client, sign_in, people, org_a):
    membership = Membership.objects.get(user=people["member_a"], organisation=org_a)
    base = f"/organisations/{org_a.pk}"
    for role in sorted(set(ROLES) - MANAGERS):
        sign_in(role)
        client.post(f"{base}/members/{membership.pk}/role/", {"role": "manager"})
        client.post(f"{base}/members/{membership.pk}/remove/")
        client.post(f"{base}/invite/", {"email": "new@example.org", "role": "manager"})
        client.post("/organisations/new/", form_data(org_a, name="Made up"))
        membership.refresh_from_db()
        assert membership.role == "member", role
    assert not org_a.invitations.exists()
    assert not org_a.__class__.objects.filter(name="Made up").exists()


@pytest.mark.django_db
def test_organisation_b_cannot_touch_organisation_a(client, sign_in, people, org_a, org_b):
    """A member of B, even made a manager of B, gets 403 on every page of A."""
    Membership.objects.filter(user=people["member_b"]).update(role="manager")
    sign_in("member_b")
    membership = Membership.objects.get(user=people["manager_a"], organisation=org_a)
    invitation = InvitationFactory(organisation=org_a)
    for url in [f"/organisations/{org_a.pk}/edit/", f"/organisations/{org_a.pk}/members/",
                f"/organisations/{org_a.pk}/invite/", f"/organisations/{org_a.pk}/members/{membership.pk}/role/",
                f"/organisations/{org_a.pk}/members/{membership.pk}/remove/"]:
        assert client.get(url).status_code == 403
        assert client.post(url, {"role": "member", "email": "x@example.org"}).status_code == 403
    assert client.post(f"/organisations/{org_a.pk}/invitations/{invitation.pk}/revoke/").status_code == 403
    assert client.post(f"/organisations/{org_a.pk}/confirm/").status_code == 403
    assert Membership.objects.filter(organisation=org_a).count() == 2
    membership.refresh_from_db()
    assert membership.role == "manager"


@pytest.mark.django_db
def test_a_manager_of_b_cannot_reach_a_member_of_a_through_b(client, sign_in, people, org_a, org_b):
    """Membership ids are looked up within the organisation in the address: 404, not a change."""
    Membership.objects.filter(user=people["member_b"]).update(role="manager")
    sign_in("member_b")
    membership = Membership.objects.get(user=people["manager_a"], organisation=org_a)
    assert client.get(f"/organisations/{org_b.pk}/members/{membership.pk}/role/").status_code == 404
    assert client.post(f"/organisations/{org_b.pk}/members/{membership.pk}/remove/").status_code == 404
    invitation = InvitationFactory(organisation=org_a)
    assert client.post(f"/organisations/{org_b.pk}/invitations/{invitation.pk}/revoke/").status_code == 404
    invitation.refresh_from_db()
    assert invitation.revoked_at is None
    assert Membership.objects.filter(pk=membership.pk).exists()


@pytest.mark.django_db
def test_unknown_organisation_is_404(client, sign_in):
    sign_in("administrator")
    assert client.get("/organisations/00000000-0000-0000-0000-000000000000/edit/").status_code == 404
    assert client.get("/organisations/00000000-0000-0000-0000-000000000000/members/").status_code == 404
