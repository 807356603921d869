"""Rows written before responses were kept to the day are converted: an invitation that had a submission time
is used, and every time becomes its local day."""
import datetime
import zoneinfo

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("assessments", "0001_initial")]
AFTER = [("assessments", "0004_drop_times_of_invitations_and_responses")]
LONDON = zoneinfo.ZoneInfo("Europe/London")


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_existing_invitations_and_responses_lose_their_times(settings):
    settings.TIME_ZONE = "Europe/London"
    old = _migrate(BEFORE)
    try:
        Round = old.get_model("assessments", "Round")
        round_ = Round.objects.create(name="Old round", form="full", opens_on=datetime.date(2026, 6, 1),
                                      closes_on=datetime.date(2026, 6, 30), share_token_hash="s" * 64)
        # 00:30 in London in summer is 23:30 UTC the day before: the local day is the one kept.
        just_after_midnight = datetime.datetime(2026, 6, 10, 0, 30, tzinfo=LONDON)
        Invitation = old.get_model("assessments", "Invitation")
        Invitation.objects.create(round=round_, email="used@example.org", token_hash="a" * 64,
                                  sent_at=just_after_midnight, submitted_at=just_after_midnight)
        Invitation.objects.create(round=round_, email="unused@example.org", token_hash="b" * 64,
                                  sent_at=just_after_midnight)
        old.get_model("assessments", "Response").objects.create(
            round=round_, sector="vcfse", resume_token_hash="c" * 64, started_at=just_after_midnight,
            submitted_at=just_after_midnight)
        new = _migrate(AFTER)
        used = dict(new.get_model("assessments", "Invitation").objects.values_list("email", "used"))
        assert used == {"used@example.org": True, "unused@example.org": False}
        assert set(new.get_model("assessments", "Invitation").objects.values_list("sent_on", flat=True)) == {
            datetime.date(2026, 6, 10)}
        response = new.get_model("assessments", "Response").objects.get()
        assert (response.started_at, response.submitted_at) == (datetime.date(2026, 6, 10),) * 2
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
