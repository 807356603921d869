"""Erasure: by a manager of the referring or receiving organisation on the referral's page, or by the
operator for every referral about a person; the figures stay, the erasure is recorded. And the operator's
subject access export, with its output and exit codes."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from kith.core.models import Event
from kith.referrals.models import EventKind, PersonKey, Referral, Status
from kith.testing import factories

from .privacy_support import raw_personal_values, sent_about

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def referral(service, people, org_b, needs, django_capture_on_commit_callbacks):
    referral = sent_about(django_capture_on_commit_callbacks, service, by=people["member_b"], organisation=org_b,
                          person_email="ada@example.org", date_of_birth="1990-03-27")
    referral.needs.set(needs)
    return referral


def _manager_of_b(org_b):
    return factories.MembershipFactory(organisation=org_b, role="manager").user


def test_a_manager_of_the_receiver_erases_the_persons_details(client, people, referral, needs):
    client.force_login(people["manager_a"])
    page = client.get(f"/referrals/{referral.pk}/erase/").content.decode()
    assert "Erase the person’s details" in page and "This cannot be undone" in page
    response = client.post(f"/referrals/{referral.pk}/erase/")
    assert response.status_code == 302 and response.url == f"/referrals/{referral.pk}/"
    erased = Referral.objects.get(pk=referral.pk)
    assert erased.anonymised_at and erased.status == Status.CLOSED and erased.closed_at
    assert all(value == "" for value in raw_personal_values(erased))
    assert not PersonKey.objects.filter(referral=referral).exists()
    assert set(erased.needs.all()) == set(needs) and erased.sent_at == referral.sent_at
    assert erased.current_consent() is not None  # consent is not withdrawn by an erasure; its record stays
    event = erased.events.get(kind=EventKind.ANONYMISED)
    assert event.actor == people["manager_a"] and event.actor_organisation == referral.receiving_organisation
    assert Event.objects.get(verb="referral_person_erased").actor == people["manager_a"]
    assert "erased on" in client.get(f"/referrals/{referral.pk}/erase/").content.decode()
    client.post(f"/referrals/{referral.pk}/erase/")
    assert erased.events.filter(kind=EventKind.ANONYMISED).count() == 1


def test_a_manager_of_the_referrer_may_erase_too(client, referral, org_b):
    client.force_login(_manager_of_b(org_b))
    assert client.post(f"/referrals/{referral.pk}/erase/").status_code == 302
    assert Referral.objects.get(pk=referral.pk).anonymised_at is not None


@pytest.mark.parametrize("role, status", [("member_a", 403), ("member_b", 403), ("resident", 404), ("lio_staff", 404),
                                          ("council_officer", 404), ("administrator", 404), ("other_manager", 404)])
def test_others_are_refused_and_nothing_is_erased(client, people, referral, role, status):
    user = factories.MembershipFactory(organisation=factories.OrganisationFactory(name="Gamma Trust"), role="manager").user \
        if role == "other_manager" else people[role]
    client.force_login(user)
    for method in (client.get, client.post):
        response = method(f"/referrals/{referral.pk}/erase/")
        assert response.status_code == status
        assert "Wearside" not in response.content.decode()
    assert Referral.objects.get(pk=referral.pk).person_name == "Ada Wearside"


def test_the_referrals_page_offers_each_viewer_only_their_actions(client, people, referral):
    expected = {"member_a": {"withdraw-consent/"}, "member_b": {"withdraw-consent/"},
                "manager_a": {"withdraw-consent/", "erase/", "/referrals/subject-access/"}}
    for role, links in expected.items():
        client.force_login(people[role])
        page = client.get(f"/referrals/{referral.pk}/").content.decode()
        for link in ("withdraw-consent/", "erase/", "/referrals/subject-access/"):
            assert (f'{link}"' in page) == (link in links), (role, link)


def test_the_operator_exports_everything_about_a_person_across_organisations(capsys, referral, service, people, org_b,
                                                                               django_capture_on_commit_callbacks):
    other_org = factories.OrganisationFactory(name="Gamma Health")
    elsewhere = sent_about(django_capture_on_commit_callbacks, factories.ServiceFactory(organisation=other_org),
                           by=factories.MembershipFactory(organisation=other_org).user, organisation=other_org,
                           person_email=" ADA@example.org")
    call_command("referral_subject_access", "--email", "ada@example.org")
    data = json.loads(capsys.readouterr().out)
    assert sorted(r["reference"] for r in data["referrals"]) == sorted([referral.reference, elsewhere.reference])
    assert all(r["person"]["person_name"] == "Ada Wearside" for r in data["referrals"])
    exported = referral.events.get(kind=EventKind.EXPORTED)
    assert exported.actor is None and exported.fields == "json"
    assert Event.objects.filter(verb="referral_exported", actor_label="system").count() == 2


def test_the_operator_export_can_go_to_a_file(capsys, referral, tmp_path):
    out = tmp_path / "ada.json"
    call_command("referral_subject_access", "--name", "ada wearside", "--date-of-birth", "1990-03-27", "--output", str(out))
    assert capsys.readouterr().out.strip() == f"Exported 1 referral to {out}."
    assert json.loads(out.read_text())["referrals"][0]["reference"] == referral.reference


@pytest.mark.parametrize("args, message", [
    ([], "Give --email, --phone, or --name with --date-of-birth."),
    (["--name", "Ada Wearside"], "Give --name and --date-of-birth together."),
    (["--name", "Ada", "--date-of-birth", "27/03/1990"], "--date-of-birth must be a date as YYYY-MM-DD"),
    (["--phone", "123"], "--phone must be a phone number"),
    (["--email", "ada@example.org", "--output", "/nonexistent/dir/out.json"], "Could not write /nonexistent/dir/out.json"),
])
def test_the_operator_export_refuses_bad_options_with_a_message(referral, args, message):
    with pytest.raises(CommandError, match=message.replace("?", r"\?")):
        call_command("referral_subject_access", *args)


def test_the_operator_erases_only_with_yes(capsys, referral, service, people, org_b, django_capture_on_commit_callbacks):
    bea = sent_about(django_capture_on_commit_callbacks, service, by=people["member_b"], organisation=org_b,
                     person_name="Bea Roker", person_phone="0191 496 0000")
    with pytest.raises(CommandError, match=f"1 referral match \\({referral.reference}\\). Run again with --yes"):
        call_command("erase_referral_person", "--phone", "+44 7700 900982")
    assert Referral.objects.get(pk=referral.pk).anonymised_at is None
    call_command("erase_referral_person", "--phone", "+44 7700 900982", "--yes")
    assert capsys.readouterr().out.strip() == f"Erased the person's details from 1 referral ({referral.reference})."
    assert all(value == "" for value in raw_personal_values(Referral.objects.get(pk=referral.pk)))
    assert Referral.objects.get(pk=bea.pk).person_name == "Bea Roker"
    assert Event.objects.get(verb="referral_person_erased").actor_label == "system"
    call_command("erase_referral_person", "--phone", "07700900982", "--yes")
    assert "nothing to erase" in capsys.readouterr().out


def test_commands_exit_non_zero_with_a_message_and_no_traceback(referral):
    result = subprocess.run([sys.executable, "manage.py", "erase_referral_person", "--name", "Ada"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "Give --name and --date-of-birth together." in result.stderr and "Traceback" not in result.stderr
