"""Opening rounds, inviting respondents and following counts: who may, GOV.UK date inputs, emails with private
links whose tokens are never stored, and the audit trail."""
import datetime
import re

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from kith.assessments.models import Invitation, Round, token_hash
from kith.core.models import Event
from kith.testing import factories

from .rounds_support import answer_all, open_round, start

pytestmark = pytest.mark.django_db


def _date(prefix: str, day: datetime.date) -> dict:
    return {f"{prefix}_0": str(day.day), f"{prefix}_1": str(day.month), f"{prefix}_2": str(day.year)}


def test_signed_out_people_are_sent_to_sign_in(client):
    response = client.get("/relationship/")
    assert response.status_code == 302 and "/accounts/sign-in/" in response["Location"]


def test_lead_members_and_voluntary_sector_members_may_not_run_rounds(client, people):
    council = factories.OrganisationFactory(name="A council", organisation_type="council")
    lead = factories.MembershipFactory(organisation=council, role="lead_member").user
    for user in (lead, people["member_a"]):
        client.force_login(user)
        assert client.get("/relationship/").status_code == 403
        assert client.post("/relationship/rounds/new/", {"name": "No"}).status_code == 403
    assert not Round.objects.exists()


def test_a_council_officer_opens_a_round_with_date_inputs_and_it_is_audited(client, people):
    from django.core.management import call_command

    call_command("load_assessment_framework")
    client.force_login(people["council_officer"])
    page = client.get("/relationship/rounds/new/").content.decode()
    assert 'class="govuk-date-input"' in page and 'name="opens_on_0"' in page
    today = timezone.localdate()
    data = {"name": "Sunderland relationship 2027", "form": "full",
            **_date("opens_on", today), **_date("closes_on", today + datetime.timedelta(days=30))}
    response = client.post("/relationship/rounds/new/", data)
    round_ = Round.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/relationship/rounds/{round_.uuid}/"
    assert round_.opened_by == people["council_officer"] and round_.opens_on == today
    assert round_.asked_statements().count() == 21
    event = Event.objects.for_object(round_).get()
    assert event.verb == "assessment_round_opened" and event.actor == people["council_officer"]
    listing = client.get("/relationship/").content.decode()
    assert "Sunderland relationship 2027" in listing


@pytest.mark.parametrize("dates, message", [
    ({}, "Enter the date the round opens"),
    ({"opens_on_0": " ", "opens_on_1": " ", "opens_on_2": "  "}, "Enter the date the round opens"),
    ({"opens_on_0": "31", "opens_on_1": "2", "opens_on_2": "2027"}, "must be a real date"),
    ({"opens_on_0": "3", "opens_on_2": "2027"}, "must include a day, month and year"),
    ({"opens_on_0": "x<script>", "opens_on_1": "2", "opens_on_2": "2027"}, "must be a real date"),
    ({"opens_on_0": "9" * 40, "opens_on_1": "2", "opens_on_2": "2027"}, "must be a real date"),
    ({"opens_on_0": "3", "opens_on_1": "2", "opens_on_2": "9" * 40}, "must be a real date"),
    ({**_date("opens_on", datetime.date(2027, 5, 2)), **_date("closes_on", datetime.date(2027, 5, 1))},
     "The closing date must be on or after the opening date"),
])
def test_bad_dates_are_refused_with_an_error_summary(client, people, dates, message):
    client.force_login(people["lio_staff"])
    data = {"name": "Round", "form": "full", **_date("closes_on", datetime.date(2027, 6, 1)), **dates}
    response = client.post("/relationship/rounds/new/", data)
    page = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in page and message in page
    assert not Round.objects.exists()


def test_a_round_cannot_open_before_the_framework_is_loaded(client, people):
    client.force_login(people["administrator"])
    today = timezone.localdate()
    response = client.post("/relationship/rounds/new/", {"name": "Empty", "form": "short", **_date("opens_on", today),
                                                         **_date("closes_on", today)})
    assert "An administrator must load it" in response.content.decode()
    assert not Round.objects.exists()


