import pytest
from django.contrib.auth.hashers import make_password

from kith.accounts.models import User
from kith.testing.factories import TEST_PASSWORD, UserFactory

SIGN_IN = "/accounts/sign-in/"
pytestmark = pytest.mark.django_db


def signed_in_user_id(client):
    return client.session.get("_auth_user_id")


def test_sign_in_page_shows_the_form(client):
    response = client.get(SIGN_IN)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="username"' in html and 'type="email"' in html
    assert 'name="password"' in html
    assert "govuk-error-summary" not in html


def test_sign_in_with_email_in_any_case_goes_to_the_dashboard(client):
    user = UserFactory(email="sam@example.org")
    response = client.post(SIGN_IN, {"username": "  Sam@Example.ORG ", "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert response.url == "/accounts/"
    assert signed_in_user_id(client) == str(user.pk)


def test_sign_in_follows_a_safe_next_link_and_ignores_another_site(client):
    UserFactory(email="sam@example.org")
    response = client.post(f"{SIGN_IN}?next=/organisations/", {"username": "sam@example.org", "password": TEST_PASSWORD})
    assert response.url == "/organisations/"
    client.post("/accounts/sign-out/")
    response = client.post(f"{SIGN_IN}?next=https://evil.example/", {"username": "sam@example.org", "password": TEST_PASSWORD})
    assert response.url == "/accounts/"


def test_wrong_password_shows_a_govuk_error_summary(client):
    UserFactory(email="sam@example.org")
    response = client.post(SIGN_IN, {"username": "sam@example.org", "password": "not-the-password"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "There is a problem" in html
    assert "Enter the correct email address and password for your account" in html
    assert "<title>Error: Sign in" in html
    assert signed_in_user_id(client) is None


def test_unknown_email_gets_the_same_message_as_a_wrong_password(client):
    response = client.post(SIGN_IN, {"username": "nobody@example.org", "password": "whatever-it-is"})
    assert response.status_code == 200
    assert "Enter the correct email address and password for your account" in response.content.decode()


@pytest.mark.parametrize("data, message", [
    ({"username": "", "password": ""}, "Enter your email address"),
    ({"username": "sam@example.org", "password": ""}, "Enter your password"),
    ({"username": "not an email", "password": "x"}, "Enter an email address in the correct format"),
    ({"username": "sam@example.org\x00", "password": "x"}, "Null characters are not allowed"),
    ({"username": "a" * 300 + "@example.org", "password": "x"}, "Ensure this value has at most 254 characters"),
])
def test_bad_sign_in_input_is_an_error_not_a_crash(client, data, message):
    response = client.post(SIGN_IN, data)
    assert response.status_code == 200
    assert message in response.content.decode()


def test_closed_account_cannot_sign_in(client):
    UserFactory(email="gone@example.org", is_active=False)
    response = client.post(SIGN_IN, {"username": "gone@example.org", "password": TEST_PASSWORD})
    assert response.status_code == 200
    assert signed_in_user_id(client) is None


def test_new_passwords_are_hashed_with_argon2():
    user = User.objects.create_user("new@example.org", TEST_PASSWORD)
    assert user.password.startswith("argon2$argon2id$")
    assert user.check_password(TEST_PASSWORD)


def test_an_older_hash_is_upgraded_to_argon2_on_sign_in(client):
    user = UserFactory(email="old@example.org")
    User.objects.filter(pk=user.pk).update(password=make_password(TEST_PASSWORD, hasher="pbkdf2_sha256"))
    response = client.post(SIGN_IN, {"username": "old@example.org", "password": TEST_PASSWORD})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.password.startswith("argon2$")


def test_sign_out_by_post_ends_the_session(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post("/accounts/sign-out/")
    assert response.status_code == 302
    assert response.url == "/"
    assert signed_in_user_id(client) is None


def test_sign_out_by_get_is_refused_so_a_link_cannot_sign_someone_out(client):
    user = UserFactory()
    client.force_login(user)
    response = client.get("/accounts/sign-out/")
    assert response.status_code == 405
    assert signed_in_user_id(client) == str(user.pk)


def test_signed_in_person_visiting_sign_in_goes_to_the_dashboard(client):
    client.force_login(UserFactory())
    response = client.get(SIGN_IN)
    assert response.status_code == 302
    assert response.url == "/accounts/"
