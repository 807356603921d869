import datetime
import hashlib
import re
import smtplib

import pytest
from django.core import mail
from django.utils import timezone

from kith.accounts.models import User
from kith.core.models import Event
from kith.organisations.models import Invitation, Membership
from kith.testing.factories import TEST_PASSWORD, InvitationFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "a-long-passphrase-for-sam"


def invite(client, organisation, email="sam@example.org", role="member"):
    return client.post(f"/organisations/{organisation.pk}/invite/", {"email": email, "role": role})


def link_path(message) -> str:
    return re.search(r"https?://[^/\s]+(/invitations/[A-Za-z0-9_\-]+/)", message.body).group(1)


@pytest.mark.parametrize("role", ["manager_a", "lio_staff", "administrator"])
def test_invitation_is_emailed_with_a_link_and_only_its_hash_is_stored(client, sign_in, people, org_a, role):
    sign_in(role)
    response = invite(client, org_a, email="Sam@Example.org", role="manager")
    assert response.status_code == 302
    assert response.url == f"/organisations/{org_a.pk}/members/"
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.role, invitation.invited_by) == ("sam@example.org", "manager", people[role])
    assert invitation.expires_at > timezone.now() + datetime.timedelta(days=13)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["sam@example.org"]
    assert "Alpha Family Support" in message.subject
    path = link_path(message)
    token = path.split("/")[2]
    assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert not Invitation.objects.filter(token_hash=token).exists()
    assert Invitation.objects.by_token(token).get() == invitation

    event = Event.objects.for_object(invitation).get(verb="invitation_sent")
    assert event.actor == people[role]
    assert event.after["email"] == "sam@example.org"
    assert "token_hash" not in event.after
    assert token not in str(event.after)


def test_the_page_says_the_invitation_was_sent_and_lists_it(client, sign_in, org_a):
    sign_in("manager_a")
    response = client.post(f"/organisations/{org_a.pk}/invite/", {"email": "sam@example.org", "role": "member"},
                           follow=True)
    html = response.content.decode()
    assert "We have sent an invitation to sam@example.org" in html
    assert "Invitations waiting" in html and "sam@example.org" in html


def test_lead_member_is_offered_and_accepted_only_for_a_council(client, sign_in, org_a):
    council = OrganisationFactory(name="Council", organisation_type="council")
    sign_in("administrator")
    assert 'value="lead_member"' not in client.get(f"/organisations/{org_a.pk}/invite/").content.decode()
    assert 'value="lead_member"' in client.get(f"/organisations/{council.pk}/invite/").content.decode()
    assert invite(client, council, email="cllr@example.org", role="lead_member").status_code == 302
    assert Invitation.objects.get(organisation=council).role == "lead_member"


def test_inviting_an_existing_member_is_a_form_error(client, sign_in, people, org_a):
    sign_in("manager_a")
    email = people["member_a"].email
    response = invite(client, org_a, email=email.upper())
    assert response.status_code == 200
    assert f"{email} is already a member of Alpha Family Support" in response.content.decode()
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_inviting_someone_twice_while_the_first_waits_is_a_form_error(client, sign_in, org_a):
    sign_in("manager_a")
    invite(client, org_a)
    response = invite(client, org_a, email="SAM@example.org")
    assert response.status_code == 200
    assert "An invitation for sam@example.org is already waiting" in response.content.decode()
    assert Invitation.objects.count() == 1


def test_someone_can_be_invited_again_once_the_first_invitation_is_revoked(client, sign_in, org_a):
    sign_in("manager_a")
    invite(client, org_a)
    first = Invitation.objects.get()
    client.post(f"/organisations/{org_a.pk}/invitations/{first.pk}/revoke/")
    assert invite(client, org_a).status_code == 302
    assert Invitation.objects.count() == 2


def test_a_member_of_another_organisation_can_be_invited(client, sign_in, people, org_a):
    sign_in("manager_a")
    assert invite(client, org_a, email=people["member_b"].email).status_code == 302


