"""Every row is checked with the site's own rules, and each problem names its row, column and fix."""

import pytest

from kith.directory.models import Service
from kith.interchange.spreadsheets.checking import Check
from kith.interchange.spreadsheets.reading import read_upload
from kith.testing import factories

from .conftest import good_row, upload

pytestmark = pytest.mark.django_db


def check(rows, by, fmt="csv") -> Check:
    return Check(read_upload(upload(rows, fmt))[1], by=by)


def problems(rows, by, fmt="csv") -> list[tuple[int, str, str]]:
    return [(p.row, p.column, p.message) for p in check(rows, by, fmt).problems]


@pytest.mark.parametrize("changes, column, message", [
    ({"organisation_name": ""}, "Organisation name", "Enter the organisation’s name: every row needs one"),
    ({"organisation_type": ""}, "Organisation type", "Select the type of organisation"),
    ({"organisation_type": "Club"}, "Organisation type", "Select the type of organisation from the list"),
    ({"organisation_type": "Statutory: council"}, "Organisation type", "Select the type of organisation from the list"),
    ({"organisation_description": ""}, "Organisation description", "Describe what the organisation does"),
    ({"charity_number": "12"}, "Charity number", "Enter a charity number of 6 to 8 digits"),
    ({"company_number": "123"}, "Company number", "Enter a company number of 8 characters"),
    ({"organisation_email": "not-an-email"}, "Organisation email", "Enter an email address in the correct format"),
    ({"organisation_website": "http://"}, "Organisation website", "Enter a web address in the correct format"),
    ({"address_line_1": ""}, "Address line 1", "Enter the first line of the address"),
    ({"town_or_city": ""}, "Town or city", "Enter the town or city"),
    ({"postcode": "SR1"}, "Postcode", "Enter a real postcode, like SR1 3SD"),
    ({"postcode": ""}, "Postcode", "Enter the postcode"),
    ({"location_name": "", "postcode": "SR1 3SD"}, "Location name", "Enter the location’s name, or leave the address"),
    ({"service_name": ""}, "Service name", "Enter the service’s name, or leave the service columns empty"),
    ({"service_description": ""}, "Service description", "Enter what the service offers"),
    ({"service_description": "x" * 5001}, "Service description", "The description must be 5,000 characters or fewer"),
    ({"service_name": "x" * 201}, "Service name", "The name must be 200 characters or fewer"),
    ({"service_email": "someone@"}, "Service email", "Enter an email address, like name@example.org"),
    ({"service_website": "not a website"}, "Service website", "Enter a website address, like https://www.example.org"),
    ({"service_phone": "call us"}, "Service phone", "Enter a phone number, like 0191 123 4567"),
    ({"youngest_age": "five"}, "Youngest age", "Enter the youngest age as a whole number, like 5"),
    ({"oldest_age": "121"}, "Oldest age", "The oldest age must be 120 or less"),
    ({"youngest_age": "10", "oldest_age": "4"}, "Oldest age", "The oldest age must be the same as or more than the youngest"),
    ({"cost_in_pounds": "two pounds"}, "Cost in pounds", "Enter the cost as a number, like 2.50"),
    ({"cost_in_pounds": "-3"}, "Cost in pounds", "Enter a cost of more than £0"),
    ({"needs": "Stay and play; Juggling"}, "Needs", "Not one of the needs: “Juggling”"),
    ({"how_it_is_delivered": ""}, "How it is delivered", "Select how the service is delivered"),
    ({"how_it_is_delivered": "By pigeon"}, "How it is delivered", "Choose how it is delivered from the list"),
    ({"accepting_referrals": "Maybe"}, "Accepting referrals", "Enter Yes or No (or leave it empty for Yes)"),
    ({"opening_times": "Mondays 9 till late"}, "Opening times", "“Mondays 9 till late” is not a day and times"),
    ({"opening_times": "Monday 25:00-26:00"}, "Opening times", "“Monday 25:00-26:00” is not a day and times"),
    ({"opening_times": "Tuesday 15:00-09:00"}, "Opening times", "The closing time must be after the opening time"),
    ({"service_description": "=HYPERLINK(\"http://evil.example\",\"Click\")"}, "Service description",
     "This cell holds a formula. Type the value itself instead"),
])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_each_problem_names_its_row_column_and_fix(terms, lio_user, changes, column, message, fmt):
    rows = [good_row(organisation_name="Another charity", charity_number="1111111"), good_row(**changes)]
    found = problems(rows, lio_user, fmt)
    assert any(r == 3 and c == column and message in m for r, c, m in found), found
    assert all(r == 3 or "row 3" in m for r, c, m in found), found


def test_the_good_example_row_has_no_problems(terms, lio_user):
    result = check([good_row()], lio_user)
    assert result.problems == []
    assert result.summary()["services_new"] == 1 and result.summary()["locations_new"] == 1


def test_a_postcode_not_in_the_postcode_directory_is_a_problem_when_it_is_loaded(terms, lio_user, sunderland_postcodes):
    found = problems([good_row(postcode="SR1 3SD"), good_row(location_name="Elsewhere", postcode="SR9 9ZZ")], lio_user)
    assert found == [(3, "Postcode", "SR9 9ZZ is not in the ONS Postcode Directory. Enter a real postcode, like SR1 3SD"),
                     ], found


