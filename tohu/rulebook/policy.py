"""NZQA's policy numbers and dates (the "policy" rows of the rules), declared once.

The defaults here are NZQA's published values; each can be changed by configuration
(`tohu.settings` reads the environment into one `Policy`, and `tohu.core.policy.current()`
returns it). Rules take the values they need as arguments, so nothing else restates them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal


@dataclass(frozen=True, order=True)
class MonthDay:
    """A day of the year without the year: 25 December is MonthDay(12, 25)."""

    month: int
    day: int

    def __post_init__(self) -> None:
        # 2000 is a leap year, so 29 February is a day of the year too
        date(2000, self.month, self.day)

    @classmethod
    def parse(cls, text: str) -> MonthDay:
        """Read "MM-DD" ("12-25"); raise ValueError naming what is wrong."""
        month, _, day = text.strip().partition("-")
        problem = f"{text!r} is not a day of the year written MM-DD, such as 12-25"
        if not (month.isdigit() and day.isdigit()):
            raise ValueError(problem)
        try:
            return cls(int(month), int(day))
        except ValueError:
            raise ValueError(problem) from None

    def __str__(self) -> str:
        return f"{self.month:02d}-{self.day:02d}"


# The longest close-down the rules know is 25 December to 15 January (22 days); anything past a
# month is a mistake in the configuration, not a close-down.
MAX_CLOSE_DOWN_DAYS = 31


@dataclass(frozen=True, kw_only=True)
class CloseDown:
    """The summer close-down that is not working days, from `first` to `last` inclusive.

    EQV-time: New Zealand law's general definition of a working day (Legislation Act 2019,
    section 13) leaves out 25 December to 2 January. The period may run over the new year.
    """

    first: MonthDay = MonthDay(12, 25)
    last: MonthDay = MonthDay(1, 2)

    def __post_init__(self) -> None:
        if self.days() > MAX_CLOSE_DOWN_DAYS:
            raise ValueError(
                f"a close-down from {self.first} to {self.last} is {self.days()} days; "
                f"at most {MAX_CLOSE_DOWN_DAYS} are allowed"
            )

    def days(self) -> int:
        """Return how many days the close-down lasts (in a leap year, when that matters)."""
        first = date(2000, self.first.month, self.first.day)
        last = date(2000, self.last.month, self.last.day)
        return (last - first).days % 366 + 1

    def holds(self, day: date) -> bool:
        """Say whether the day falls in the close-down."""
        today = MonthDay(day.month, day.day)
        if self.first <= self.last:
            return self.first <= today <= self.last
        return today >= self.first or today <= self.last


@dataclass(frozen=True, kw_only=True)
class Policy:
    """Every policy value the rules use, with NZQA's published value as its default."""

    # The day the 2022 rule sets took effect: NZQA says only "mid-January 2023" (REV-period,
    # TRANS-2025 (c), MC-size-pre2022, WDC-support).
    rules_2022_cutover: date = date(2023, 1, 16)
    # LOR-8.3: how long a listing stays expiring, by default, before it is discontinued.
    expiring_years: int = 2
    # REV-remind: months before a review's due date that the first prompt goes out.
    review_prompt_months: int = 3
    # REV-form: months a developer has to apply for the changes an accepted review asks for.
    review_change_application_months: int = 3
    # TRANS-2025: the 2025 review began in January 2025; schemes fall due on or after it.
    transition_review_start: date = date(2025, 1, 1)
    # FEE-hourly: evaluation by the hour, excluding GST; GST on every fee.
    evaluation_hourly_rate: Decimal = Decimal("190.00")
    gst_rate: Decimal = Decimal("0.15")
    # EQV-fee: one statement, and a bundle of 2 to 10, each with the hours its fee includes.
    equivalency_fee_single: Decimal = Decimal("900.00")
    equivalency_hours_single: Decimal = Decimal(4)
    equivalency_fee_bundle: Decimal = Decimal("1820.00")
    equivalency_hours_bundle: Decimal = Decimal(8)
    # EQV-window: the last day applications were taken, and the day the register is archived.
    equivalency_last_day: date = date(2025, 12, 31)
    equivalency_archived_from: date = date(2026, 12, 31)
    # ROA-fee: the credit reporting fee on micro-credential completions, expected by legislative
    # change in mid-2026: off until configured, at NZQA's rate per credit from 1 January 2026.
    reporting_fee_on: bool = False
    reporting_fee_from: date = date(2026, 7, 1)
    reporting_fee_per_credit: Decimal = Decimal("1.10")
    # EQV-time: the summer close-down of the general definition of a working day.
    close_down: CloseDown = CloseDown()
    # Tohu's own keeping period, not NZQA's: days a webhook message delivered to its endpoint (and
    # its attempts) is kept, for the endpoint's delivery log, before `tohu daily` prunes it. A
    # delivery not yet delivered is never pruned.
    webhook_messages_keep_days: int = 90


DEFAULTS = Policy()
