"""The notifications page, marking as read, and the unread count every page may show."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kith.referrals.models import Notification
from kith.testing import factories

from .helpers import sent_referral

pytestmark = pytest.mark.django_db


@pytest.fixture
def referral(service, people, org_b):
    return sent_referral(service, by=people["member_b"], organisation=org_b)


def _notice(user, referral, message, **extra) -> Notification:
    return Notification.objects.create(user=user, referral=referral, kind="received", message=message, **extra)


def test_the_list_shows_only_my_notifications_newest_first_with_unread_in_words(client, people, referral):
    older = _notice(people["member_a"], referral, "Older notice", created_at=timezone.now() - timezone.timedelta(days=2),
                    read_at=timezone.now())
    newer = _notice(people["member_a"], referral, "Newer notice")
    _notice(people["manager_a"], referral, "Someone else’s notice")
    client.force_login(people["member_a"])
    page = client.get("/referrals/notifications/").content.decode()
    assert page.index(newer.message) < page.index(older.message)
    assert "Someone else’s notice" not in page
    assert "Unread</strong>" in page and "You have 1 unread notification." in page
    assert f'href="/referrals/{referral.pk}/"' in page


def test_mark_all_as_read_marks_only_mine(client, people, referral):
    mine = [_notice(people["member_a"], referral, f"Notice {n}") for n in range(3)]
    theirs = _notice(people["manager_a"], referral, "Theirs")
    client.force_login(people["member_a"])
    response = client.post("/referrals/notifications/read/")
    assert response.status_code == 302 and response.url == "/referrals/notifications/"
    assert all(Notification.objects.get(pk=n.pk).read_at for n in mine)
    assert Notification.objects.get(pk=theirs.pk).read_at is None
    page = client.get("/referrals/notifications/").content.decode()
    assert "3 notifications marked as read." in page and "Unread</strong>" not in page


def test_mark_one_as_read_and_another_persons_is_not_found(client, people, referral):
    mine = _notice(people["member_a"], referral, "Mine")
    theirs = _notice(people["manager_a"], referral, "Theirs")
    client.force_login(people["member_a"])
    assert client.post(f"/referrals/notifications/{mine.pk}/read/").status_code == 302
    assert client.post(f"/referrals/notifications/{theirs.pk}/read/").status_code == 404
    assert client.post("/referrals/notifications/999999/read/").status_code == 404
    assert Notification.objects.get(pk=mine.pk).read_at is not None
    assert Notification.objects.get(pk=theirs.pk).read_at is None


def test_the_nav_count_says_how_many_are_unread_in_one_query(rf, people, referral):
    from django.contrib.auth.models import AnonymousUser
    from django.template.loader import render_to_string

    from kith.referrals.notifications.context_processors import notifications

    for n in range(2):
        _notice(people["member_a"], referral, f"Notice {n}")
    _notice(people["member_a"], referral, "Read", read_at=timezone.now())
    request = rf.get("/")
    request.user = people["member_a"]
    context = notifications(request) | {"user": request.user}
    with CaptureQueriesContext(connection) as queries:
        html = render_to_string("referrals/notifications/includes/nav_count.html", context)
        assert int(context["notifications_unread"]) == 2
    assert "Notifications (2 unread)" in html and 'href="/referrals/notifications/"' in html
    assert len(queries) == 1

    request.user = AnonymousUser()
    with CaptureQueriesContext(connection) as queries:
        html = render_to_string("referrals/notifications/includes/nav_count.html", notifications(request) | {"user": request.user})
        assert not notifications(request)["notifications_unread"]
    assert html.strip() == "" and len(queries) == 0


def test_the_count_is_not_made_until_a_template_uses_it(rf, people):
    from kith.referrals.notifications.context_processors import notifications

    request = rf.get("/")
    request.user = people["member_a"]
    with CaptureQueriesContext(connection) as queries:
        context = notifications(request)
    assert len(queries) == 0
    with CaptureQueriesContext(connection) as queries:
        assert str(context["notifications_unread"]) == "0" and not context["notifications_unread"]
    assert len(queries) == 1


def test_no_notifications_says_what_will_arrive_here(client, people):
    client.force_login(factories.UserFactory())
    page = client.get("/referrals/notifications/").content.decode()
    assert "You have no notifications." in page and "Mark all as read" not in page
