"""A problem with one row of a completion report (or with the whole file)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    """One reason a row (or the file) cannot be recorded, with the rule id it breaks."""

    line: int
    column: str
    value: str
    rule_id: str
    message: str
