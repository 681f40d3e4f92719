"""Reading dates people write: YYYY-MM-DD or DD/MM/YYYY, with a message that says what is wrong.

The one date reader for every file, form, parameter, command option and setting Tohu reads;
where only ISO 8601 is right (a query parameter, a setting), `iso_only=True`.

Date arithmetic the rules count in (years, months) is the rulebook's: `tohu.rulebook.dates`.
"""

from __future__ import annotations

import calendar
from datetime import date

_FORMS = {False: "YYYY-MM-DD or DD/MM/YYYY", True: "YYYY-MM-DD"}


class DateProblem(ValueError):
    """Raise when text is not a date Tohu accepts."""


def parse_date(text: str, *, iso_only: bool = False) -> date:
    """Read YYYY-MM-DD (or, unless `iso_only`, DD/MM/YYYY) in ASCII digits; say exactly what is
    wrong otherwise.

    Only 0-9 count as digits: `str.isdigit` also passes full-width (２０２６) and superscript
    (²) digits, which a spreadsheet would not read as a date and `int` may not read at all.
    """
    if len(text) == 10 and text[4] == "-" and text[7] == "-":
        year, month, day = text[:4], text[5:7], text[8:]
    elif text.count("/") == 2 and not iso_only:
        day, month, year = text.split("/")
    else:
        raise DateProblem(f"“{text}” is not a date: write it as {_FORMS[iso_only]}.")
    if not (year.isdigit() and month.isdigit() and day.isdigit() and len(year) == 4):
        raise DateProblem(f"“{text}” is not a date: write it as {_FORMS[iso_only]}.")
    if not (year + month + day).isascii():
        raise DateProblem(f"“{text}” is not a date: write its digits as 0 to 9.")
    return _real_date(text, int(year), int(month), int(day))


def _real_date(text: str, year: int, month: int, day: int) -> date:
    if not 1 <= month <= 12:
        raise DateProblem(f"“{text}” is not a real date: there is no month {month}.")
    last = calendar.monthrange(year, month)[1] if year >= 1 else 31
    if not 1 <= day <= last:
        month_name = calendar.month_name[month]
        raise DateProblem(
            f"“{text}” is not a real date: {month_name} {year} has {last} days, not {day}."
        )
    if year < 1:
        raise DateProblem(f"“{text}” is not a real date: there is no year 0.")
    return date(year, month, day)
