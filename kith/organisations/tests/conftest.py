import pytest


def form_data(organisation, **changes) -> dict:
    """The edit form as a browser posts it for the organisation's stored record, with `changes` on top."""
    data = {
        "name": organisation.name,
        "alternate_name": organisation.alternate_name,
        "description": organisation.description,
        "organisation_type": organisation.organisation_type,
        "charity_number": organisation.charity_number,
        "company_number": organisation.company_number,
        "org_id": organisation.org_id,
        "income_band": organisation.income_band,
        "volunteers": "" if organisation.volunteers is None else organisation.volunteers,
        "staff": "" if organisation.staff is None else organisation.staff,
        "email": organisation.email,
        "website": organisation.website,
        "areas_served": ", ".join(organisation.areas_served),
    }
    # What the page carries as the values it was loaded with (radios carry none).
    data.update({f"initial-{name}": value for name, value in data.items()
                 if name not in ("organisation_type", "income_band")})
    data.update(changes)
    return data


@pytest.fixture
def sign_in(client, people):
    """sign_in("manager_a") signs the test client in as that person (or leaves it anonymous)."""
    def _sign_in(role):
        client.logout()
        if people[role] is not None:
            client.force_login(people[role])
        return people[role]
    return _sign_in
