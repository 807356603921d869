"""Working time between two moments, and the summaries of a list of durations the dashboards show."""

import datetime
import math
import statistics
from dataclasses import dataclass

from django.utils import timezone

_DAY = 86400


def _weekdays(first: datetime.date, last: datetime.date) -> int:
    """Monday to Friday days from `first` up to, not including, `last`."""
    weeks, rest = divmod((last - first).days, 7)
    return weeks * 5 + sum(1 for i in range(rest) if (first.weekday() + i) % 7 < 5)


def _day_gone(moment: datetime.datetime) -> float:
    """How much of a working day has passed at this moment (none of a weekend day counts)."""
    if moment.weekday() >= 5:
        return 0.0
    midnight = moment.replace(hour=0, minute=0, second=0, microsecond=0)
    return (moment - midnight).total_seconds() / _DAY


def working_days(start: datetime.datetime, end: datetime.datetime) -> float:
    """Days between two moments not counting Saturdays and Sundays (bank holidays are not known here).
    Friday 4pm to Monday 10am is 0.75: what is left of Friday and the start of Monday."""
    start, end = timezone.localtime(start), timezone.localtime(end)
    if end <= start:
        return 0.0
    return _weekdays(start.date(), end.date()) - _day_gone(start) + _day_gone(end)


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
