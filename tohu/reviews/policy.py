"""The reviews' policy values (rules.md "policy" rows), read from settings with their defaults."""

from __future__ import annotations

from datetime import date

from django.conf import settings

from tohu.rulebook import TRANSITION_START


def prompt_lead_months() -> int:
    """REV-remind: how many months before the due date the first prompt goes out."""
    return int(getattr(settings, "TOHU_REVIEW_PROMPT_MONTHS", 3))


def change_application_months() -> int:
    """REV-form: how many months the developer has to apply for the changes a review asks."""
    return int(getattr(settings, "TOHU_REVIEW_CHANGE_APPLICATION_MONTHS", 3))


def transition_start() -> date:
    """TRANS-2025: the day the transition review began; schemes fall due on or after it."""
    value = getattr(settings, "TOHU_TRANSITION_REVIEW_START", TRANSITION_START)
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def cutover_2022() -> date:
    """The day the 2022 rule sets took effect (REV-period, TRANS-2025 (c))."""
    value: date = settings.TOHU_RULES_2022_CUTOVER
    return value


def expiring_years() -> int:
    """LOR-8.3: how long a listing stays expiring before it is discontinued."""
    return int(settings.TOHU_EXPIRING_YEARS)
