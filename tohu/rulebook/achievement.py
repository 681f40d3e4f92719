"""Reporting achievement: the rules of domain/rules.md section 6 (ROA-*, LOR-18.2).

The results import and the single-completion services gather reference data in batches and
call these once per row; each finding names the rule and says what a results officer can do.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from tohu.rulebook.dates import add_months
from tohu.rulebook.problems import Problem, Severity
from tohu.rulebook.registry import computes
from tohu.rulebook.status import ListingDates, check_award

# ROA-3m: NZQA's rules ask for completions within 3 months.
MONTHS_TO_REPORT = 3
# ROA-nsn: an NSN has at most 10 digits; shorter ones are kept as given (leading zeros and all).
NSN_MAX_DIGITS = 10


@computes("ROA-3m")
def is_late(date_of_achievement: date, *, reported_on: date) -> bool:
    """ROA-3m: a report more than 3 months after the date of achievement is late (a flag)."""
    return reported_on > add_months(date_of_achievement, MONTHS_TO_REPORT)


@computes("ROA-nsn")
def fold_name(name: str) -> str:
    """ROA-nsn: compare names without case, macrons or repeated spaces (Māori = Maori = MĀORI)."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(letters.replace("-", " ").split())


@computes("ROA-nsn")
def check_nsn(nsn: str) -> list[Problem]:
    """ROA-nsn: an NSN is 1 to 10 digits, leading zeros kept; no check digit is assumed."""
    if not nsn:
        message = "Give the learner's NSN."
    elif not (nsn.isascii() and nsn.isdigit()):
        message = f"“{nsn}” is not an NSN: an NSN is digits only (no letters or spaces)."
    elif len(nsn) > NSN_MAX_DIGITS:
        message = f"“{nsn}” is not an NSN: an NSN has at most {NSN_MAX_DIGITS} digits."
    else:
        return []
    return [Problem("ROA-nsn", message, field="nsn", severity=Severity.BLOCK)]


@computes("ROA-nsn")
def unknown_nsn_message(nsn: str) -> str:
    """ROA-nsn: explain an NSN the learner index does not know, with the usual cause."""
    hint = ""
    if len(nsn) < NSN_MAX_DIGITS:
        hint = " Spreadsheets often drop leading zeros: check the NSN kept them."
    return f"NSN {nsn} is not in the learner index.{hint}"


@dataclass(frozen=True, slots=True)
class AwardContext:
    """What the rules need to know about one micro-credential for one provider."""

    listing_number: str
    dates: ListingDates
    provider_holds_approval: bool
    accredited: tuple[tuple[date, date | None], ...]


@computes("LOR-18.2")
def provider_may_award(context: AwardContext, day: date) -> bool:
    """LOR-18.2: the approval holder, or a provider whose accreditation was in force that day."""
    if context.provider_holds_approval:
        return True
    return any(
        granted <= day and (ended is None or day <= ended) for granted, ended in context.accredited
    )


@computes("ROA-date", "ROA-status")
def check_date_of_achievement(day: date, context: AwardContext, *, today: date) -> list[Problem]:
    """ROA-date, then ROA-status, LOR-8.5 and LOR-10: may the day be a date of achievement?"""
    listed_on = context.dates.listed_on
    field = "date_of_achievement"
    if day > today:
        message = f"The date of achievement {day.isoformat()} is in the future."
        return [Problem("ROA-date", message, field=field, severity=Severity.BLOCK)]
    if day < listed_on:
        message = (
            f"The date of achievement {day.isoformat()} is before {context.listing_number} "
            f"was first listed on {listed_on.isoformat()}."
        )
        return [Problem("ROA-date", message, field=field, severity=Severity.BLOCK)]
    for finding in check_award(day, context.dates, today=today):
        message = finding.message.rstrip(".")
        discontinued = context.dates.discontinued_from
        if finding.rule_id == "LOR-8.5" and discontinued is not None:
            message += f" on {discontinued.isoformat()}"
        message = f"{context.listing_number}: {message}."
        return [Problem(finding.rule_id, message, field=field, severity=Severity.BLOCK)]
    return []


@computes("LOR-18.2")
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


@computes("ROA-total")
def counted_versions(held: Iterable[tuple[str, int]]) -> set[tuple[str, int]]:
    """ROA-total: each micro-credential counts once in a learner's totals (credits, count, by
    level). Of several versions of one listing held, the latest version counts; the earlier ones
    stay on the record, marked as not counted. `held` gives (listing number, version number)."""
    latest: dict[str, int] = {}
    for listing_number, version in held:
        latest[listing_number] = max(version, latest.get(listing_number, version))
    return set(latest.items())
