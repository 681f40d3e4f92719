"""What a check can find: passed, failed, or could not be made."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Outcome(StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    NOT_CHECKED = "not_checked"


@dataclass(frozen=True)
class Check:
    id: str
    title: str
    outcome: Outcome
    message: str


class CheckFailed(Exception):
    def __init__(self, message: str, outcome: Outcome = Outcome.FAILED) -> None:
        super().__init__(message)
        self.message, self.outcome = message, outcome


def could_not(message: str) -> CheckFailed:
    return CheckFailed(message, Outcome.NOT_CHECKED)
