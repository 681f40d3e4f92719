"""New Zealand working days and the 20-working-day target for equivalency (EQV-time).

One definition, New Zealand law's general one (Legislation Act 2019, section 13, "working day";
before it the Interpretation Act 1999, section 29): a working day is a weekday that is not a
national public holiday and not in the summer close-down. The public holidays, with their
Mondayisation (Waitangi Day and Anzac Day moved to Monday from a weekend, and the Christmas and
New Year substitutes), come from the `holidays` package's New Zealand calendar; regional
anniversary days are left out because the target is national. The close-down, 25 December to
2 January inclusive, is policy (`Policy.close_down`), so it can follow a change in the law.
"""

from datetime import date, timedelta
from functools import lru_cache

import holidays

from tohu.rulebook.policy import CloseDown
from tohu.rulebook.problems import Problem, Severity
from tohu.rulebook.registry import computes

EQUIVALENCY_TARGET_WORKING_DAYS = 20


@lru_cache(maxsize=64)
def _holidays_in(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("NZ", years=year, observed=True).keys())


@computes("EQV-time")
def is_working_day(day: date, *, close_down: CloseDown) -> bool:
    """Say whether the day is a New Zealand working day (EQV-time)."""
    return day.weekday() < 5 and day not in _holidays_in(day.year) and not close_down.holds(day)


@computes("EQV-time")
def working_days_between(start: date, end: date, *, close_down: CloseDown) -> int:
    """Count the working days after `start` up to and including `end` (0 when end <= start)."""
    count = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        count += is_working_day(day, close_down=close_down)
    return count


@computes("EQV-time")
def check_equivalency_time(
    *,
    received_on: date,
    decided_or_today: date,
    close_down: CloseDown,
    paused_working_days: int = 0,
) -> list[Problem]:
    """Flag a statement of equivalency not decided within 20 working days (EQV-time)."""
    taken = (
        working_days_between(received_on, decided_or_today, close_down=close_down)
        - paused_working_days
    )
    if taken <= EQUIVALENCY_TARGET_WORKING_DAYS:
        return []
    message = (
        f"{taken} working days since the application arrived; the target is "
        f"{EQUIVALENCY_TARGET_WORKING_DAYS}."
    )
    return [Problem("EQV-time", message, field="submitted_at", severity=Severity.FLAG)]
