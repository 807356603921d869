"""A round's action plan as it is shown: in principle order, each action marked overdue in words when its
due date has passed and it is neither done nor dropped."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from ..models import Action, Round

OPEN_STATUSES = (Action.Status.NOT_STARTED, Action.Status.IN_PROGRESS)


@dataclass(frozen=True)
class PlanRow:
    action: Action
    overdue: bool


def plan_rows(round: Round, today: datetime.date | None = None) -> list[PlanRow]:
    today = today or timezone.localdate()
    actions = round.actions.select_related("principle").order_by("principle__order", "due_on", "id")
    return [PlanRow(a, bool(a.due_on and a.due_on < today and a.status in OPEN_STATUSES)) for a in actions]
