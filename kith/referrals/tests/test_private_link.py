"""A self-referrer's private link: made when the referral is sent, shown once and emailed, opening the
referral's progress and the person's own details to whoever holds it, without signing in."""

import re

import pytest
from django.core import mail
from django.db import connection

from kith.referrals import services
from kith.referrals.models import EventKind, Referral, ReferralEvent, Status
from kith.referrals.private import views as private_views
from kith.referrals.private.links import token_hash
from kith.referrals.privacy import erasure

from .helpers import REASON, sent_referral, walk_to_check

pytestmark = pytest.mark.django_db


def _self_referral(capture, service, resident) -> Referral:
    with capture(execute=True):
        referral = sent_referral(service, by=resident, organisation=None)
    return referral


@pytest.fixture
def resident(people):
    return people["resident"]


def test_sending_a_self_referral_shows_the_link_once_and_emails_it(client, service, resident,
                                                                     django_capture_on_commit_callbacks):
    client.force_login(resident)
    draft = walk_to_check(client, service)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/referrals/drafts/{draft.pk}/check/")
    confirmation = client.get(response.url)
    page = confirmation.content.decode()
    link = re.search(r'href="(http[^"]*/referrals/private/([A-Za-z0-9_-]{43})/)"', page)
    assert link, page
    assert "Keep this link private: anyone with it can see this referral's progress" in page
    assert confirmation["Cache-Control"] == "no-store"
    token = link.group(2)
    referral = Referral.objects.get(pk=draft.pk)
    assert referral.private_link_hash == token_hash(token) and referral.private_link_created_at is not None
    # Shown once: the page seen again no longer carries it.
    assert token not in client.get(response.url).content.decode()
    # The self-referrer's email: the link and the reference, nothing about the person.
    [email] = [m for m in mail.outbox if m.to == [resident.email]]
    body = email.body + email.alternatives[0][0]
    assert link.group(1) in email.body and referral.reference in email.subject
    for personal in ("Wearside", "07700", "ada@example.org", "sleep"):
        assert personal not in body and personal not in email.subject


