"""Upload, report, confirm, import: nothing is written until the person confirms, then all or nothing."""

import pytest

from kith.core.models import Event, Job, JobStatus
from kith.directory.models import SearchDocument, Service
from kith.interchange.spreadsheets import importing
from kith.organisations.models import Organisation
from kith.testing import factories

from .conftest import directory_counts, good_row, upload

pytestmark = pytest.mark.django_db


def _upload(client, rows, fmt="csv") -> Job:
    before = directory_counts()
    response = client.post("/imports/spreadsheets/", {"file": upload(rows, fmt)})
    assert response.status_code == 302
    assert directory_counts() == before
    job = Job.objects.get()
    assert response["Location"] == f"/imports/spreadsheets/{job.pk}/"
    assert job.status == JobStatus.AWAITING_CONFIRMATION
    return job


ROWS = [good_row(), good_row(service_name="Baby massage", opening_times="Friday 10:00-11:00"),
        good_row(service_name="Dads' group", youngest_age="nine")]


def test_the_report_shows_each_problem_by_row_and_nothing_is_written(lio_client, terms):
    job = _upload(lio_client, ROWS)
    page = lio_client.get(f"/imports/spreadsheets/{job.pk}/").content.decode()
    assert "Rows with problems" in page
    assert ('<td class="govuk-table__cell">4</td>\n      <td class="govuk-table__cell">Youngest age</td>\n'
            '      <td class="govuk-table__cell">nine</td>\n'
            '      <td class="govuk-table__cell">Enter the youngest age as a whole number, like 5</td>') in page
    assert "Import only the 2 valid rows and leave out the 1 row with problems" in page


def test_rows_with_problems_are_not_imported_unless_the_person_chooses_only_the_valid_ones(lio_client, terms):
    job = _upload(lio_client, ROWS)
    before = directory_counts()
    page = lio_client.post(f"/imports/spreadsheets/{job.pk}/import/", {}).content.decode()
    assert "Select “Import only the valid rows” to import without the rows with problems" in page
    assert directory_counts() == before
    job.refresh_from_db()
    assert job.status == JobStatus.AWAITING_CONFIRMATION


def test_importing_only_the_valid_rows(lio_client, lio_user, terms):
    job = _upload(lio_client, ROWS)
    response = lio_client.post(f"/imports/spreadsheets/{job.pk}/import/", {"only_valid": "on"})
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED, job.message
    assert sorted(Service.objects.values_list("name", flat=True)) == ["Baby massage", "Stay and play"]
    assert job.report["import"]["summary"]["services_created"] == 2
    organisation = Organisation.objects.get(name="Hendon Young Families")
    assert organisation.verification_status == "awaiting"
    assert organisation.charity_number == "1090095" and organisation.organisation_type == "charity"
    for service in Service.objects.all():
        assert service.verification_status == "awaiting"
        assert service.organisation == organisation
        assert [link.location.name for link in service.service_at_locations.all()] == ["Hendon Community Centre"]
        assert SearchDocument.objects.filter(service=service).exists()
    massage = Service.objects.get(name="Baby massage")
    assert [str(s) for s in massage.schedules.all()] == ["Friday 10:00–11:00"]
    assert massage.phones.get().number == "0191 123 4567"
    assert {t.name for t in massage.taxonomy_terms.all()} == {"Stay and play", "Parenting programmes and groups"}
    location = organisation.locations.get()
    assert location.postcode == "SR1 3SD" and location.addresses.get().address_1 == "12 High Street West"
    events = Event.objects.filter(actor=lio_user)
    assert {(e.object_type, e.verb) for e in events} >= {("organisations.organisation", "created"),
                                                         ("directory.location", "created"), ("directory.service", "created")}
    page = lio_client.get(f"/imports/spreadsheets/{job.pk}/").content.decode()
    assert "Services added" in page and "verification queue" in page
    queue = lio_client.get("/verification/").content.decode()
    assert "Baby massage" in queue and "Hendon Young Families" in queue


def test_confirming_a_file_without_problems_imports_every_row_once(lio_client, terms):
    job = _upload(lio_client, ROWS[:2], fmt="xlsx")
    page = lio_client.get(f"/imports/spreadsheets/{job.pk}/").content.decode()
    assert "Every row is ready" in page and "Import 2 rows" in page
    lio_client.post(f"/imports/spreadsheets/{job.pk}/import/", {})
    lio_client.post(f"/imports/spreadsheets/{job.pk}/import/", {})
    assert Service.objects.count() == 2
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and job.report["only_valid"] is False


def test_a_file_whose_every_row_is_wrong_offers_no_import(lio_client, terms):
    job = _upload(lio_client, [good_row(organisation_type="")])
    page = lio_client.get(f"/imports/spreadsheets/{job.pk}/").content.decode()
    assert "Import only" not in page and "upload it again" in page
    before = directory_counts()
    page = lio_client.post(f"/imports/spreadsheets/{job.pk}/import/", {"only_valid": "on"}).content.decode()
    assert "No row can be imported: correct the file and upload it again" in page
    assert directory_counts() == before


