import pytest

from kith.core.models import Event
from kith.testing.factories import TEST_PASSWORD, UserFactory

CHANGE = "/accounts/password/change/"
NEW = "a-brand-new-passphrase"
pytestmark = pytest.mark.django_db


def test_password_change_needs_sign_in(client):
    response = client.get(CHANGE)
    assert response.status_code == 302
    assert response.url.startswith("/accounts/sign-in/?next=")


def test_password_change_sets_an_argon2_password_and_keeps_you_signed_in(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(CHANGE, {"old_password": TEST_PASSWORD, "new_password1": NEW, "new_password2": NEW}, follow=True)
    assert response.redirect_chain[-1][0] == "/accounts/"
    assert "Your password has been changed" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(NEW)
    assert user.password.startswith("argon2$")
    assert client.session["_auth_user_id"] == str(user.pk)
    event = Event.objects.for_object(user).get(verb="password_changed")
    assert event.before is None and event.after is None


def test_wrong_current_password_is_an_error(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(CHANGE, {"old_password": "wrong", "new_password1": NEW, "new_password2": NEW})
    assert response.status_code == 200
    assert "Your current password is not correct" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(TEST_PASSWORD)


def test_new_password_similar_to_the_email_is_refused(client):
    user = UserFactory(email="margaret.thatcherson@example.org")
    client.force_login(user)
    weak = "margaret.thatcherson"
    response = client.post(CHANGE, {"old_password": TEST_PASSWORD, "new_password1": weak, "new_password2": weak})
    assert response.status_code == 200
    assert "too similar" in response.content.decode()
