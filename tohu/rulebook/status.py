"""The status lifecycle of a listing (LOR r8 and r10; domain/rules.md section 3).

Only the quality assurer assigns a status (LOR-8.1); checking the actor is the caller's part.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from tohu.rulebook.dates import add_years
from tohu.rulebook.problems import Problem, Severity
from tohu.rulebook.registry import computes


class ListingStatus(StrEnum):
    """The status of a listing. New listings are current (LOR-8.1)."""

    CURRENT = "current"
    EXPIRING = "expiring"
    DISCONTINUED = "discontinued"
    # Listed by mistake (LOR-10): kept on record, never offered or awarded.
    REMOVED = "removed"


# The statuses each status may move to. Expiring may return to current when NZQA withdraws a
# decision to discontinue before it takes effect; discontinued is final except for removal.
ALLOWED_TRANSITIONS: Mapping[ListingStatus, frozenset[ListingStatus]] = {
    ListingStatus.CURRENT: frozenset(
        {ListingStatus.EXPIRING, ListingStatus.DISCONTINUED, ListingStatus.REMOVED}
    ),
    ListingStatus.EXPIRING: frozenset(
        {ListingStatus.CURRENT, ListingStatus.DISCONTINUED, ListingStatus.REMOVED}
    ),
    ListingStatus.DISCONTINUED: frozenset({ListingStatus.REMOVED}),
    ListingStatus.REMOVED: frozenset(),
}

# The rule that explains why a listing cannot leave a status.
_RULE_KEEPING = {
    ListingStatus.CURRENT: "LOR-8.1",
    ListingStatus.EXPIRING: "LOR-8.3",
    ListingStatus.DISCONTINUED: "LOR-8.5",
    ListingStatus.REMOVED: "LOR-10",
}


@computes("LOR-8.3")
def default_expiring_end_date(today: date, *, years: int) -> date:
    """Return the default end of an expiring period: the same day `years` later (LOR-8.3).

    From 29 February the period ends on 28 February when the end year has no leap day, so it
    never runs past the years set. The number of years is policy: pass the configured value.
    A period reaching past the calendar's last year ends on its last day.
    """
    return add_years(today, years)


@computes("LOR-8.3")
def discontinued_after_expiry(end_date: date) -> date | None:
    """Return the day an expiring listing becomes discontinued: the day after its end date.

    LOR-8.3: the end date itself is still expiring. An expiring period that ends on the
    calendar's last day never ends (None).
    """
    return end_date + timedelta(days=1) if end_date < date.max else None


@computes("LOR-8.1", "LOR-8.3", "LOR-10")
def check_status_transition(
    current: ListingStatus,
    target: ListingStatus,
    *,
    today: date,
    end_date: date | None = None,
    reason: str = "",
) -> list[Problem]:
    """Check a status change the quality assurer proposes.

    An expiring status needs an end date after today (LOR-8.3); a removal needs the reason the
    listing was made by mistake (LOR-10).
    """
    if target not in ALLOWED_TRANSITIONS[current]:
        message = f"A listing cannot move from {current} to {target}."
        return [Problem(_RULE_KEEPING[current], message, field="status", severity=Severity.BLOCK)]
    if target is ListingStatus.EXPIRING:
        return _check_end_date(end_date, today=today)
    if target is ListingStatus.REMOVED and not reason.strip():
        message = "Give the reason the listing was made by mistake before removing it."
        return [Problem("LOR-10", message, field="reason", severity=Severity.BLOCK)]
    return []


def _check_end_date(end_date: date | None, *, today: date) -> list[Problem]:
    """Check that an expiring status ends after today (LOR-8.3)."""
    if end_date is None:
        message = "An expiring status needs an end date."
    elif end_date <= today:
        message = f"The end date {end_date.isoformat()} must be after today."
    else:
        return []
    return [Problem("LOR-8.3", message, field="end_date", severity=Severity.BLOCK)]


@dataclass(frozen=True, kw_only=True)
class ListingDates:
    """The days a listing's status changed, or will change.

    `end_date` is the last day of the expiring period (LOR-8.3): the listing is discontinued
    from the next day, unless NZQA discontinued it earlier (`discontinued_on`).
    """

    listed_on: date
    expiring_from: date | None = None
    end_date: date | None = None
    discontinued_on: date | None = None
    removed_on: date | None = None

    @property
    def discontinued_from(self) -> date | None:
        """Return the first day the listing is discontinued, if it is or will be."""
        after_expiry = None
        if self.end_date is not None:
            after_expiry = discontinued_after_expiry(self.end_date)
        days = [day for day in (self.discontinued_on, after_expiry) if day is not None]
        return min(days, default=None)


@computes("LOR-8.1")
def status_on(day: date, dates: ListingDates) -> ListingStatus | None:
    """Return the listing's status on a day, or None before it was listed."""
    discontinued_from = dates.discontinued_from
    if day < dates.listed_on:
        return None
    if dates.removed_on is not None and day >= dates.removed_on:
        return ListingStatus.REMOVED
    if discontinued_from is not None and day >= discontinued_from:
        return ListingStatus.DISCONTINUED
    if dates.expiring_from is not None and day >= dates.expiring_from:
        return ListingStatus.EXPIRING
    return ListingStatus.CURRENT


@computes("LOR-8.4a")
def check_enrolment(status: ListingStatus | None) -> list[Problem]:
    """Check that a listing in this status takes new enrolments: only when current.

    No new enrolments from the day expiring status is assigned (LOR-8.4a); a discontinued
    listing is not offered (LOR-8.5); a removed one never was (LOR-10).
    """
    rule_id = {
        ListingStatus.CURRENT: None,
        ListingStatus.EXPIRING: "LOR-8.4a",
        ListingStatus.DISCONTINUED: "LOR-8.5",
        ListingStatus.REMOVED: "LOR-10",
        None: "LOR-8.1",
    }[status]
    if rule_id is None:
        return []
    message = f"A micro-credential that is {status or 'not listed'} takes no new enrolments."
    return [Problem(rule_id, message, field="status", severity=Severity.BLOCK)]


@computes("LOR-8.4a")
def may_enrol(status: ListingStatus | None) -> bool:
    """Return whether a new learner may enrol while the listing has this status (LOR-8.4a)."""
    return not check_enrolment(status)


@computes("LOR-8.5", "LOR-10", "ROA-status")
def check_award(date_completed: date, dates: ListingDates, *, today: date) -> list[Problem]:
    """Check that a learner who completed on this day may be awarded the micro-credential.

    The listing must have been current or expiring on the day of completion: after
    discontinuation only what was completed before it may be awarded (LOR-8.5, ROA-status).
    A listing removed as a mistake is awarded to nobody (LOR-10).
    """
    completed = date_completed.isoformat()
    statuses = {status_on(today, dates), status_on(date_completed, dates)}
    if ListingStatus.REMOVED in statuses:
        message = "The micro-credential was removed from the register; it cannot be awarded."
        return [Problem("LOR-10", message, field="status", severity=Severity.BLOCK)]
    status = status_on(date_completed, dates)
    if status is None:
        message = f"Completed on {completed}, before the micro-credential was listed."
        return [Problem("ROA-status", message, field="date_completed", severity=Severity.BLOCK)]
    if status is ListingStatus.DISCONTINUED:
        message = f"Completed on {completed}, after the micro-credential was discontinued."
        return [Problem("LOR-8.5", message, field="date_completed", severity=Severity.BLOCK)]
    return []
