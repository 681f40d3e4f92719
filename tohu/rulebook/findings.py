"""Findings: what a rule says about the details it checked."""

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    """How a finding weighs on the action that raised it (see domain/rules.md)."""

    # The action is refused with a message naming the rule.
    BLOCK = "block"
    # The action goes ahead; the quality assurer judges the finding.
    FLAG = "flag"
    # Context for the reader; nothing to judge.
    INFO = "info"


@dataclass(frozen=True)
class Finding:
    """One rule's verdict on one field, in words a developer or evaluator understands."""

    rule_id: str
    severity: Severity
    field: str
    message: str


def blocks(findings: Iterable[Finding]) -> list[Finding]:
    """Return the findings that refuse the action."""
    return [finding for finding in findings if finding.severity is Severity.BLOCK]
