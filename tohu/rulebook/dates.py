"""Calendar arithmetic the rules count in: whole years and whole months.

Every period in the rules (review periods, expiring status, reporting within 3 months, prompts
months ahead) is counted with these, so a date near the calendar's ends never raises.
"""

from __future__ import annotations

import calendar
from datetime import MAXYEAR, MINYEAR, date


def add_months(day: date, months: int) -> date:
    """Return the same day `months` later (or earlier); short months end on their last day.

    A result past the calendar's last or before its first month is the calendar's last or first
    day.
    """
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    if year > MAXYEAR:
        return date.max
    if year < MINYEAR:
        return date.min
    last_day = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last_day))


def add_years(day: date, years: int) -> date:
    """Return the same day `years` later (or earlier); 29 February falls on 28 February.

    A result past the calendar's last or before its first year is its last or first day.
    """
    return add_months(day, 12 * years)


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def day_text(day: date) -> str:
    """A date as Tohu writes it everywhere, in pages, messages and emails: 7 Dec 2026.

    The same style as the pages' DATE_FORMAT (tohu/formats/en_NZ), without Django, so rule
    messages and services write dates the way the pages do.
    """
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"
