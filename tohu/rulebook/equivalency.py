"""What a statement of equivalency states: an NZQCF level and a credit value (EQV-out)."""

from tohu.rulebook.credits import HOURS_PER_CREDIT, credits_from_hours
from tohu.rulebook.problems import Problem, Severity
from tohu.rulebook.registry import computes
from tohu.rulebook.size import LEVELS


@computes("EQV-out")
def check_equivalency_outcome(
    *, level: int | None, credits: int | None, notional_hours: int | None
) -> list[Problem]:
    """Check a proposed or decided level (1 to 10) and credit value (10 hours a credit)."""
    findings = []
    if level not in LEVELS:
        message = "Give an NZQCF level from 1 to 10."
        findings.append(Problem("EQV-out", message, field="level", severity=Severity.BLOCK))
    if notional_hours is None or notional_hours <= 0:
        message = "Give the notional learning hours; credits come from them (10 hours a credit)."
        findings.append(
            Problem("EQV-out", message, field="notional_hours", severity=Severity.BLOCK)
        )
    elif (from_hours := credits_from_hours(notional_hours)) is None:
        message = (
            f"{notional_hours} hours do not make a whole number of credits "
            f"({HOURS_PER_CREDIT} hours each)."
        )
        findings.append(
            Problem("EQV-out", message, field="notional_hours", severity=Severity.BLOCK)
        )
    elif credits is not None and credits != from_hours:
        message = (
            f"{credits} credits do not match {notional_hours} notional hours "
            f"({from_hours} credits)."
        )
        findings.append(Problem("EQV-out", message, field="credits", severity=Severity.BLOCK))
    return findings
