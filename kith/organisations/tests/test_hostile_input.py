"""Hostile or careless input on the organisation forms: a 200 with a specific error, never a 500."""

import pytest

from kith.organisations.models import Organisation
from kith.testing.factories import InvitationFactory

from .conftest import form_data

pytestmark = pytest.mark.django_db

EDIT_CASES = [
    ("name", "", "Enter the organisation’s name"),
    ("name", "N" * 201, "Name must be 200 characters or fewer"),
    ("name", "Alpha\x00Beta", "Name must not contain invisible control characters"),
    ("alternate_name", "A" * 201, "Other name must be 200 characters or fewer"),
    ("description", "", "Describe what the organisation does"),
    ("description", "D" * 5001, "Description must be 5,000 characters or fewer"),
    ("description", "Helps\x00", "Description must not contain invisible control characters"),
    ("organisation_type", "", "Select the type of organisation"),
    ("organisation_type", "bogus", "Select the type of organisation from the list"),
    ("organisation_type", "<script>", "Select the type of organisation from the list"),
    ("income_band", "enormous", "Select a size band from the list"),
    ("charity_number", "abc", "Enter a charity number of 6 to 8 digits"),
    ("charity_number", "1" * 17, "Charity number must be 16 characters or fewer"),
    ("company_number", "123", "Enter a company number of 8 characters"),
    ("company_number", "<script>", "Enter a company number of 8 characters"),
    ("org_id", "GB-XXX-1", "starts with a registered prefix"),
    ("org_id", "GB-CHC-abc", "A GB-CHC identifier is a charity number of 6 to 8 digits"),
    ("org_id", "<script>", "starts with a registered prefix"),
    ("org_id", "GB-COH-" + "1" * 60, "Org-id identifier must be 60 characters or fewer"),
    ("org_id", "GB-CHC-\x00", "Org-id identifier must not contain invisible control characters"),
    ("volunteers", "-1", "The number of volunteers must be 0 or more"),
    ("volunteers", "1.5", "Enter the number of volunteers as a whole number"),
    ("staff", "-5", "The number of paid staff must be 0 or more"),
    ("staff", "ten", "Enter the number of paid staff as a whole number"),
    ("staff", "9" * 40, "The number of paid staff must be 1,000,000 or fewer"),
    ("staff", "\x00", "Enter the number of paid staff as a whole number"),
    ("email", "<script>", "Enter an email address in the correct format"),
    ("email", "x" * 250 + "@example.org", "Email address must be 254 characters or fewer"),
    ("website", "<script>", "Enter a web address in the correct format"),
    ("website", "javascript:alert(1)", "Enter a web address in the correct format"),
    ("website", "https://" + "w" * 500 + ".org", "Website must be 500 characters or fewer"),
    ("areas_served", "<script>", "not a GSS area code"),
    ("areas_served", "E08000024, E0800002", "E0800002: not a GSS area code"),
    ("areas_served", "E08000024\x00", "Areas served must not contain invisible control characters"),
    ("areas_served", "E08000024 " * 300, "Areas served must be 2,000 characters or fewer"),
]


@pytest.mark.parametrize("field, value, message", EDIT_CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(EDIT_CASES)])
def test_bad_input_on_the_edit_form_is_a_clear_error(client, sign_in, org_a, field, value, message):
    sign_in("manager_a")
    before = Organisation.objects.filter(pk=org_a.pk).values().get()
    response = client.post(f"/organisations/{org_a.pk}/edit/", form_data(org_a, **{field: value}))
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "<title>Error: " in html
    assert message in html
    assert "<script>" not in html.split("<body", 1)[1]
    assert Organisation.objects.filter(pk=org_a.pk).values().get() == before


def test_a_list_where_one_value_is_expected_is_an_error_not_a_crash(client, sign_in, org_a):
    sign_in("manager_a")
    data = form_data(org_a)
    data["staff"] = ["1", "2", "x"]
    data["organisation_type"] = ["charity", "nonsense"]
    response = client.post(f"/organisations/{org_a.pk}/edit/", data)
    assert response.status_code == 200


def test_missing_fields_are_errors_not_a_crash(client, sign_in, org_a):
    sign_in("manager_a")
    response = client.post(f"/organisations/{org_a.pk}/edit/", {})
    assert response.status_code == 200
    assert "Enter the organisation’s name" in response.content.decode()


@pytest.mark.parametrize("data, message", [
    ({"email": "", "role": "member"}, "Enter the email address of the person to invite"),
    ({"email": "not an email", "role": "member"}, "Enter an email address in the correct format"),
    ({"email": "<script>@x", "role": "member"}, "Enter an email address in the correct format"),
    ({"email": "a\x00b@example.org", "role": "member"}, "Null characters are not allowed"),
    ({"email": "x" * 250 + "@example.org", "role": "member"}, "Email address must be 254 characters or fewer"),
    ({"email": "new@example.org", "role": ""}, "Select a role"),
    ({"email": "new@example.org", "role": "owner"}, "Select a role from the list"),
    ({"email": "new@example.org", "role": "lead_member"}, "Select a role from the list"),
])
def test_bad_input_on_the_invitation_form_is_a_clear_error(client, sign_in, org_a, data, message):
    sign_in("manager_a")
    response = client.post(f"/organisations/{org_a.pk}/invite/", data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not org_a.invitations.exists()


@pytest.mark.parametrize("role", ["", "owner", "lead_member", "<script>", "manager\x00"])
def test_bad_role_on_the_change_role_form_is_a_clear_error(client, sign_in, people, org_a, role):
    membership = people["member_a"].memberships.get()
    sign_in("manager_a")
    response = client.post(f"/organisations/{org_a.pk}/members/{membership.pk}/role/", {"role": role})
    assert response.status_code == 200
    assert "Select a role" in response.content.decode()
    membership.refresh_from_db()
    assert membership.role == "member"


@pytest.mark.parametrize("data, message", [
    ({"full_name": "", "password1": "a-long-passphrase", "password2": "a-long-passphrase"}, "Enter your full name"),
    ({"full_name": "N" * 151, "password1": "a-long-passphrase", "password2": "a-long-passphrase"},
     "Full name must be 150 characters or fewer"),
    ({"full_name": "Sam\x00", "password1": "a-long-passphrase", "password2": "a-long-passphrase"},
     "Null characters are not allowed"),
    ({"full_name": "Sam Smith", "password1": "a-long-passphrase", "password2": "different-passphrase"},
     "The passwords do not match"),
    ({"full_name": "Sam Smith", "password1": "short", "password2": "short"}, "This password is too short"),
    ({"full_name": "Sam Smith", "password1": "", "password2": ""}, "Enter a password"),
])
def test_bad_input_on_the_new_account_form_is_a_clear_error(client, org_a, data, message):
    from kith.accounts.models import User

    InvitationFactory(organisation=org_a, email="sam@example.org", token="tok-hostile")
    response = client.post("/invitations/tok-hostile/", data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not User.objects.filter(email="sam@example.org").exists()


@pytest.mark.parametrize("token", ["nothing-like-this", "a" * 500, "%00", "..%2F..%2Fadmin", "<script>", "tok%20en"])
def test_unknown_invitation_tokens_are_404(client, db, token):
    response = client.get(f"/invitations/{token}/")
    assert response.status_code == 404