def test_invitations_are_emailed_with_a_private_link_and_only_its_hash_is_kept(client, people):
    round_ = open_round(by=people["council_officer"])
    client.force_login(people["council_officer"])
    response = client.post(f"/relationship/rounds/{round_.uuid}/invite/",
                           {"emails": "Ann@example.org, bob@example.org\nann@example.org"})
    assert response.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == ["ann@example.org", "bob@example.org"]
    links = [re.search(r"http://\S+/relationship/answer/(\S+)/", m.body) for m in mail.outbox]
    tokens = [link.group(1) for link in links]
    for token in tokens:
        invitation = Invitation.objects.get(token_hash=token_hash(token))
        assert invitation.sent_on == timezone.localdate() and not invitation.used
        stored = " ".join(str(v) for v in Invitation.objects.values_list().get(pk=invitation.pk))
        assert token not in stored
    assert Event.objects.for_object(round_).filter(verb="assessment_invitations_sent").exists()
    # Inviting the same person again sends nothing.
    client.post(f"/relationship/rounds/{round_.uuid}/invite/", {"emails": "bob@example.org"})
    assert len(mail.outbox) == 2 and round_.invitations.count() == 2
    # The link works, and the round page counts it as used once answered, without saying by whom.
    respondent = Client()
    start(respondent, round_, "vcfse", token=tokens[0])
    answer_all(respondent, round_, tokens[0])
    assert respondent.post(f"/relationship/respond/{tokens[0]}/check/").status_code == 302
    assert "2 sent, 1 used" in client.get(f"/relationship/rounds/{round_.uuid}/").content.decode()


@pytest.mark.parametrize("emails", ["not-an-email", "a@example.org\n<script>@x", "", "x" * 60000])
def test_bad_invitation_lists_are_refused_and_send_nothing(client, people, emails):
    round_ = open_round()
    client.force_login(people["lio_staff"])
    response = client.post(f"/relationship/rounds/{round_.uuid}/invite/", {"emails": emails})
    assert response.status_code == 200 and "govuk-error-summary" in response.content.decode()
    assert not mail.outbox and not round_.invitations.exists()


def test_a_closed_round_sends_no_invitations_and_offers_no_links(client, people):
    round_ = open_round()
    round_.closes_on = timezone.localdate() - datetime.timedelta(days=1)
    round_.save()
    client.force_login(people["council_officer"])
    page = client.get(f"/relationship/rounds/{round_.uuid}/").content.decode()
    assert 'id="round-closed"' in page
    assert round_.share_token not in page and "Send invitations" not in page
    response = client.post(f"/relationship/rounds/{round_.uuid}/invite/", {"emails": "ann@example.org"})
    body = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in body
    assert "it takes no more answers, so no invitations were sent" in body
    assert not mail.outbox and not round_.invitations.exists()


@pytest.mark.parametrize("form, opens_in, minutes, opening_words", [
    ("full", 0, "about 15 minutes", False), ("short", 0, "about 5 minutes", False),
    ("full", 10, "about 15 minutes", True),
])
def test_the_invitation_says_how_long_it_takes_and_when_the_round_opens(client, people, form, opens_in, minutes,
                                                                      opening_words):
    round_ = open_round(form=form)
    round_.opens_on = timezone.localdate() + datetime.timedelta(days=opens_in)
    round_.save()
    client.force_login(people["lio_staff"])
    client.post(f"/relationship/rounds/{round_.uuid}/invite/", {"emails": "ann@example.org"})
    body = mail.outbox[0].body
    assert minutes in body
    opens = f"The round opens on {round_.opens_on:%-d %B %Y}."
    assert (opens in body) is opening_words


def test_the_round_page_counts_responses_by_sector_and_shows_the_shareable_link(client, people):
    round_ = open_round()
    for sector in ("council", "vcfse", "vcfse"):
        respondent = client.__class__()
        token = start(respondent, round_, sector)
        answer_all(respondent, round_, token)
        assert respondent.post(f"/relationship/respond/{token}/check/").status_code == 302
    start(client.__class__(), round_, "lio")
    client.force_login(people["council_officer"])
    page = client.get(f"/relationship/rounds/{round_.uuid}/").content.decode()
    assert f"/relationship/answer/{round_.share_token}/" in page
    rows = dict(re.findall(r'<th scope="row" class="govuk-table__header">([^<]+)</th><td[^>]*>(\d+)</td>', page))
    assert rows["Council"] == "1"
    assert rows["Voluntary, community, faith or social enterprise (VCFSE)"] == "2"
    assert rows["Local infrastructure organisation (LIO)"] == "0"
    assert rows["All sectors"] == "3"
    assert round_.share_token not in (round_.share_token_hash or "")


def test_an_unknown_round_is_not_found(client, people):
    client.force_login(people["administrator"])
    assert client.get("/relationship/rounds/00000000-0000-0000-0000-000000000000/").status_code == 404
