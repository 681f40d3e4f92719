"""Date arithmetic the rules need."""

from __future__ import annotations

from datetime import date


def add_years(day: date, years: int) -> date:
    """Return the same day `years` later; 29 February falls on 28 February in other years."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)
