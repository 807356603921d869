"""The demo rounds: a completed round from last year and a current one, with a perception gap, don't knows,
evidence and an action plan; loading twice changes nothing."""
import pytest
from django.core.management import call_command
from django.db.models import Avg

from kith.assessments.models import Action, Answer, PrincipleEvidence, Response, Round

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
    actions = Action.objects.all()
    assert 4 <= actions.count() <= 6
    assert {"council", "vcfse"} <= set(actions.values_list("owner_sector", flat=True))
    assert len(set(actions.values_list("principle", flat=True))) >= 3


def test_loading_the_demo_again_changes_nothing():
    call_command("load_demo_assessment")
    counts = (Round.objects.count(), Response.objects.count(), Answer.objects.count(), Action.objects.count())
    call_command("load_demo_assessment")
    assert (Round.objects.count(), Response.objects.count(), Answer.objects.count(),
            Action.objects.count()) == counts
