"""Working days (EQV-time): New Zealand law's general definition, one policy.

A working day is a weekday that is not a national public holiday (with Mondayisation and the
Christmas and New Year substitutes) and not in the summer close-down, 25 December to 2 January.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tohu.rulebook import (
    DEFAULTS,
    CloseDown,
    MonthDay,
    Severity,
    check_equivalency_time,
    is_working_day,
    working_days_between,
)

CLOSE_DOWN = DEFAULTS.close_down


def working(day: date) -> bool:
    return is_working_day(day, close_down=CLOSE_DOWN)


def test_weekends_and_national_holidays_are_not_working_days() -> None:
    assert not working(date(2026, 2, 6))  # Waitangi Day
    assert not working(date(2026, 2, 7))  # Saturday
    assert not working(date(2026, 4, 27))  # Anzac Day observed
    assert not working(date(2026, 7, 10))  # Matariki
    assert working(date(2026, 1, 19))  # Wellington Anniversary: regional, so working


def test_waitangi_day_on_a_weekend_moves_to_monday() -> None:
    # 6 February 2027 is a Saturday
    assert not working(date(2027, 2, 8))
    assert working(date(2027, 2, 9))


# Three summers: Christmas on a Friday (2020), on a Saturday (2021) and on a Thursday (2025).
# Each lists the weekdays from 21 December to 8 January that are working days.
CHRISTMAS_PERIODS = [
    pytest.param(
        2020,
        [
            *(date(2020, 12, day) for day in (21, 22, 23, 24)),
            *(date(2021, 1, day) for day in (5, 6, 7, 8)),
        ],
        id="2020-21: 4 January is the observed day after New Year",
    ),
    pytest.param(
        2021,
        [
            *(date(2021, 12, day) for day in (21, 22, 23, 24)),
            *(date(2022, 1, day) for day in (5, 6, 7)),
        ],
        id="2021-22: 3 and 4 January are the observed New Year holidays",
    ),
    pytest.param(
        2025,
        [
            *(date(2025, 12, day) for day in (22, 23, 24)),
            *(date(2026, 1, day) for day in (5, 6, 7, 8)),
        ],
        id="2025-26: back on Monday 5 January",
    ),
]


@pytest.mark.parametrize(("year", "expected"), CHRISTMAS_PERIODS)
def test_the_summer_close_down_is_not_working_days(year: int, expected: list[date]) -> None:
    days = [date(year, 12, 21) + timedelta(days=n) for n in range(19)]
    assert [day for day in days if working(day)] == expected
    # 29 to 31 December are no public holidays, and still no working days
    assert not any(working(date(year, 12, day)) for day in (29, 30, 31))


# What public holidays alone give: a close-down of Christmas Day only, a holiday anyway.
NO_CLOSE_DOWN = CloseDown(first=MonthDay(12, 25), last=MonthDay(12, 25))


@pytest.mark.parametrize(
    ("received", "due", "due_on_holidays_alone"),
    [
        (date(2020, 12, 1), date(2021, 1, 7), date(2020, 12, 31)),
        (date(2021, 12, 1), date(2022, 1, 7), date(2021, 12, 31)),
        (date(2025, 12, 1), date(2026, 1, 7), date(2025, 12, 31)),
    ],
)
def test_twenty_working_days_from_1_december_end_in_january(
    received: date, due: date, due_on_holidays_alone: date
) -> None:
    assert working_days_between(received, due, close_down=CLOSE_DOWN) == 20
    assert working_days_between(received, due - timedelta(1), close_down=CLOSE_DOWN) == 19
    alone = NO_CLOSE_DOWN
    assert working_days_between(received, due_on_holidays_alone, close_down=alone) == 20
    assert working_days_between(received, due_on_holidays_alone, close_down=CLOSE_DOWN) == 17
    assert not check_equivalency_time(
        received_on=received, decided_or_today=due, close_down=CLOSE_DOWN
    )
    next_working_day = next(due + timedelta(n) for n in range(1, 5) if working(due + timedelta(n)))
    assert check_equivalency_time(
        received_on=received, decided_or_today=next_working_day, close_down=CLOSE_DOWN
    )


def test_the_flag_no_longer_fires_early_over_christmas() -> None:
    # received 1 December 2025: 17 working days to Christmas Eve, then 5 to 8 January
    received = date(2025, 12, 1)
    assert working_days_between(received, date(2025, 12, 31), close_down=CLOSE_DOWN) == 17
    assert working_days_between(received, date(2026, 1, 7), close_down=CLOSE_DOWN) == 20
    assert not check_equivalency_time(
        received_on=received, decided_or_today=date(2026, 1, 7), close_down=CLOSE_DOWN
    )
    late = check_equivalency_time(
        received_on=received, decided_or_today=date(2026, 1, 8), close_down=CLOSE_DOWN
    )
    assert [(f.rule_id, f.severity) for f in late] == [("EQV-time", Severity.FLAG)]


def test_the_close_down_is_policy() -> None:
    # an office closing until 15 January (some Acts use that period)
    longer = CloseDown(first=MonthDay(12, 25), last=MonthDay(1, 15))
    assert working(date(2026, 1, 14))
    assert not is_working_day(date(2026, 1, 14), close_down=longer)
    # a period inside one year
    july = CloseDown(first=MonthDay(7, 1), last=MonthDay(7, 3))
    assert not is_working_day(date(2026, 7, 2), close_down=july)
    assert is_working_day(date(2025, 12, 29), close_down=july)
    assert replace(DEFAULTS).close_down == CloseDown()


def test_twenty_working_days_skip_easter_and_anzac_day_observed() -> None:
    # Good Friday 3 April, Easter Monday 6 April, Anzac Day observed Monday 27 April 2026
    assert working_days_between(date(2026, 3, 31), date(2026, 5, 1), close_down=CLOSE_DOWN) == 20
    assert working_days_between(date(2026, 3, 31), date(2026, 4, 30), close_down=CLOSE_DOWN) == 19
    assert working_days_between(date(2026, 5, 1), date(2026, 3, 31), close_down=CLOSE_DOWN) == 0


@given(
    st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)),
    st.integers(0, 60),
    st.integers(0, 60),
)
def test_working_days_add_up_over_consecutive_spans(start: date, first: int, second: int) -> None:
    middle, end = start + timedelta(first), start + timedelta(first + second)
    whole = working_days_between(start, end, close_down=CLOSE_DOWN)
    parts = working_days_between(start, middle, close_down=CLOSE_DOWN) + working_days_between(
        middle, end, close_down=CLOSE_DOWN
    )
    assert whole == parts
    assert 0 <= whole <= first + second
    assert working_days_between(end, end + timedelta(1), close_down=CLOSE_DOWN) == working(
        end + timedelta(1)
    )


def test_a_statement_past_twenty_working_days_is_flagged_late() -> None:
    received = date(2026, 3, 2)
    on_time = date(2026, 3, 30)
    assert working_days_between(received, on_time, close_down=CLOSE_DOWN) == 20
    assert not check_equivalency_time(
        received_on=received, decided_or_today=on_time, close_down=CLOSE_DOWN
    )
    after = on_time + timedelta(1)
    late = check_equivalency_time(
        received_on=received, decided_or_today=after, close_down=CLOSE_DOWN
    )
    assert [(f.rule_id, f.severity) for f in late] == [("EQV-time", Severity.FLAG)]
    assert not check_equivalency_time(
        received_on=received, decided_or_today=after, close_down=CLOSE_DOWN, paused_working_days=1
    )


def test_a_close_down_longer_than_a_month_is_refused() -> None:
    assert CloseDown().days() == 9
    with pytest.raises(ValueError, match="at most 31"):
        CloseDown(first=MonthDay(12, 29), last=MonthDay(12, 28))


def test_a_day_of_the_year_is_read_and_checked() -> None:
    assert MonthDay.parse("12-25") == MonthDay(12, 25)
    assert str(MonthDay(1, 2)) == "01-02"
    for bad in ("25/12", "13-01", "02-30", "x-y"):
        with pytest.raises(ValueError, match="not a day of the year"):
            MonthDay.parse(bad)
