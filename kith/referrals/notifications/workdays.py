"""Working days for referral deadlines: Monday to Friday, less England and Wales bank holidays (a dated list
shipped in data/, from GOV.UK) and any closure days an operator adds (KITH_REFERRAL_CLOSURE_DAYS)."""

import datetime
import json
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

BANK_HOLIDAYS_FILE = Path(__file__).parent / "data" / "bank_holidays_england_and_wales.json"


@lru_cache(maxsize=1)
def bank_holidays() -> frozenset[datetime.date]:
    data = json.loads(BANK_HOLIDAYS_FILE.read_text(encoding="utf-8"))
    return frozenset(datetime.date.fromisoformat(row["date"]) for row in data["dates"])


def closed_days() -> frozenset[datetime.date]:
    """Bank holidays plus the operator's own closure days (read each time, so tests can change the setting)."""
    try:
        extra = frozenset(datetime.date.fromisoformat(str(day)) for day in settings.KITH_REFERRAL_CLOSURE_DAYS)
    except ValueError:
        raise ImproperlyConfigured("KITH_REFERRAL_CLOSURE_DAYS must be dates like 2026-12-29, separated by commas.") from None
    return bank_holidays() | extra


def is_working_day(day: datetime.date, closed: frozenset[datetime.date] | None = None) -> bool:
    return day.weekday() < 5 and day not in (closed_days() if closed is None else closed)


def add_working_days(start: datetime.date, count: int) -> datetime.date:
    """The count-th working day after start (start itself not counted, whatever day it is)."""
    closed, day, left = closed_days(), start, count
    while left > 0:
        day += datetime.timedelta(days=1)
        if is_working_day(day, closed):
            left -= 1
    return day


def overdue_before(today: datetime.date, count: int) -> datetime.date:
    """The earliest sent date not yet overdue on `today`: anything sent before it has had `count` whole
    working days (between the day it was sent and today, both left out) without being opened."""
    closed, day, left = closed_days(), today, count
    while left > 0:
        day -= datetime.timedelta(days=1)
        if is_working_day(day, closed):
            left -= 1
    return day


def is_overdue_on(sent: datetime.date, today: datetime.date, count: int) -> bool:
    return sent < overdue_before(today, count)
