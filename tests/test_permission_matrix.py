"""The whole site's permission matrix: every URL Kith serves, for every role, who may read it and
who may change through it. A URL added without a row here fails `test_every_url_is_in_the_matrix`."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from kith.core.models import Event
from kith.organisations.models import Invitation, Membership
from kith.testing import factories

from . import (matrix_api, matrix_assessments_actions, matrix_assessments_results, matrix_assessments_rounds,
               matrix_feeds, matrix_needs, matrix_needs_gaps, matrix_needs_intelligence, matrix_needs_uploads,
               matrix_referrals, matrix_referrals_dashboards, matrix_referrals_inbox, matrix_referrals_notifications,
               matrix_referrals_private, matrix_referrals_privacy, matrix_spreadsheets)
from .matrix import EDITORS_OF_A, EVERYONE, LIO_AND_ADMIN, MANAGERS_OF_A, ROLES, SIGNED_IN, Row

MATRIX_PARTS = [matrix_api, matrix_feeds, matrix_needs, matrix_needs_gaps, matrix_needs_intelligence,
                matrix_needs_uploads, matrix_spreadsheets, matrix_referrals, matrix_referrals_inbox,
                matrix_referrals_notifications, matrix_referrals_privacy, matrix_referrals_private, matrix_referrals_dashboards,
                matrix_assessments_rounds, matrix_assessments_results, matrix_assessments_actions]

MATRIX: dict[str, Row] = {
    "health": Row(lambda r: "/health/", read=EVERYONE),
    "accounts:dashboard": Row(lambda r: "/accounts/", read=SIGNED_IN),
    "accounts:sign_in": Row(lambda r: "/accounts/sign-in/", read=frozenset({"anonymous"})),
    "accounts:sign_out": Row(lambda r: "/accounts/sign-out/", change=SIGNED_IN, post_only=True),
    "accounts:password_change": Row(lambda r: "/accounts/password/change/", read=SIGNED_IN, change=SIGNED_IN),
    "accounts:password_reset": Row(lambda r: "/accounts/password/reset/", read=EVERYONE, change=EVERYONE),
    "accounts:password_reset_done": Row(lambda r: "/accounts/password/reset/sent/", read=EVERYONE),
    "accounts:password_reset_confirm": Row(lambda r: "/accounts/password/reset/MQ/not-a-token/", read=EVERYONE),
    "accounts:password_reset_complete": Row(lambda r: "/accounts/password/reset/complete/", read=EVERYONE),
    "organisations:create": Row(lambda r: "/organisations/new/", read=LIO_AND_ADMIN, change=LIO_AND_ADMIN),
    "organisations:edit": Row(lambda r: f"/organisations/{r['org'].pk}/edit/", read=EDITORS_OF_A, change=EDITORS_OF_A),
    "organisations:confirm": Row(lambda r: f"/organisations/{r['org'].pk}/confirm/", change=EDITORS_OF_A, post_only=True),
    "organisations:members": Row(lambda r: f"/organisations/{r['org'].pk}/members/", read=EDITORS_OF_A),
    "organisations:member_role": Row(lambda r: f"/organisations/{r['org'].pk}/members/{r['membership'].pk}/role/",
                                     read=MANAGERS_OF_A, change=MANAGERS_OF_A),
    "organisations:member_remove": Row(lambda r: f"/organisations/{r['org'].pk}/members/{r['membership'].pk}/remove/",
                                       read=MANAGERS_OF_A, change=MANAGERS_OF_A),
    "organisations:invite": Row(lambda r: f"/organisations/{r['org'].pk}/invite/", read=MANAGERS_OF_A, change=MANAGERS_OF_A),
    "organisations:invitation_revoke": Row(
        lambda r: f"/organisations/{r['org'].pk}/invitations/{r['invitation'].pk}/revoke/", change=MANAGERS_OF_A, post_only=True),
    # The token is the credential: the page answers anyone holding it (and only its invitee may accept).
    "organisations:invitation_accept": Row(lambda r: f"/invitations/{r['token']}/", read=frozenset({"anonymous"}),
                                           change=frozenset({"anonymous"})),
    "directory:search_start": Row(lambda r: "/", read=EVERYONE),
    "directory:search": Row(lambda r: "/search/?q=play&only=free", read=EVERYONE),
    "directory:organisation_list": Row(lambda r: "/organisations/", read=EVERYONE),
    "directory:organisation_detail": Row(lambda r: f"/organisations/{r['org'].pk}/", read=EVERYONE),
    "directory:organisation_history": Row(lambda r: f"/organisations/{r['org'].pk}/history/", read=EDITORS_OF_A),
    "directory:service_create": Row(lambda r: f"/organisations/{r['org'].pk}/services/new/", read=EDITORS_OF_A, change=EDITORS_OF_A),
    "directory:location_create": Row(lambda r: f"/organisations/{r['org'].pk}/locations/new/", read=EDITORS_OF_A, change=EDITORS_OF_A),
    "directory:service_detail": Row(lambda r: f"/services/{r['service'].pk}/", read=EVERYONE),
    "directory:service_edit": Row(lambda r: f"/services/{r['service'].pk}/edit/", read=EDITORS_OF_A, change=EDITORS_OF_A),
    "directory:service_capacity": Row(lambda r: f"/services/{r['service'].pk}/capacity/", read=EDITORS_OF_A, change=EDITORS_OF_A),
    "directory:service_close": Row(lambda r: f"/services/{r['service'].pk}/close/", read=EDITORS_OF_A, change=EDITORS_OF_A),
    "directory:service_confirm": Row(lambda r: f"/services/{r['service'].pk}/confirm/", change=EDITORS_OF_A, post_only=True),
    "directory:service_history": Row(lambda r: f"/services/{r['service'].pk}/history/", read=EDITORS_OF_A),
    "directory:schedule_list": Row(lambda r: f"/services/{r['service'].pk}/opening-times/", read=EDITORS_OF_A),
    "directory:schedule_add": Row(lambda r: f"/services/{r['service'].pk}/opening-times/add/", read=EDITORS_OF_A, change=EDITORS_OF_A),
    "directory:schedule_edit": Row(lambda r: f"/services/{r['service'].pk}/opening-times/{r['schedule'].pk}/",
                                   read=EDITORS_OF_A, change=EDITORS_OF_A),
    "directory:schedule_remove": Row(lambda r: f"/services/{r['service'].pk}/opening-times/{r['schedule'].pk}/remove/",
                                     read=EDITORS_OF_A, change=EDITORS_OF_A),
    "directory:location_edit": Row(lambda r: f"/locations/{r['location'].pk}/edit/", read=EDITORS_OF_A, change=EDITORS_OF_A),
    "directory:verification_queue": Row(lambda r: "/verification/", read=LIO_AND_ADMIN),
    "directory:verify_organisation": Row(lambda r: f"/verification/organisations/{r['org'].pk}/", read=LIO_AND_ADMIN),
    "directory:verify_organisation_verify": Row(lambda r: f"/verification/organisations/{r['org'].pk}/verify/",
                                                change=LIO_AND_ADMIN, post_only=True),
    "directory:verify_organisation_send_back": Row(lambda r: f"/verification/organisations/{r['org'].pk}/send-back/",
                                                   change=LIO_AND_ADMIN, post_only=True),
    "directory:verify_service": Row(lambda r: f"/verification/services/{r['service'].pk}/", read=LIO_AND_ADMIN),
    "directory:verify_service_verify": Row(lambda r: f"/verification/services/{r['service'].pk}/verify/",
                                           change=LIO_AND_ADMIN, post_only=True),
    "directory:verify_service_send_back": Row(lambda r: f"/verification/services/{r['service'].pk}/send-back/",
                                              change=LIO_AND_ADMIN, post_only=True),
}
for _part in MATRIX_PARTS:
    assert not set(_part.ROWS) & set(MATRIX), _part.__name__
    MATRIX.update(_part.ROWS)


def _named_urls(resolver=None, namespace=""):
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            if pattern.namespace != "admin":
                yield from _named_urls(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}"


def test_every_url_is_in_the_matrix():
    assert set(_named_urls()) == set(MATRIX)


@pytest.fixture
def records(people, org_a):
    service = factories.ServiceFactory(organisation=org_a, verification_status="awaiting")
    token, token_hash = Invitation.new_token()
    invitation = factories.InvitationFactory(organisation=org_a, email="newcomer@example.org", token_hash=token_hash)
    records = {
        "org": org_a,
        "service": service,
        "location": factories.LocationFactory(organisation=org_a),
        "schedule": factories.ScheduleFactory(service=service),
        "membership": Membership.objects.get(user=people["member_a"], organisation=org_a),
        "invitation": invitation,
        "token": token,
    }
    for part in MATRIX_PARTS:
        if hasattr(part, "records"):
            records.update(part.records(records, people))
    return records


def _as(client, people, role):
    client.logout()
    if people[role] is not None:
        client.force_login(people[role])


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_who_may_read(client, people, records, name):
    row = MATRIX[name]
    url = row.url(records)
    for role in ROLES:
        _as(client, people, role)
        status = client.get(url).status_code
        if row.post_only:
            # A GET changes nothing: refused as the wrong method, or before that for lack of permission.
            assert status in (302, 403, 405), (role, status)
        elif role in row.read:
            assert status == 200, (role, status)
        elif role == "anonymous":
            assert status == 302, (role, status)
        elif role in row.hidden:
            assert status == 404, (role, status)
        elif name in ("accounts:sign_in", "organisations:invitation_accept"):
            # Signed-in people are sent on (to their account) or told the invitation is not theirs.
            assert status in (302, 403), (role, status)
        else:
            assert status == 403, (role, status)


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(n for n, row in MATRIX.items() if row.change is not None))
def test_who_may_change(client, people, records, name):
    """Those who may not change get 403 (or are sent to sign in) and nothing is written; those who
    may are answered with a page or a redirect, never a refusal or an error."""
    row = MATRIX[name]
    url = row.url(records)
    refused = [role for role in ROLES if role not in row.change]
    for role in refused:
        _as(client, people, role)
        events_before = Event.objects.count()
        status = client.post(url, {"comment": "Please check", "role": "manager"}).status_code
        assert status in (302, 403, 404), (role, status)
        if role != "anonymous":
            assert status == (404 if role in row.hidden else 403), (role, status)
        assert Event.objects.count() == events_before, role
    for role in sorted(row.change):
        _as(client, people, role)
        status = client.post(url, {"comment": "Please check"}).status_code
        assert status in (200, 302, 404, 410), (role, status)
