"""Test data for the action plan and report tests: a small framework, a round, responses and actions."""

import datetime
import itertools

from django.utils import timezone

from kith.assessments.models import (Action, Answer, Element, Principle, Response, Round, Statement, new_token)

_counter = itertools.count(1)


def framework(principles: int = 2, statements_each: int = 2) -> list[Principle]:
    made = []
    for p in range(principles):
        n = next(_counter)
        principle = Principle.objects.create(slug=f"principle-{n}", name=f"Principle {n}", order=p)
        element = Element.objects.create(principle=principle, name=f"Element {n}")
        for s in range(statements_each):
            Statement.objects.create(element=element, text=f"Statement {n}.{s + 1} is observable", order=s,
                                     in_short_form=True)
        made.append(principle)
    return made


def make_round(*, threshold: int = 5, published: bool = False, name: str = "Autumn 2026") -> Round:
    if not Principle.objects.exists():
        framework()
    today = timezone.localdate()
    round = Round.objects.create(name=name, opens_on=today - datetime.timedelta(days=40),
                                 closes_on=today - datetime.timedelta(days=10), anonymity_threshold=threshold,
                                 results_published_at=timezone.now() if published else None)
    round.snapshot_statements()
    return round


def respond(round: Round, sector: str, count: int, value: int | None) -> None:
    """`count` submitted responses from `sector`, each rating every statement `value`."""
    for _ in range(count):
        response = Response.objects.create(round=round, sector=sector, resume_token_hash=new_token()[1],
                                           submitted_at=timezone.now())
        Answer.objects.bulk_create(Answer(response=response, statement=s, value=value)
                                   for s in round.asked_statements())


def make_action(round: Round, **fields) -> Action:
    values = {"principle": Principle.objects.first(), "title": "Publish the forum's decisions",
              "owner_name": "Head of Communities", "owner_sector": "council",
              "due_on": timezone.localdate() + datetime.timedelta(days=60)} | fields
    return Action.objects.create(round=round, **values)


def answered_round_with_plan() -> Round:
    """A closed round both sectors answered (council 4s, VCFSE 2s, above the threshold) with one action."""
    round = make_round(threshold=5)
    respond(round, "council", 5, 4)
    respond(round, "vcfse", 6, 2)
    make_action(round, title="Agree written priorities <b>together</b>")
    return round


def due_fields(day, month, year) -> dict:
    """The due date as the form's day, month and year boxes post it."""
    return {"due_on_0": str(day), "due_on_1": str(month), "due_on_2": str(year)}
