"""Working-day arithmetic for escalation: weekends, England and Wales bank holidays, operator closure days."""

import datetime
import json

import pytest

from kith.referrals.notifications import workdays

D = datetime.date


def test_monday_plus_three_working_days_is_thursday():
    assert workdays.add_working_days(D(2026, 11, 16), 3) == D(2026, 11, 19)


def test_a_weekend_is_skipped():
    # Friday 20 November 2026 + 3 = Wednesday 25th; a referral sent on the Saturday counts from Monday.
    assert workdays.add_working_days(D(2026, 11, 20), 3) == D(2026, 11, 25)
    assert workdays.add_working_days(D(2026, 11, 21), 3) == D(2026, 11, 25)
    assert workdays.add_working_days(D(2026, 11, 22), 1) == D(2026, 11, 23)


def test_easter_is_skipped_when_sent_the_thursday_or_the_friday_before():
    # Good Friday 3 April 2026 and Easter Monday 6 April 2026 are bank holidays.
    assert workdays.add_working_days(D(2026, 4, 2), 1) == D(2026, 4, 7)
    assert workdays.add_working_days(D(2026, 4, 2), 3) == D(2026, 4, 9)
    assert workdays.add_working_days(D(2026, 4, 3), 3) == D(2026, 4, 9)


def test_christmas_with_substitute_days_is_skipped():
    # 2027: Christmas and Boxing Day fall at the weekend; Monday 27th and Tuesday 28th are the substitutes.
    assert workdays.add_working_days(D(2027, 12, 24), 1) == D(2027, 12, 29)
    # 2028: New Year's Day is a Saturday; Monday 3 January is its substitute.
    assert workdays.add_working_days(D(2027, 12, 31), 1) == D(2028, 1, 4)


def test_closure_days_from_the_setting_are_skipped(settings):
    settings.KITH_REFERRAL_CLOSURE_DAYS = ["2026-11-17", "2026-11-18"]
    assert workdays.add_working_days(D(2026, 11, 16), 3) == D(2026, 11, 23)


def test_a_bad_closure_day_is_a_clear_configuration_error(settings):
    from django.core.exceptions import ImproperlyConfigured

    settings.KITH_REFERRAL_CLOSURE_DAYS = ["17/11/2026"]
    with pytest.raises(ImproperlyConfigured, match="KITH_REFERRAL_CLOSURE_DAYS"):
        workdays.add_working_days(D(2026, 11, 16), 3)


def test_overdue_is_the_day_after_the_last_allowed_working_day():
    sent = D(2026, 4, 2)  # the Thursday before Easter: allowed 7, 8 and 9 April (the day sent is not counted)
    assert not workdays.is_overdue_on(sent, D(2026, 4, 9), 3)
    assert workdays.is_overdue_on(sent, D(2026, 4, 10), 3)
    friday = D(2026, 11, 20)
    assert not workdays.is_overdue_on(friday, D(2026, 11, 25), 3)
    assert workdays.is_overdue_on(friday, D(2026, 11, 26), 3)


@pytest.mark.parametrize("count", [1, 3, 5])
def test_the_cutoff_agrees_with_adding_working_days_every_day_for_two_years(count):
    """overdue_before (one walk back from today, used in the database query) and add_working_days
    (one walk forward from the sent day) must agree on every pair of days, weekends and holidays included."""
    start = D(2025, 12, 1)
    days = [start + datetime.timedelta(days=n) for n in range(0, 760, 1)]
    for today in days[30::7] + days[100:130]:
        for sent in (today - datetime.timedelta(days=n) for n in range(0, 20)):
            assert workdays.is_overdue_on(sent, today, count) == (workdays.add_working_days(sent, count) < today), \
                (sent, today, count)


def test_the_bank_holiday_list_covers_2025_to_2028_on_weekdays_with_its_source():
    data = json.loads(workdays.BANK_HOLIDAYS_FILE.read_text())
    assert "gov.uk/bank-holidays" in data["source"]
    holidays = workdays.bank_holidays()
    for year in range(2025, 2029):
        of_year = [d for d in holidays if d.year == year]
        assert len(of_year) == 8, year
        assert all(d.weekday() < 5 for d in of_year), year


def test_easter_holidays_match_the_date_of_easter():
    easter = pytest.importorskip("dateutil.easter", reason="dateutil computes Easter independently").easter
    holidays = workdays.bank_holidays()
    for year in range(2025, 2029):
        sunday = easter(year)
        assert sunday - datetime.timedelta(days=2) in holidays, year
        assert sunday + datetime.timedelta(days=1) in holidays, year