def test_needs_are_found_by_name_or_code_in_any_case(terms, lio_user):
    result = check([good_row(needs="stay AND play;parenting-programmes ; Food banks")], lio_user)
    assert result.problems == []
    service = next(iter(next(iter(result.organisations.values())).services.values()))
    assert len(service.form.cleaned_data["taxonomy_terms"]) == 3


def test_an_organisation_with_no_services_is_a_row_with_the_service_columns_empty(terms, lio_user):
    row = good_row()
    for header in list(row)[11:]:
        row[header] = ""
    result = check([row], lio_user)
    assert result.problems == []
    assert result.summary() | {} == {**result.summary(), "organisations_new": 1, "services_new": 0, "locations_new": 1}


def test_rows_of_one_organisation_must_agree_and_the_message_names_both_rows(terms, lio_user):
    found = problems([good_row(), good_row(service_name="Baby massage", organisation_website="https://other.example.org")],
                     lio_user)
    assert found == [(3, "Organisation website", "Row 2 gives “https://hendonyoungfamilies.example.org” for Organisation "
                      "website, but this row gives a different value. Rows of one organisation must agree: make them "
                      "the same, or leave this one empty")]


def test_later_rows_may_leave_the_organisation_columns_empty(terms, lio_user):
    second = good_row(service_name="Baby massage")
    for header in ["Organisation type", "Charity number", "Organisation website", "Organisation email",
                   "Organisation description"]:
        second[header] = ""
    assert problems([good_row(), second], lio_user) == []


def test_a_service_twice_at_the_same_location_is_a_duplicate(terms, lio_user):
    found = problems([good_row(), good_row()], lio_user)
    assert (3, "Service name", "Row 2 has the same service at the same location. Remove one of the rows") in found


def test_one_service_at_two_locations_is_two_rows_and_one_service(terms, lio_user):
    result = check([good_row(), good_row(location_name="Library", address_line_1="1 Fawcett Street")], lio_user)
    assert result.problems == []
    assert result.summary()["services_new"] == 1 and result.summary()["locations_new"] == 2


def test_one_charity_number_under_two_names_is_a_problem(terms, lio_user):
    found = problems([good_row(), good_row(organisation_name="Hendon Families")], lio_user)
    assert (3, "Charity number", "Row 2 gives the same charity number to an organisation with another name. "
            "Use one name for one organisation") in found


def test_rows_of_a_record_with_a_problem_are_not_valid_either(terms, lio_user):
    result = check([good_row(organisation_email="bad"), good_row(service_name="Baby massage", organisation_email="")],
                   lio_user)
    assert result.invalid_rows == {2, 3}
    assert (3, "", "The organisation “Hendon Young Families” has a problem shown in row 2") in \
        [(p.row, p.column, p.message) for p in result.problems]


def test_an_organisation_in_the_directory_is_reused_by_charity_number_and_not_changed(terms, lio_user):
    existing = factories.OrganisationFactory(name="Hendon Young Families CIO", charity_number="1090095",
                                             description="Kept as it is")
    result = check([good_row()], lio_user)
    assert result.problems == []
    group = next(iter(result.organisations.values()))
    assert group.existing == existing
    assert result.notes[2] == ["“Hendon Young Families CIO” is already in the directory (same charity number 1090095): "
                               "new services and locations are added to it, and its details are not changed"]
    assert result.summary()["organisations_existing"] == 1 and result.summary()["organisations_new"] == 0


def test_an_organisation_in_the_directory_is_found_by_name_whatever_the_case(terms, lio_user):
    existing = factories.OrganisationFactory(name="HENDON young families")
    result = check([good_row(charity_number="", organisation_description="")], lio_user)
    assert result.problems == []
    assert next(iter(result.organisations.values())).existing == existing


def test_two_organisations_of_that_name_in_the_directory_need_a_number(terms, lio_user):
    factories.OrganisationFactory(name="Hendon Young Families")
    factories.OrganisationFactory(name="Hendon Young Families")
    found = problems([good_row(charity_number="")], lio_user)
    assert found == [(2, "Organisation name", "The directory has 2 organisations with this name. Add the charity or "
                      "company number to say which one")]


def test_a_service_already_listed_changes_nothing_and_says_so(terms, lio_user):
    organisation = factories.OrganisationFactory(name="Hendon Young Families")
    factories.ServiceFactory(organisation=organisation, name="Stay and Play")
    result = check([good_row(service_description="")], lio_user)
    assert result.problems == []
    assert result.unchanged_rows == {2}
    assert "“Stay and play” is already listed for Hendon Young Families: this row changes nothing" in result.notes[2][1]
    assert Service.objects.count() == 1


def test_an_administrator_may_add_a_council(terms):
    admin = factories.UserFactory(is_superuser=True)
    assert problems([good_row(organisation_type="Statutory: council", charity_number="")], admin) == []


def test_a_very_long_cell_is_refused_and_the_report_keeps_only_its_start(terms, lio_user):
    result = check([good_row(service_description="word " * 20000)], lio_user)
    [problem] = result.problems
    assert (problem.column, problem.message) == ("Service description", "The description must be 5,000 characters or fewer")
    assert problem.value == ("word " * 40)[:200]
