"""The reporting rules of domain/rules.md section 6 as pure functions (no Django, no I/O).

The ingest service gathers reference data in batches and calls these once per row; each problem
names the column, the rule id and a message a results officer can act on.
"""

from __future__ import annotations

import calendar
import unicodedata
from dataclasses import dataclass
from datetime import date

from tohu.rulebook import ListingDates, check_award

MONTHS_TO_REPORT = 3


@dataclass(frozen=True, slots=True)
class Problem:
    """One reason a row (or the file) cannot be recorded."""

    line: int
    column: str
    value: str
    rule_id: str
    message: str


class DateProblem(ValueError):
    """Raise when text is not a date a results file may carry."""


def parse_date(text: str) -> date:
    """Read YYYY-MM-DD or DD/MM/YYYY; say exactly what is wrong otherwise."""
    if len(text) == 10 and text[4] == "-" and text[7] == "-":
        year, month, day = text[:4], text[5:7], text[8:]
    elif text.count("/") == 2:
        day, month, year = text.split("/")
    else:
        raise DateProblem(f"“{text}” is not a date: write it as YYYY-MM-DD or DD/MM/YYYY.")
    if not (year.isdigit() and month.isdigit() and day.isdigit() and len(year) == 4):
        raise DateProblem(f"“{text}” is not a date: write it as YYYY-MM-DD or DD/MM/YYYY.")
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


def add_months(day: date, months: int) -> date:
    """Return the same day `months` later, or the month's last day when it is shorter."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def is_late(date_of_achievement: date, *, reported_on: date) -> bool:
    """ROA-3m: a report more than 3 months after the date of achievement is late (a flag)."""
    return reported_on > add_months(date_of_achievement, MONTHS_TO_REPORT)


def fold_name(name: str) -> str:
    """Compare names without case, macrons or repeated spaces (Māori = Maori = MĀORI)."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(letters.replace("-", " ").split())


def check_nsn_text(nsn: str) -> str | None:
    """ROA-nsn: an NSN is 1 to 10 digits, leading zeros kept; return the problem, if any."""
    if not nsn:
        return "Give the learner's NSN."
    if not (nsn.isascii() and nsn.isdigit()):
        return f"“{nsn}” is not an NSN: an NSN is digits only (no letters or spaces)."
    if len(nsn) > 10:
        return f"“{nsn}” is not an NSN: an NSN has at most 10 digits."
    return None


def unknown_nsn_message(nsn: str) -> str:
    """ROA-nsn: explain an NSN the learner index does not know, with the usual cause."""
    hint = ""
    if len(nsn) < 10:
        hint = " Spreadsheets often drop leading zeros: check the NSN kept them."
    return f"NSN {nsn} is not in the learner index.{hint}"


@dataclass(frozen=True, slots=True)
class AwardContext:
    """What the rules need to know about one micro-credential for one provider."""

    listing_number: str
    dates: ListingDates
    provider_holds_approval: bool
    accredited: tuple[tuple[date, date | None], ...]


def provider_may_award(context: AwardContext, day: date) -> bool:
    """LOR-18.2: the approval holder, or a provider whose accreditation was in force that day."""
    if context.provider_holds_approval:
        return True
    return any(
        granted <= day and (ended is None or day <= ended) for granted, ended in context.accredited
    )


def check_date_of_achievement(
    day: date, context: AwardContext, *, today: date
) -> tuple[str, str] | None:
    """ROA-date, then ROA-status / LOR-8.5 / LOR-10: return (rule id, message) or None."""
    listed_on = context.dates.listed_on
    if day > today:
        return "ROA-date", f"The date of achievement {day.isoformat()} is in the future."
    if day < listed_on:
        return "ROA-date", (
            f"The date of achievement {day.isoformat()} is before {context.listing_number} "
            f"was first listed on {listed_on.isoformat()}."
        )
    for finding in check_award(day, context.dates, today=today):
        message = finding.message.rstrip(".")
        discontinued = context.dates.discontinued_from
        if finding.rule_id == "LOR-8.5" and discontinued is not None:
            message += f" on {discontinued.isoformat()}"
        return finding.rule_id, f"{context.listing_number}: {message}."
    return None


def award_refusal(context: AwardContext, provider_name: str, day: date) -> str:
    """LOR-18.2: say why the provider may not award it on that day."""
    spans = [
        f"{granted.isoformat()} to {ended.isoformat() if ended else 'now'}"
        for granted, ended in context.accredited
    ]
    held = f" Its accreditation runs {'; '.join(spans)}." if spans else ""
    return (
        f"{provider_name} was not accredited for {context.listing_number} on "
        f"{day.isoformat()}, so it cannot award it.{held}"
    )
