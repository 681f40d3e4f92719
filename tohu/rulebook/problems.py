"""Problems: what a rule or a check of input says is wrong, or worth a look, and where.

One type for every kind: a rule's finding on an application or a report (with its severity), a
field of a form or an API body, a row and column of a file. The pre-check, the results file and
its error report, the former training schemes' import, forms and the API's problem details
(`errors`) all carry it.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    """How a problem weighs on the action that raised it (see domain/rules.md)."""

    # The action is refused with a message naming the rule.
    BLOCK = "block"
    # The action goes ahead; the quality assurer judges the finding.
    FLAG = "flag"
    # Context for the reader; nothing to judge.
    INFO = "info"


@dataclass(frozen=True)
class Problem:
    """One thing wrong, in words a person can act on: the rule it breaks (if a rule does), what
    is wrong, where (the field, column or parameter; the row of a file, counting the header as
    row 1, or the item of a list, from 1; row 0 is the whole file), the value sent, and how it
    weighs."""

    rule_id: str | None
    message: str
    field: str = ""
    row: int | None = None
    value: str | None = None
    severity: Severity = Severity.BLOCK

    @property
    def place(self) -> str:
        """Where the problem is, as people say it: "row 3, reference"."""
        row = f"row {self.row}" if self.row else ""
        return ", ".join(part for part in (row, self.field) if part)

    def __str__(self) -> str:
        return f"{self.place}: {self.message}" if self.place else self.message


def blocks(problems: Iterable[Problem]) -> list[Problem]:
    """Return the problems that refuse the action."""
    return [problem for problem in problems if problem.severity is Severity.BLOCK]
