"""The demo's relationship rounds: last year's completed round and the current one, answered by both sectors
with a clear perception gap, each with its action plan."""
import datetime
import random
import uuid

from django.db import transaction
from django.utils import timezone

from ..models import Action, Answer, Principle, PrincipleEvidence, Response, Round, new_token, resume_token_hash
from .framework import load_framework

PREVIOUS_UUID = uuid.uuid5(uuid.NAMESPACE_URL, "https://kith.invalid/demo/assessment/previous")
CURRENT_UUID = uuid.uuid5(uuid.NAMESPACE_URL, "https://kith.invalid/demo/assessment/current")

# Mean rating by sector and principle: councils see shared foundations and structures more kindly than the
# VCFSE sector does; everyone rates capacity and resources low.
MEANS = {
    "council": {"shared-foundations": 4.0, "relational-culture": 3.6, "effective-structures": 3.9,
                "capacity-and-resources": 2.4},
    "vcfse": {"shared-foundations": 2.6, "relational-culture": 2.9, "effective-structures": 2.4,
              "capacity-and-resources": 1.9},
    "other_statutory": {"shared-foundations": 3.5, "relational-culture": 3.3, "effective-structures": 3.4,
                        "capacity-and-resources": 2.5},
    "lio": {"shared-foundations": 3.0, "relational-culture": 3.1, "effective-structures": 2.9,
            "capacity-and-resources": 1.8},
}
CURRENT_COUNTS = {"council": 8, "vcfse": 14, "other_statutory": 3, "lio": 2}
PREVIOUS_COUNTS = {"council": 7, "vcfse": 11, "other_statutory": 3, "lio": 2}

EVIDENCE = {
    "shared-foundations": [
        "The compact was refreshed last spring but few frontline staff have read it.",
        "We refer to the joint priorities in every funding bid now.",
        "Priorities are written by the council and shared with us afterwards, not agreed together.",
    ],
    "relational-culture": [
        "When we raised concerns about the youth services review we were listened to and the timetable changed.",
        "Small groups worry that criticism affects their grants.",
        "Officers are open with us one to one; it is harder in formal meetings.",
    ],
    "effective-structures": [
        "The VCS assembly meets quarterly but minutes are often months late.",
        "The partnership board has two VCS seats out of eighteen.",
        "Neighbourhood groups do not know how to get an issue onto the forum agenda.",
    ],
    "capacity-and-resources": [
        "Most of our council funding is renewed every twelve months, which makes planning impossible.",
        "Nobody is paid for sitting on the boards; volunteers take leave to attend.",
        "The small grants form is the same length as the one for £100,000 contracts.",
    ],
}

ACTIONS = [
    ("shared-foundations", "Agree three joint priorities for the area at a shared workshop",
     "Council and VCS leaders draft the priorities together and both sign them off.", "Head of Partnerships, "
     "Sunderland City Council", "joint", 60, "in_progress"),
    ("effective-structures", "Publish VCS assembly decisions within two weeks of each meeting",
     "Minutes and decisions go on the assembly's page, with who is responsible for each.",
     "Sunderland Voluntary Action", "vcfse", 30, "done"),
    ("effective-structures", "Add two more VCS seats to the partnership board",
     "One for a small neighbourhood group, elected by the VCS assembly.", "Director of Public Health",
     "council", 120, "not_started"),
    ("capacity-and-resources", "Move core grants to three-year agreements",
     "Starting with the next grants round; monitoring proportionate to the amount.",
     "Grants and Commissioning Manager", "council", 240, "in_progress"),
    ("capacity-and-resources", "Pay VCS representatives for time spent on council boards",
     "A day rate for representatives from organisations with fewer than ten staff.",
     "Head of Partnerships, Sunderland City Council", "council", 90, "dropped"),
    ("relational-culture", "Hold an open session where VCS groups can challenge council plans",
     "Twice a year, chaired by the VCS, with a written response from the council.",
     "Sunderland Voluntary Action", "joint", 150, "not_started"),
]

