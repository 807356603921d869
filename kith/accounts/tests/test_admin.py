"""The Django admin opens to administrators (superusers) only; staff flags alone are not enough."""

import pytest

from kith.testing.factories import TEST_PASSWORD, InvitationFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db
ADMIN_PAGES = ["/admin/", "/admin/organisations/organisation/", "/admin/organisations/membership/",
               "/admin/organisations/invitation/", "/admin/accounts/user/"]


@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_staff_who_are_not_administrators_are_refused(client, url):
    client.force_login(UserFactory(is_staff=True, is_superuser=False))
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")


def test_staff_cannot_sign_in_through_the_admin_sign_in_page(client):
    UserFactory(email="staff@example.org", is_staff=True)
    response = client.post("/admin/login/?next=/admin/", {"username": "staff@example.org", "password": TEST_PASSWORD})
    assert client.get("/admin/").status_code == 302
    assert response.status_code in (200, 302)


@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_administrators_get_in(client, url):
    MembershipFactory()
    InvitationFactory()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.get(url)
    assert response.status_code == 200


def test_invitations_cannot_be_added_in_the_admin_because_the_token_goes_by_email(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert client.get("/admin/organisations/invitation/add/").status_code == 403
    invitation = InvitationFactory()
    page = client.get(f"/admin/organisations/invitation/{invitation.pk}/change/").content.decode()
    assert invitation.token_hash not in page


def test_anonymous_people_are_sent_to_the_admin_sign_in(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")