def test_when_the_email_cannot_be_sent_no_invitation_is_kept(client, sign_in, org_a, monkeypatch):
    def broken(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("mail server went away")

    monkeypatch.setattr("kith.organisations.services.send_mail", broken)
    sign_in("manager_a")
    response = invite(client, org_a)
    assert response.status_code == 200
    assert "We could not send the invitation email" in response.content.decode()
    assert not Invitation.objects.exists()
    assert not Event.objects.filter(verb="invitation_sent").exists()


# Accepting


def test_a_new_person_sets_their_name_and_password_and_is_signed_in(client, sign_in, org_a):
    sign_in("manager_a")
    invite(client, org_a, role="manager")
    path = link_path(mail.outbox[0])
    client.logout()

    page = client.get(path)
    assert page.status_code == 200
    assert "Create your account" in page.content.decode()
    assert "sam@example.org" in page.content.decode()
    response = client.post(path, {"full_name": "Sam Smith", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
                           follow=True)
    assert response.redirect_chain[-1][0] == "/accounts/"
    assert "you have joined Alpha Family Support" in response.content.decode()

    user = User.objects.get(email="sam@example.org")
    assert user.full_name == "Sam Smith"
    assert user.password.startswith("argon2$")
    assert client.session["_auth_user_id"] == str(user.pk)
    assert Membership.objects.get(user=user, organisation=org_a).role == "manager"
    invitation = Invitation.objects.get()
    assert invitation.accepted_at is not None
    assert set(Event.objects.filter(actor=user).values_list("verb", flat=True)) == {
        "account_created", "invitation_accepted", "member_added"}


def test_the_new_password_must_not_be_like_the_name_or_email(client, org_a):
    InvitationFactory(organisation=org_a, email="samantha.smithson@example.org", token="tok-similar")
    weak = "samantha.smithson"
    response = client.post("/invitations/tok-similar/", {"full_name": "Samantha Smithson", "password1": weak,
                                                          "password2": weak})
    assert response.status_code == 200
    assert "too similar" in response.content.decode()


def test_an_existing_account_is_asked_to_sign_in_then_joins(client, people, org_a):
    existing = people["member_b"]
    InvitationFactory(organisation=org_a, email=existing.email, token="tok-existing", role="member")
    page = client.get("/invitations/tok-existing/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Sign in to join Alpha Family Support" in html
    assert "/accounts/sign-in/?next=%2Finvitations%2Ftok-existing%2F" in html
    assert client.post("/invitations/tok-existing/").status_code == 200
    assert not Membership.objects.filter(user=existing, organisation=org_a).exists()

    signed_in = client.post("/accounts/sign-in/?next=/invitations/tok-existing/",
                            {"username": existing.email, "password": TEST_PASSWORD})
    assert signed_in.url == "/invitations/tok-existing/"
    assert "Join Alpha Family Support" in client.get("/invitations/tok-existing/").content.decode()
    response = client.post("/invitations/tok-existing/", follow=True)
    assert response.redirect_chain[-1][0] == "/accounts/"
    assert Membership.objects.get(user=existing, organisation=org_a).role == "member"
    assert Membership.objects.filter(user=existing).count() == 2


def test_the_email_of_an_existing_account_is_matched_whatever_its_case(client, people, org_a):
    existing = people["member_b"]
    InvitationFactory(organisation=org_a, email=existing.email.upper(), token="tok-case")
    client.force_login(existing)
    assert client.post("/invitations/tok-case/").status_code == 302
    assert Membership.objects.filter(user=existing, organisation=org_a).exists()


@pytest.mark.parametrize("has_account", [True, False])
def test_someone_signed_in_as_another_person_cannot_accept(client, people, org_a, has_account):
    email = people["member_b"].email if has_account else "stranger@example.org"
    InvitationFactory(organisation=org_a, email=email, token="tok-other", role="manager")
    client.force_login(people["resident"])
    page = client.get("/invitations/tok-other/")
    assert page.status_code == 403
    assert "This invitation is for another email address" in page.content.decode()
    assert client.post("/invitations/tok-other/", {"full_name": "X", "password1": NEW_PASSWORD,
                                                   "password2": NEW_PASSWORD}).status_code == 403
    assert not Membership.objects.filter(organisation=org_a, role="manager").exclude(
        user=people["manager_a"]).exists()
    assert Invitation.objects.get().accepted_at is None


def test_an_account_made_since_the_invitation_was_sent_must_sign_in(client, org_a):
    """The page picks the path from the accounts there are when the link is opened."""
    InvitationFactory(organisation=org_a, email="sam@example.org", token="tok-race")
    UserFactory(email="sam@example.org")
    response = client.post("/invitations/tok-race/", {"full_name": "Impostor", "password1": NEW_PASSWORD,
                                                      "password2": NEW_PASSWORD})
    assert "Sign in to join" in response.content.decode()
    assert User.objects.get(email="sam@example.org").full_name != "Impostor"


@pytest.mark.parametrize("change, status, message", [
    ({"accepted_at": timezone.now()}, 410, "This invitation has already been accepted"),
    ({"revoked_at": timezone.now()}, 410, "This invitation has been withdrawn"),
    ({"expires_at": timezone.now() - datetime.timedelta(minutes=1)}, 410, "This invitation has expired"),
])
def test_used_revoked_or_expired_links_say_why(client, org_a, change, status, message):
    InvitationFactory(organisation=org_a, email="sam@example.org", token="tok-done", **change)
    for response in [client.get("/invitations/tok-done/"),
                     client.post("/invitations/tok-done/", {"full_name": "Sam", "password1": NEW_PASSWORD,
                                                            "password2": NEW_PASSWORD})]:
        assert response.status_code == status
        assert message in response.content.decode()
    assert not User.objects.filter(email="sam@example.org").exists()


def test_an_unknown_link_is_404_with_an_explanation(client, db):
    response = client.get("/invitations/no-such-token/")
    assert response.status_code == 404
    assert "Invitation not found" in response.content.decode()


def test_a_link_works_only_once(client, org_a):
    InvitationFactory(organisation=org_a, email="sam@example.org", token="tok-once")
    data = {"full_name": "Sam", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    assert client.post("/invitations/tok-once/", data).status_code == 302
    client.logout()
    assert client.get("/invitations/tok-once/").status_code == 410


def test_accepting_when_already_a_member_keeps_the_current_role(client, people, org_a):
    manager = people["manager_a"]
    InvitationFactory(organisation=org_a, email=manager.email, token="tok-again", role="member")
    client.force_login(manager)
    assert client.post("/invitations/tok-again/").status_code == 302
    assert Membership.objects.get(user=manager, organisation=org_a).role == "manager"


# Revoking


def test_revoking_stops_the_link_and_is_recorded(client, sign_in, people, org_a):
    invitation = InvitationFactory(organisation=org_a, email="sam@example.org", token="tok-revoke")
    sign_in("manager_a")
    members_page = client.get(f"/organisations/{org_a.pk}/members/").content.decode()
    assert "sam@example.org" in members_page and "Revoke" in members_page
    response = client.post(f"/organisations/{org_a.pk}/invitations/{invitation.pk}/revoke/", follow=True)
    assert "The invitation for sam@example.org has been revoked" in response.content.decode()
    assert "There are no invitations waiting" in response.content.decode()
    event = Event.objects.for_object(invitation).get(verb="invitation_revoked")
    assert event.actor == people["manager_a"]
    assert event.before["revoked_at"] is None and event.after["revoked_at"] is not None
    client.logout()
    assert client.get("/invitations/tok-revoke/").status_code == 410


def test_revoking_twice_is_a_message_not_a_crash(client, sign_in, org_a):
    invitation = InvitationFactory(organisation=org_a, revoked_at=timezone.now())
    sign_in("manager_a")
    response = client.post(f"/organisations/{org_a.pk}/invitations/{invitation.pk}/revoke/", follow=True)
    assert response.status_code == 200
    assert "already been accepted, revoked or has expired" in response.content.decode()


def test_plain_members_see_the_members_but_not_the_invitations(client, sign_in, org_a):
    InvitationFactory(organisation=org_a, email="secret-invitee@example.org")
    sign_in("member_a")
    html = client.get(f"/organisations/{org_a.pk}/members/").content.decode()
    assert "secret-invitee@example.org" not in html
    assert "Invite someone" not in html
    assert "Change role" not in html
