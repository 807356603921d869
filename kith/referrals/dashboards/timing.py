"""Working time between two moments, and the summaries of a list of durations the dashboards show.

Working days are those the escalation of unopened referrals counts (notifications.workdays): Monday to
Friday, less bank holidays and the operator's closure days, so that both speak of the same days."""

import datetime
import math
import statistics
from dataclasses import dataclass

from django.utils import timezone

_DAY = 86400


def _working_days_from(first: datetime.date, last: datetime.date, closed: frozenset[datetime.date]) -> int:
    """Working days from `first` up to, not including, `last`: counted by whole weeks, so a long wait costs
    no more than a short one, less the closed days that fall on a weekday in between."""
    weeks, rest = divmod((last - first).days, 7)
    weekdays = weeks * 5 + sum(1 for i in range(rest) if (first.weekday() + i) % 7 < 5)
    return weekdays - sum(1 for day in closed if first <= day < last and day.weekday() < 5)


def _day_gone(moment: datetime.datetime, closed: frozenset[datetime.date]) -> float:
    """How much of a working day has passed at this moment (none of a weekend or closed day counts)."""
    if moment.weekday() >= 5 or moment.date() in closed:
        return 0.0
    midnight = moment.replace(hour=0, minute=0, second=0, microsecond=0)
    return (moment - midnight).total_seconds() / _DAY


def working_days(start: datetime.datetime, end: datetime.datetime,
                 closed: frozenset[datetime.date] = frozenset()) -> float:
    """Working days between two moments, as a fraction: Friday 4pm to Monday 10am is 0.75, what is left of
    Friday and the start of Monday. `closed` holds the bank holidays and closure days to leave out."""
    start, end = timezone.localtime(start), timezone.localtime(end)
    if end <= start:
        return 0.0
    return _working_days_from(start.date(), end.date(), closed) - _day_gone(start, closed) + _day_gone(end, closed)


@dataclass(frozen=True)
class Durations:
    """The middle and the slow end of how long something took, in working days; None with nothing measured."""

    count: int
    median: float | None
    p90: float | None


def summarise(values: list[float]) -> Durations:
    if not values:
        return Durations(0, None, None)
    ordered = sorted(values)
    # Nearest rank: the 90th percentile is a time some referral actually took.
    return Durations(len(ordered), statistics.median(ordered), ordered[math.ceil(0.9 * len(ordered)) - 1])
