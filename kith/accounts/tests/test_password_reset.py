import re

import pytest
from django.core import mail

from kith.core.models import Event
from kith.testing.factories import TEST_PASSWORD, UserFactory

RESET = "/accounts/password/reset/"
NEW = "a-brand-new-passphrase"
pytestmark = pytest.mark.django_db


def reset_link(message) -> str:
    return re.search(r"http://testserver(/accounts/password/reset/\S+)", message.body).group(1)


def test_reset_page_shows_the_form(client):
    response = client.get(RESET)
    assert response.status_code == 200
    assert "Reset your password" in response.content.decode()


def test_reset_emails_a_working_link_that_sets_a_new_password(client):
    user = UserFactory(email="sam@example.org")
    response = client.post(RESET, {"email": "Sam@Example.org"})
    assert response.status_code == 302
    assert response.url == "/accounts/password/reset/sent/"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["sam@example.org"]
    assert message.subject == "Reset your Kith password"

    form_url = client.get(reset_link(message)).url  # Django moves the token out of the address
    page = client.get(form_url)
    assert page.status_code == 200
    assert "Choose a new password" in page.content.decode()
    response = client.post(form_url, {"new_password1": NEW, "new_password2": NEW})
    assert response.status_code == 302
    assert response.url == "/accounts/password/reset/complete/"

    user.refresh_from_db()
    assert user.check_password(NEW)
    assert not user.check_password(TEST_PASSWORD)
    assert user.password.startswith("argon2$")
    assert Event.objects.for_object(user).filter(verb="password_reset").exists()
    assert client.post("/accounts/sign-in/", {"username": "sam@example.org", "password": NEW}).status_code == 302


def test_unknown_email_shows_the_same_page_and_sends_nothing(client):
    UserFactory(email="sam@example.org")
    known = client.post(RESET, {"email": "sam@example.org"}, follow=True)
    unknown = client.post(RESET, {"email": "nobody@example.org"}, follow=True)
    assert len(mail.outbox) == 1
    assert unknown.redirect_chain == known.redirect_chain
    assert unknown.status_code == 200
    assert "Check your email" in unknown.content.decode()
    assert unknown.content.decode().replace(unknown.wsgi_request.META.get("CSRF_COOKIE", ""), "") == \
        known.content.decode().replace(known.wsgi_request.META.get("CSRF_COOKIE", ""), "")


def test_reset_link_works_once(client):
    UserFactory(email="sam@example.org")
    client.post(RESET, {"email": "sam@example.org"})
    link = reset_link(mail.outbox[0])
    form_url = client.get(link).url
    client.post(form_url, {"new_password1": NEW, "new_password2": NEW})
    response = client.get(link, follow=True)
    assert "This link has expired or been used" in response.content.decode()


def test_tampered_reset_link_is_refused_clearly(client):
    response = client.get("/accounts/password/reset/MQ/not-a-token/")
    assert response.status_code == 200
    assert "This link has expired or been used" in response.content.decode()


@pytest.mark.parametrize("first, second, message", [
    ("short", "short", "This password is too short"),
    ("password123", "password123", "This password is too common"),
    ("12345678901234", "12345678901234", "This password is entirely numeric"),
    (NEW, NEW + "x", "The passwords do not match"),
    ("", "", "Enter a password"),
])
def test_new_password_must_pass_the_validators(client, first, second, message):
    user = UserFactory(email="sam@example.org")
    client.post(RESET, {"email": "sam@example.org"})
    form_url = client.get(reset_link(mail.outbox[0])).url
    response = client.post(form_url, {"new_password1": first, "new_password2": second})
    assert response.status_code == 200
    assert message in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(TEST_PASSWORD)


def test_bad_email_on_reset_form_is_an_error(client):
    for value in ["not-an-email", "x\x00@example.org", "a" * 300 + "@example.org", ""]:
        response = client.post(RESET, {"email": value})
        assert response.status_code == 200
        assert "govuk-error-summary" in response.content.decode()
    assert mail.outbox == []
