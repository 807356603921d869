"""The demo rounds: a completed round from last year and a current one, with a perception gap, don't knows,
evidence and an action plan each; loading twice changes nothing."""
import pytest
from django.core.management import call_command
from django.db.models import Avg
from django.utils import timezone

from kith.assessments.models import Action, Answer, PrincipleEvidence, Response, Round
from kith.assessments.rounds.demo import CURRENT_UUID

pytestmark = pytest.mark.django_db


def _mean(round_, sector, slug) -> float:
    return Answer.objects.filter(response__round=round_, response__sector=sector,
                                 statement__element__principle__slug=slug).aggregate(m=Avg("value"))["m"]


def test_the_demo_has_two_answered_rounds_with_a_gap_and_an_action_plan():
    call_command("load_demo_assessment")
    previous, current = sorted(Round.objects.all(), key=lambda r: r.opens_on)
    assert previous.state == "closed" and current.state == "open"
    counts = {s: current.responses.submitted().filter(sector=s).count()
              for s in ("council", "vcfse", "other_statutory", "lio")}
    assert counts == {"council": 8, "vcfse": 14, "other_statutory": 3, "lio": 2}
    assert previous.responses.submitted().count() >= 20
    for round_ in (previous, current):
        for slug in ("shared-foundations", "effective-structures"):
            assert _mean(round_, "council", slug) - _mean(round_, "vcfse", slug) >= 0.8, (round_, slug)
        for sector in ("council", "vcfse"):
            assert _mean(round_, sector, "capacity-and-resources") < 2.8
    assert Answer.objects.filter(value__isnull=True).exists()
    assert PrincipleEvidence.objects.count() >= 10
    for round_ in (previous, current):
        actions = round_.actions.all()
        assert 4 <= actions.count() <= 6, round_
        assert {"council", "vcfse"} <= set(actions.values_list("owner_sector", flat=True)), round_
        assert len(set(actions.values_list("principle", flat=True))) >= 3, round_
        assert len(set(actions.values_list("status", flat=True))) >= 3, round_
        assert len(set(actions.values_list("due_on", flat=True))) == actions.count(), round_


def _principle_means(round_, sector=None) -> dict[str, float]:
    answers = Answer.objects.filter(response__round=round_, response__submitted_at__isnull=False)
    if sector:
        answers = answers.filter(response__sector=sector)
    rows = answers.values("statement__element__principle__slug").annotate(m=Avg("value"))
    return {row["statement__element__principle__slug"]: row["m"] for row in rows}


def test_this_years_plan_answers_the_widest_gap_and_the_weakest_principle():
    call_command("load_demo_assessment")
    current = Round.objects.get(uuid=CURRENT_UUID)
    council, vcfse, everyone = (_principle_means(current, "council"), _principle_means(current, "vcfse"),
                                _principle_means(current))
    widest_gap = max(council, key=lambda slug: council[slug] - vcfse[slug])
    weakest = min(everyone, key=everyone.get)
    planned = set(current.actions.values_list("principle__slug", flat=True))
    assert {widest_gap, weakest} <= planned
    today = timezone.localdate()
    due = list(current.actions.values_list("due_on", flat=True))
    assert min(due) < today < max(due)  # one already overdue, others months away
    assert current.actions.filter(owner_sector="joint").exists()


def test_a_demo_loaded_before_this_years_plan_gains_it_once():
    call_command("load_demo_assessment")
    current = Round.objects.get(uuid=CURRENT_UUID)
    planned = set(current.actions.values_list("title", flat=True))
    current.actions.all().delete()
    call_command("load_demo_assessment")
    assert set(current.actions.values_list("title", flat=True)) == planned
    call_command("load_demo_assessment")
    assert current.actions.count() == len(planned)


def test_loading_the_demo_again_changes_nothing():
    call_command("load_demo_assessment")
    counts = (Round.objects.count(), Response.objects.count(), Answer.objects.count(), Action.objects.count())
    call_command("load_demo_assessment")
    assert (Round.objects.count(), Response.objects.count(), Answer.objects.count(),
            Action.objects.count()) == counts