def test_the_link_works_signed_out_and_shows_progress_and_own_details(client, service, resident, people,
                                                                       django_capture_on_commit_callbacks):
    referral = _self_referral(django_capture_on_commit_callbacks, service, resident)
    token = referral.private_link_token
    staff = people["member_a"]
    staff.first_name, staff.last_name = "Stella", "Staffname"
    staff.save()
    client.force_login(staff)
    client.get(f"/referrals/{referral.pk}/")  # the receiver opens it
    client.logout()
    response = client.get(f"/referrals/private/{token}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert referral.reference in page and service.name in page and "Opened" in page
    assert "Ada Wearside" in page and "07700 900 982" in page
    assert "Stella" not in page and "Staffname" not in page and staff.email not in page
    assert response["Cache-Control"] == "no-store"
    assert response["Referrer-Policy"] == "no-referrer"
    assert "noindex" in response["X-Robots-Tag"]


def test_each_view_through_the_link_is_audited_with_no_actor(client, service, resident, django_capture_on_commit_callbacks):
    referral = _self_referral(django_capture_on_commit_callbacks, service, resident)
    client.get(f"/referrals/private/{referral.private_link_token}/")
    [view] = ReferralEvent.objects.filter(referral=referral, kind=EventKind.VIEWED)
    assert view.actor is None and view.actor_organisation is None
    assert "person_name" in view.fields and "Ada" not in view.fields


def test_the_token_is_not_stored_in_plain(service, resident, django_capture_on_commit_callbacks):
    referral = _self_referral(django_capture_on_commit_callbacks, service, resident)
    token = referral.private_link_token
    key = referral.pk.hex if connection.vendor == "sqlite" else referral.pk
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM referrals_referral WHERE id = %s", [key])
        row = cursor.fetchone()
    assert token not in [str(value) for value in row]
    assert not any(token in str(value) for value in row)
    assert not Referral.objects.filter(private_link_hash=token).exists()


def test_professional_referrals_have_no_link(service, people, org_b, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        referral = sent_referral(service, by=people["member_b"], organisation=org_b)
    assert referral.private_link_token == "" and Referral.objects.get(pk=referral.pk).private_link_hash == ""


def _assert_bare_404(response, referral):
    assert response.status_code == 404
    body = response.content.decode()
    for revealing in (referral.reference, referral.service_name, "Wearside", REASON[:20]):
        assert revealing not in body
    assert response["Referrer-Policy"] == "no-referrer" and response["Cache-Control"] == "no-store"


@pytest.mark.parametrize("where", ["", "withdraw-consent/"])
def test_wrong_truncated_malformed_or_professional_tokens_are_404(client, service, resident, people, org_b, where,
                                                                   django_capture_on_commit_callbacks):
    referral = _self_referral(django_capture_on_commit_callbacks, service, resident)
    token = referral.private_link_token
    other = ("A" if token[0] != "A" else "B") + token[1:]
    # A professional referral given a hash by hand must still not open: links are for self-referrals only.
    professional = sent_referral(service, by=people["member_b"], organisation=org_b)
    forged = "C" * 43
    Referral.objects.filter(pk=professional.pk).update(private_link_hash=token_hash(forged))
    for bad in (other, token[:-1], token + "x", "%00" + token[1:], "é" * 43, forged):
        _assert_bare_404(client.get(f"/referrals/private/{bad}/{where}"), referral)
        client.force_login(people["member_a"])  # signing in gives nothing more
        _assert_bare_404(client.get(f"/referrals/private/{bad}/{where}"), referral)
        client.logout()


def test_a_token_with_a_slash_matches_no_page(client, service, resident, django_capture_on_commit_callbacks):
    referral = _self_referral(django_capture_on_commit_callbacks, service, resident)
    response = client.get(f"/referrals/private/x/{referral.private_link_token}/")
    assert response.status_code == 404 and referral.reference not in response.content.decode()


def test_wrong_tokens_are_not_logged(client, caplog):
    client.get(f"/referrals/private/{'E' * 43}/")
    assert "E" * 43 not in caplog.text


def test_an_anonymised_referrals_link_is_404(client, service, resident, django_capture_on_commit_callbacks):
    referral = _self_referral(django_capture_on_commit_callbacks, service, resident)
    erasure.anonymise([referral.pk], close=True)
    _assert_bare_404(client.get(f"/referrals/private/{referral.private_link_token}/"), referral)


def test_guessing_is_rate_limited_per_address(client, service, resident, django_capture_on_commit_callbacks):
    referral = _self_referral(django_capture_on_commit_callbacks, service, resident)
    for n in range(private_views.MISSES_PER_HOUR):
        assert client.get(f"/referrals/private/{'D' * 42}{n % 10}/").status_code == 404
    # Over the limit, even the right link is refused from that address, so guessing cannot go on...
    assert client.get(f"/referrals/private/{referral.private_link_token}/").status_code == 404
    # ...while the person elsewhere still gets in.
    assert client.get(f"/referrals/private/{referral.private_link_token}/", REMOTE_ADDR="192.0.2.7").status_code == 200


def test_consent_is_withdrawn_through_the_link(client, service, resident, django_capture_on_commit_callbacks):
    referral = _self_referral(django_capture_on_commit_callbacks, service, resident)
    url = f"/referrals/private/{referral.private_link_token}/withdraw-consent/"
    page = client.get(url)
    assert page.status_code == 200 and "Withdraw your consent" in page.content.decode()
    # Not no-referrer here: the browser would post the form with "Origin: null", which CSRF protection refuses.
    assert page["Referrer-Policy"] == "same-origin" and page["Cache-Control"] == "no-store"
    # Without ticking the box nothing happens.
    unconfirmed = client.post(url, {})
    assert "Select yes if you want to withdraw your consent" in unconfirmed.content.decode()
    assert Referral.objects.get(pk=referral.pk).status == Status.SENT
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(url, {"confirm": "yes"})
    assert done.status_code == 200 and "Consent withdrawn" in done.content.decode()
    assert done["Cache-Control"] == "no-store"
    referral.refresh_from_db()
    assert referral.status == Status.CLOSED and referral.person_name == "" and referral.anonymised_at is not None
    assert referral.consents.get().withdrawn_at is not None
    withdrawal = referral.events.get(kind=EventKind.CONSENT_WITHDRAWN)
    assert withdrawal.actor is None
    # The link stops working with the data it showed.
    assert client.get(f"/referrals/private/{referral.private_link_token}/").status_code == 404
    assert client.post(url, {"confirm": "yes"}).status_code == 404


def test_only_get_on_the_private_page(client, service, resident, django_capture_on_commit_callbacks):
    referral = _self_referral(django_capture_on_commit_callbacks, service, resident)
    assert client.post(f"/referrals/private/{referral.private_link_token}/").status_code == 405
    assert Referral.objects.get(pk=referral.pk).status == Status.SENT


def test_a_new_link_replaces_the_old(service, resident, django_capture_on_commit_callbacks):
    from kith.referrals.private.links import private_link_issue, referral_by_token
    referral = _self_referral(django_capture_on_commit_callbacks, service, resident)
    old = referral.private_link_token
    new = private_link_issue(Referral.objects.get(pk=referral.pk))
    assert referral_by_token(old) is None and referral_by_token(new).pk == referral.pk
    assert services.PERSONAL_FIELDS  # the view audits these by name
