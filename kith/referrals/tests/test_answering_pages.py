"""Answering through the pages: the first view opens, the form validates everything (never a 500),
the referrer sees each change, and nobody else can answer or even learn the referral exists."""

import datetime

import pytest

from kith.referrals.models import EventKind, Referral, Status
from kith.testing import factories

from .helpers import sent_referral

pytestmark = pytest.mark.django_db


@pytest.fixture
def referral(service, people, org_b):
    return sent_referral(service, by=people["member_b"], organisation=org_b)


def _post(client, referral, **data):
    referral.refresh_from_db()
    return client.post(f"/referrals/{referral.pk}/answer/", {"version": referral.version, **data})


def _open(client, people, referral, role="member_a"):
    client.force_login(people[role])
    assert client.get(f"/referrals/{referral.pk}/").status_code == 200
    referral.refresh_from_db()


def test_the_receivers_first_view_opens_it_once(client, people, referral):
    client.force_login(people["member_b"])
    client.get(f"/referrals/{referral.pk}/")
    referral.refresh_from_db()
    assert referral.status == Status.SENT and referral.opened_at is None  # the referrer looking changes nothing
    _open(client, people, referral)
    assert referral.status == Status.OPENED and referral.opened_at is not None
    _open(client, people, referral, "manager_a")
    assert referral.events.filter(kind=EventKind.STATUS_CHANGED).count() == 1


def test_the_referrer_sees_every_change_in_words(client, people, referral):
    _open(client, people, referral)
    in_a_month = datetime.date.today() + datetime.timedelta(days=31)
    assert _post(client, referral, decision="waiting_list", expected_date=in_a_month.strftime("%d %m %Y")).status_code == 302
    assert _post(client, referral, decision="outcome_recorded", outcome="partly",
                 outcome_text="Came to two sessions").status_code == 302
    assert _post(client, referral, decision="closed").status_code == 302
    client.force_login(people["member_b"])
    page = client.get(f"/referrals/{referral.pk}/").content.decode()
    for words in ("Opened", "On the waiting list", "Outcome recorded", "Closed", "Partly helped", "Came to two sessions",
                  in_a_month.strftime("%B %Y")):
        assert words in page, words
    assert "Answer the referral" not in page  # the referrer reads; only the receiver answers


def test_declining_needs_a_reason_and_other_needs_words(client, people, referral):
    _open(client, people, referral)
    page = _post(client, referral, decision="declined")
    assert page.status_code == 200 and "Select why you are declining the referral" in page.content.decode()
    page = _post(client, referral, decision="declined", decline_reason="other", decline_text=" ")
    assert "Enter why you are declining the referral" in page.content.decode()
    assert _post(client, referral, decision="declined", decline_reason="not_eligible").status_code == 302
    referral.refresh_from_db()
    assert (referral.status, referral.decline_reason) == (Status.DECLINED, "not_eligible")


@pytest.mark.parametrize("data, message", [
    ({"decision": "waiting_list", "expected_date": "1 1 2001"}, "The expected date must be today or in the future"),
    ({"decision": "waiting_list", "expected_date": "1 1 2999"}, "within the next 2 years"),
    ({"decision": "waiting_list", "expected_date": "31 2 2027"}, "Enter a real date"),
    ({"decision": "waiting_list", "expected_date": ""}, "Enter the date you expect to be able to help"),
    ({"decision": "declined", "decline_reason": "other", "decline_text": "<script>alert(1)</script>" * 5000},
     "2000 characters or fewer"),
    ({"decision": "declined", "decline_reason": "other", "decline_text": "no\x00room"}, "Remove the unusual characters"),
    ({"decision": "<script>alert(1)</script>"}, "Select one of the answers offered"),
    ({"decision": "closed"}, "Select one of the answers offered"),
    ({"decision": ""}, "Select your answer"),
    ({"decision": "accepted", "version": "x\x00"}, "The page was out of date"),
    ({"decision": "accepted", "version": "²"}, "The page was out of date"),
    ({"decision": "accepted", "version": "9" * 40}, "The page was out of date"),
])
def test_bad_answers_get_a_message_in_the_error_summary_and_change_nothing(client, people, referral, data, message):
    _open(client, people, referral)
    response = _post(client, referral, **data)
    page = response.content.decode()
    assert response.status_code == 200
    summary = page[page.index("govuk-error-summary"):page.index("</div>", page.index("govuk-error-summary__body"))]
    assert message in summary
    assert "<script>alert" not in page
    assert Referral.objects.get(pk=referral.pk).status == Status.OPENED


def test_hostile_free_text_is_kept_inert(client, people, referral):
    _open(client, people, referral)
    assert _post(client, referral, decision="declined", decline_reason="other",
                 decline_text="<script>alert(1)</script>").status_code == 302
    client.force_login(people["member_b"])
    page = client.get(f"/referrals/{referral.pk}/").content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert(1)" not in page


def test_a_stale_answer_keeps_what_was_typed_and_says_why(client, people, referral):
    _open(client, people, referral)
    shown = referral.version
    assert _post(client, referral, decision="accepted").status_code == 302
    response = client.post(f"/referrals/{referral.pk}/answer/", {
        "version": shown, "decision": "declined", "decline_reason": "other", "decline_text": "Moved away"})
    page = response.content.decode()
    assert response.status_code == 409
    assert "Someone else answered this referral while you were looking" in page
    assert "Moved away" in page and "Accepted" in page
    referral.refresh_from_db()
    assert referral.status == Status.ACCEPTED and referral.decline_text == ""


def test_withdrawn_consent_stops_answering_with_a_message(client, people, referral):
    from django.utils import timezone
    _open(client, people, referral)
    referral.consents.update(withdrawn_at=timezone.now())
    page = client.get(f"/referrals/{referral.pk}/").content.decode()
    assert "consent has been withdrawn" in page and "Answer the referral" not in page
    response = _post(client, referral, decision="accepted")
    assert response.status_code == 200 and "consent has been withdrawn" in response.content.decode()
    assert Referral.objects.get(pk=referral.pk).status == Status.OPENED


@pytest.mark.parametrize("role", ["member_b", "resident", "lio_staff", "council_officer", "administrator", "other_org"])
def test_only_the_receiver_can_answer_or_refer_on_and_others_learn_nothing(client, people, referral, role):
    user = factories.MembershipFactory(organisation=factories.OrganisationFactory(name="Gamma Trust")).user \
        if role == "other_org" else people[role]
    client.force_login(user)
    urls = [f"/referrals/{referral.pk}/answer/", f"/referrals/{referral.pk}/onward/"]
    if role != "member_b":
        urls += [f"/referrals/{referral.pk}/", f"/referrals/{referral.pk}/sent/"]
    for url in urls:
        for response in (client.get(url), client.post(url, {"version": referral.version, "decision": "accepted",
                                                             "service": str(referral.service_id)})):
            body = response.content.decode()
            assert response.status_code in (404, 405), (url, response.status_code)
            for secret in ("Wearside", "07700", referral.reference, referral.service.name, "Beta Community Trust"):
                assert secret not in body
    assert Referral.objects.get(pk=referral.pk).status == Status.SENT
    assert not referral.events.exclude(kind__in=[EventKind.CREATED, EventKind.SENT]).exists()


def test_get_on_answer_is_refused(client, people, referral):
    client.force_login(people["member_a"])
    assert client.get(f"/referrals/{referral.pk}/answer/").status_code == 405
