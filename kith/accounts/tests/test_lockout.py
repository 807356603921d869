"""django-axes: five failures for one email from one address lock that pair out."""

import re

import pytest
from django.core import mail

from kith.testing.factories import TEST_PASSWORD, UserFactory

SIGN_IN = "/accounts/sign-in/"
pytestmark = pytest.mark.django_db


def fail(client, email, times=5):
    for _ in range(times):
        client.post(SIGN_IN, {"username": email, "password": "wrong-password"})


def test_first_failures_show_the_form_again(client):
    UserFactory(email="sam@example.org")
    for _ in range(4):
        response = client.post(SIGN_IN, {"username": "sam@example.org", "password": "wrong-password"})
        assert response.status_code == 200
        assert "Enter the correct email address and password" in response.content.decode()


def test_sixth_attempt_is_locked_out_even_with_the_right_password(client):
    UserFactory(email="sam@example.org")
    fail(client, "sam@example.org")
    response = client.post(SIGN_IN, {"username": "sam@example.org", "password": TEST_PASSWORD})
    assert response.status_code == 429
    assert "Sign in is paused for this account" in response.content.decode()
    assert "accounts/locked_out.html" in [t.name for t in response.templates]
    assert "_auth_user_id" not in client.session


def test_changing_the_case_of_the_email_does_not_get_round_the_lockout(client):
    UserFactory(email="sam@example.org")
    for email in ["SAM@example.org", "Sam@Example.org", "sam@EXAMPLE.ORG", "sAm@example.org", "saM@example.org"]:
        client.post(SIGN_IN, {"username": email, "password": "wrong-password"})
    response = client.post(SIGN_IN, {"username": "sam@example.org", "password": TEST_PASSWORD})
    assert response.status_code == 429


def test_another_account_from_the_same_address_is_unaffected(client):
    UserFactory(email="sam@example.org")
    other = UserFactory(email="alex@example.org")
    fail(client, "sam@example.org")
    response = client.post(SIGN_IN, {"username": "alex@example.org", "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(other.pk)


def test_the_same_account_from_another_address_is_unaffected(client):
    user = UserFactory(email="sam@example.org")
    fail(client, "sam@example.org")
    response = client.post(SIGN_IN, {"username": "sam@example.org", "password": TEST_PASSWORD},
                           REMOTE_ADDR="192.0.2.55")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_a_success_before_the_limit_starts_the_count_again(client):
    UserFactory(email="sam@example.org")
    fail(client, "sam@example.org", times=4)
    assert client.post(SIGN_IN, {"username": "sam@example.org", "password": TEST_PASSWORD}).status_code == 302
    client.post("/accounts/sign-out/")
    fail(client, "sam@example.org", times=4)
    assert client.post(SIGN_IN, {"username": "sam@example.org", "password": TEST_PASSWORD}).status_code == 302


def test_resetting_the_password_lifts_the_lockout(client):
    UserFactory(email="sam@example.org")
    fail(client, "sam@example.org")
    client.post("/accounts/password/reset/", {"email": "sam@example.org"})
    link = re.search(r"http://testserver(/accounts/password/reset/\S+)", mail.outbox[0].body).group(1)
    form_url = client.get(link).url
    client.post(form_url, {"new_password1": "a-brand-new-passphrase", "new_password2": "a-brand-new-passphrase"})
    response = client.post(SIGN_IN, {"username": "sam@example.org", "password": "a-brand-new-passphrase"})
    assert response.status_code == 302
