"""Two people answer the same referral at the same moment, from the same version of the page: one
answer wins, the other is told someone else answered, and no update is lost. Real concurrency needs
real row locking, so this runs on PostgreSQL only."""

import threading

import pytest
from django.db import connection, connections
from django.test import Client

from kith.referrals.models import EventKind, Referral, Status

from .helpers import sent_referral

pytestmark = [pytest.mark.django_db(transaction=True),
              pytest.mark.skipif(connection.vendor != "postgresql",
                                 reason="SQLite serialises all writes, so it cannot show two answers racing")]

ANSWERS = [{"decision": "accepted"}, {"decision": "declined", "decline_reason": "no_capacity"}]


def _race(people, referral) -> list:
    version = Referral.objects.get(pk=referral.pk).version
    start = threading.Barrier(len(ANSWERS))
    results: list = [None] * len(ANSWERS)

    def answer(index: int, role: str) -> None:
        try:
            client = Client()
            client.force_login(people[role])
            start.wait(timeout=10)
            response = client.post(f"/referrals/{referral.pk}/answer/", {"version": version, **ANSWERS[index]})
            results[index] = (response.status_code, response.content.decode())
        finally:
            connections.close_all()  # this thread's own connection

    threads = [threading.Thread(target=answer, args=(i, role)) for i, role in enumerate(["member_a", "manager_a"])]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


@pytest.mark.parametrize("round_", range(5))
def test_two_answers_at_once_one_wins_and_the_other_is_told(people, service, org_b, round_):
    referral = sent_referral(service, by=people["member_b"], organisation=org_b)
    opener = Client()
    opener.force_login(people["member_a"])
    assert opener.get(f"/referrals/{referral.pk}/").status_code == 200
    shown = Referral.objects.get(pk=referral.pk).version

    results = _race(people, referral)

    codes = sorted(code for code, _ in results)
    assert codes == [302, 409], codes
    loser = next(body for code, body in results if code == 409)
    assert "Someone else answered this referral while you were looking" in loser
    winner = ANSWERS[next(i for i, (code, _) in enumerate(results) if code == 302)]
    latest = Referral.objects.get(pk=referral.pk)
    assert latest.status == winner["decision"] and latest.version == shown + 1
    assert latest.decline_reason == winner.get("decline_reason", "")
    changes = list(latest.events.filter(kind=EventKind.STATUS_CHANGED).values_list("from_status", "to_status"))
    assert changes == [(Status.SENT, Status.OPENED), (Status.OPENED, winner["decision"])]


@pytest.mark.parametrize("round_", range(5))
def test_the_conditional_update_alone_lets_one_of_two_racing_answers_through(people, service, org_a, org_b, round_):
    """Past the page's own check, straight at the service: both callers hold the same version."""
    from kith.referrals.inbox import answering

    referral = sent_referral(service, by=people["member_b"], organisation=org_b)
    referral = answering.referral_open(referral=referral, by=people["member_a"], organisation=org_a)
    start = threading.Barrier(2)
    outcomes: list = [None, None]

    def answer(index: int, role: str) -> None:
        try:
            start.wait(timeout=10)
            answering.referral_answer(referral=referral, by=people[role], organisation=org_a, version=referral.version,
                                      to_status=ANSWERS[index]["decision"],
                                      decline_reason=ANSWERS[index].get("decline_reason", ""))
            outcomes[index] = "saved"
        except answering.Conflict:
            outcomes[index] = "conflict"
        finally:
            connections.close_all()

    threads = [threading.Thread(target=answer, args=(i, role)) for i, role in enumerate(["member_a", "manager_a"])]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["conflict", "saved"]
    latest = Referral.objects.get(pk=referral.pk)
    assert latest.status == ANSWERS[outcomes.index("saved")]["decision"] and latest.version == referral.version + 1
    assert latest.events.filter(kind=EventKind.STATUS_CHANGED, from_status=Status.OPENED).count() == 1
