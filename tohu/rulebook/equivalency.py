"""What a statement of equivalency states: an NZQCF level and a credit value (EQV-out)."""

from tohu.rulebook.findings import Finding, Severity


def check_equivalency_outcome(
    *, level: int | None, credits: int | None, notional_hours: int | None
) -> list[Finding]:
    """Check a proposed or decided level (1 to 10) and credit value (10 hours a credit)."""
    findings = []
    if level is None or not 1 <= level <= 10:
        message = "Give an NZQCF level from 1 to 10."
        findings.append(Finding("EQV-out", Severity.BLOCK, "level", message))
    if notional_hours is None or notional_hours <= 0:
        message = "Give the notional learning hours; credits come from them (10 hours a credit)."
        findings.append(Finding("EQV-out", Severity.BLOCK, "notional_hours", message))
    elif notional_hours % 10:
        message = f"{notional_hours} hours do not make a whole number of credits (10 hours each)."
        findings.append(Finding("EQV-out", Severity.BLOCK, "notional_hours", message))
    elif credits is not None and credits != notional_hours // 10:
        message = (
            f"{credits} credits do not match {notional_hours} notional hours "
            f"({notional_hours // 10} credits)."
        )
        findings.append(Finding("EQV-out", Severity.BLOCK, "credits", message))
    return findings