# This year's plan, agreed a week after the round opened: aimed where the VCFSE sector sees the relationship
# most differently from the council (shared foundations, effective structures) and where both rate it lowest
# (capacity and resources). Due dates are days from today; one is already overdue.
CURRENT_ACTIONS = [
    ("shared-foundations", "Write the joint priorities into the council plan and the VCS assembly's work plan",
     "Last year's workshop agreed the priorities; both bodies now adopt the same text and report against it.",
     "Assistant Director, Policy and Partnerships", "council", 45, "in_progress"),
    ("shared-foundations", "Brief frontline council staff on the compact",
     "A 20-minute briefing in each directorate's team meetings, led by a VCS speaker.",
     "Sunderland Voluntary Action", "vcfse", -5, "not_started"),
    ("effective-structures", "Let neighbourhood groups put items on the VCS assembly agenda",
     "An online form open to any group, with a reply within ten working days saying when it will be heard.",
     "Chair, Sunderland VCS Assembly", "vcfse", 30, "done"),
    ("effective-structures", "Review who sits on the partnership board with VCS members",
     "Seats, how representatives are chosen and how they report back to the sector.",
     "Director of Public Health", "joint", 120, "not_started"),
    ("capacity-and-resources", "Make the small grants form proportionate to the amount",
     "One page for grants under £5,000; monitoring by a short conversation rather than a report.",
     "Grants and Commissioning Manager", "council", 75, "in_progress"),
    ("capacity-and-resources", "Cover backfill costs for small groups attending the partnership board",
     "A pot for organisations with fewer than ten staff; last year's day-rate proposal was dropped.",
     "Head of Partnerships, Sunderland City Council", "joint", 180, "not_started"),
]


def _rating(rng: random.Random, mean: float) -> int | None:
    if rng.random() < 0.07:
        return None  # don't know
    return max(1, min(5, round(rng.gauss(mean, 0.9))))


def _answer_round(round_: Round, counts: dict, shift: float, rng: random.Random, day: datetime.datetime) -> None:
    statements = list(round_.asked_statements())
    principles = {p.slug: p for p in Principle.objects.all()}
    answers, evidence = [], []
    for sector, count in counts.items():
        for _ in range(count):
            response = Response.objects.create(round=round_, sector=sector, started_at=day, submitted_at=day,
                                               resume_token_hash=resume_token_hash(new_token()[0]))
            for statement in statements:
                mean = MEANS[sector][statement.element.principle.slug] + shift
                answers.append(Answer(response=response, statement=statement, value=_rating(rng, mean)))
            for slug, texts in EVIDENCE.items():
                if rng.random() < 0.3:
                    evidence.append(PrincipleEvidence(response=response, principle=principles[slug],
                                                      text=rng.choice(texts)))
    Answer.objects.bulk_create(answers)
    PrincipleEvidence.objects.bulk_create(evidence)


def _plan(round_: Round, actions: list, due_from: datetime.date) -> None:
    principles = {p.slug: p for p in Principle.objects.all()}
    Action.objects.bulk_create([
        Action(round=round_, principle=principles[slug], title=title, description=description, owner_name=owner,
               owner_sector=sector, due_on=due_from + datetime.timedelta(days=days), status=status)
        for slug, title, description, owner, sector, days, status in actions])


def _round(round_uuid, name: str, opens_on, closes_on) -> tuple[Round, bool]:
    existing = Round.objects.filter(uuid=round_uuid).first()
    if existing is not None:
        return existing, False
    round_ = Round.objects.create(uuid=round_uuid, name=name, form=Round.Form.FULL, opens_on=opens_on,
                                  closes_on=closes_on)
    round_.snapshot_statements()
    return round_, True


@transaction.atomic
def load_demo_assessment() -> dict:
    """Create the demo rounds once; loading again changes nothing."""
    load_framework()
    rng = random.Random(20261)
    today = timezone.localdate()
    midnight = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    last = today.year - 1
    previous, created_previous = _round(PREVIOUS_UUID, f"Council and VCS relationship {last}",
                                        today - datetime.timedelta(days=400), today - datetime.timedelta(days=365))
    if created_previous:
        _answer_round(previous, PREVIOUS_COUNTS, -0.3, rng, midnight - datetime.timedelta(days=380))
        previous.results_published_at = timezone.now() - datetime.timedelta(days=330)
        previous.save(update_fields=["results_published_at"])
        _plan(previous, ACTIONS, today - datetime.timedelta(days=330))
    current, created_current = _round(CURRENT_UUID, f"Council and VCS relationship {today.year}",
                                      today - datetime.timedelta(days=14), today + datetime.timedelta(days=28))
    if created_current:
        current.previous_round = previous
        current.save(update_fields=["previous_round"])
        _answer_round(current, CURRENT_COUNTS, 0.0, rng, midnight - datetime.timedelta(days=7))
        # Two people have started but not yet sent their answers.
        for sector in ("vcfse", "council"):
            Response.objects.create(round=current, sector=sector, started_at=midnight,
                                    resume_token_hash=resume_token_hash(new_token()[0]))
    # Checked apart from creating the round, so a demo loaded before this year's plan existed gains it.
    planned_current = not current.actions.exists()
    if planned_current:
        _plan(current, CURRENT_ACTIONS, today)
    return {"created": created_previous or created_current or planned_current, "previous": previous,
            "current": current}
