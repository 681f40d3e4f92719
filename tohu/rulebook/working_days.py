"""New Zealand working days: weekdays that are not national public holidays (EQV-time).

Regional anniversary days are not counted: the target is national.
"""

from datetime import date, timedelta
from functools import lru_cache

import holidays

from tohu.rulebook.findings import Finding, Severity

EQUIVALENCY_TARGET_WORKING_DAYS = 20


@lru_cache(maxsize=64)
def _holidays_in(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("NZ", years=year).keys())


def is_working_day(day: date) -> bool:
    """Say whether the day is a weekday and not a New Zealand national public holiday."""
    return day.weekday() < 5 and day not in _holidays_in(day.year)


def add_working_days(start: date, days: int) -> date:
    """Return the day that is `days` working days after `start` (start itself not counted)."""
    if days < 0:
        raise ValueError("days must not be negative")
    day = start
    while days:
        day += timedelta(days=1)
        if is_working_day(day):
            days -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """Count the working days after `start` up to and including `end` (0 when end <= start)."""
    count = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        count += is_working_day(day)
    return count


def check_equivalency_time(
    *, received_on: date, decided_or_today: date, paused_working_days: int = 0
) -> list[Finding]:
    """Flag a statement of equivalency not decided within 20 working days (EQV-time)."""
    taken = working_days_between(received_on, decided_or_today) - paused_working_days
    if taken <= EQUIVALENCY_TARGET_WORKING_DAYS:
        return []
    message = (
        f"{taken} working days since the application arrived; the target is "
        f"{EQUIVALENCY_TARGET_WORKING_DAYS}."
    )
    return [Finding("EQV-time", Severity.FLAG, "submitted_at", message)]