def test_import_is_all_or_nothing(lio_client, terms, monkeypatch):
    job = _upload(lio_client, ROWS[:2])
    calls = []
    real = importing.service_create

    def fail_second(**kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return real(**kwargs)

    monkeypatch.setattr(importing, "service_create", fail_second)
    before = directory_counts()
    lio_client.post(f"/imports/spreadsheets/{job.pk}/import/", {})
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.message == "Something went wrong and nothing more was done: RuntimeError."
    assert directory_counts() == before


def test_a_directory_changed_since_the_check_stops_the_import(lio_client, terms):
    job = _upload(lio_client, [good_row(charity_number="")])
    factories.OrganisationFactory(name="Hendon Young Families")
    factories.OrganisationFactory(name="Hendon Young Families")
    before = directory_counts()
    lio_client.post(f"/imports/spreadsheets/{job.pk}/import/", {})
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.message.startswith("The directory has changed since the file was checked, so nothing was imported (row 2:")
    assert directory_counts() == before
    assert job.message in lio_client.get(f"/imports/spreadsheets/{job.pk}/").content.decode()


def test_services_are_added_to_an_organisation_already_in_the_directory_without_changing_it(lio_client, terms):
    existing = factories.OrganisationFactory(name="Hendon Young Families", charity_number="1090095",
                                             description="Our own words", website="")
    job = _upload(lio_client, ROWS[:1])
    lio_client.post(f"/imports/spreadsheets/{job.pk}/import/", {})
    existing.refresh_from_db()
    assert existing.description == "Our own words" and existing.website == ""
    assert Organisation.objects.filter(name="Hendon Young Families").count() == 1
    assert existing.services.get().name == "Stay and play"


def test_hostile_text_is_kept_as_text_and_shown_escaped(lio_client, terms):
    rows = [good_row(service_name="<script>alert(1)</script> Café Ñandú – 日本語 🙂",
                     service_description="<img src=x onerror=alert(1)> " + "long words " * 400)]
    job = _upload(lio_client, rows)
    lio_client.post(f"/imports/spreadsheets/{job.pk}/import/", {})
    service = Service.objects.get()
    assert service.name == "<script>alert(1)</script> Café Ñandú – 日本語 🙂"
    page = lio_client.get(f"/services/{service.pk}/").content.decode()
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; Café Ñandú – 日本語 🙂" in page
    assert "<img src=x" not in page


def test_a_formula_cell_is_refused(lio_client, terms):
    job = _upload(lio_client, [good_row(service_name='=HYPERLINK("http://evil.example","Click me")')], fmt="xlsx")
    page = lio_client.get(f"/imports/spreadsheets/{job.pk}/").content.decode()
    assert "This cell holds a formula. Type the value itself instead" in page


def test_the_report_page_answers_progress_as_json(lio_client, terms):
    job = _upload(lio_client, ROWS[:1])
    assert lio_client.get(f"/imports/spreadsheets/{job.pk}/?progress=json").json()["status"] == "awaiting"
    lio_client.post(f"/imports/spreadsheets/{job.pk}/import/", {})
    progress = lio_client.get(f"/imports/spreadsheets/{job.pk}/?progress=json").json()
    assert progress["status"] == "succeeded" and progress["finished"] is True


def test_the_imports_page_lists_recent_imports_with_status(lio_client, terms):
    job = _upload(lio_client, ROWS[:1])
    Job.objects.create(kind="oruk_import", title="Feed from example.org", status=JobStatus.FAILED)
    Job.objects.create(kind="something_else", title="Not an import")
    page = lio_client.get("/imports/").content.decode()
    assert f'href="/imports/spreadsheets/{job.pk}/">Spreadsheet directory.csv</a>' in page
    assert "Checked, waiting for you to confirm" in page
    assert "Feed from example.org" in page and "Stopped with a problem" in page
    assert "Not an import" not in page
    assert 'href="/imports/spreadsheets/"' in page and 'href="/exports/"' in page
    assert 'href="/imports/feeds/"' in page


@pytest.mark.parametrize("role, status", [("resident", 403), ("member_a", 403), ("council_officer", 403),
                                          ("lio_staff", 200), ("administrator", 200)])
def test_who_may_upload(client, people, role, status):
    client.force_login(people[role])
    assert client.get("/imports/spreadsheets/").status_code == status
    assert client.get("/imports/").status_code == status


def test_signed_out_people_are_sent_to_sign_in(client):
    response = client.get("/imports/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/sign-in/")


def test_the_account_page_links_lio_staff_to_imports(client, people):
    client.force_login(people["lio_staff"])
    assert 'href="/imports/"' in client.get("/accounts/").content.decode()
    client.force_login(people["member_a"])
    assert 'href="/imports/"' not in client.get("/accounts/").content.decode()
