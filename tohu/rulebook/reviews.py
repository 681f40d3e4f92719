"""Reviews of listed micro-credentials (rules.md section 5: REV-period, REV-remind, REV-form).

Pure date and completeness rules: services gather the values, call these and act on the result.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from tohu.rulebook.dates import add_months, add_years
from tohu.rulebook.problems import Problem, Severity
from tohu.rulebook.registry import computes

# REV-period: approved before the 2023 rules cut-over means an annual review.
PRE_2023_PERIOD_YEARS = 1


@dataclass(frozen=True)
class ReviewPeriod:
    """The review period that applies, and why, in words with the rule id."""

    years: int
    rule_id: str
    reason: str


@computes("REV-period")
def review_period(
    *,
    first_approved_on: date,
    proposed_years: int,
    cutover_2022: date,
    override_years: int | None = None,
    override_reason: str = "",
) -> ReviewPeriod:
    """Return the review period of a micro-credential (REV-period, LOR-6.1g, LOR r14.4(c)).

    A period the quality assurer set wins; otherwise a micro-credential first approved before
    the cut-over is reviewed every year whatever it proposed, however many changes were approved
    since; otherwise the period proposed (by its latest version) applies.
    """
    if override_years is not None:
        reason = f"Set by the quality assurer: {override_reason}".rstrip(": ")
        return ReviewPeriod(override_years, "LOR-6.1g", reason)
    if first_approved_on < cutover_2022:
        reason = (
            f"First approved on {first_approved_on.isoformat()}, before the 2023 rules took effect "
            f"({cutover_2022.isoformat()}): reviewed every year."
        )
        return ReviewPeriod(PRE_2023_PERIOD_YEARS, "REV-period", reason)
    reason = f"The period proposed at listing: {proposed_years} year(s)."
    return ReviewPeriod(proposed_years, "REV-period", reason)


@computes("REV-period")
def next_review_due(*, last_reviewed_on: date, period: ReviewPeriod) -> date:
    """REV-period: the listing date (or last accepted review) plus the review period."""
    return add_years(last_reviewed_on, period.years)


@computes("REV-form")
def change_application_due(accepted_on: date, *, months: int) -> date:
    """REV-form: the change application a "continue with changes" outcome asks for is due
    `months` (policy) after the review is accepted."""
    return add_months(accepted_on, months)


@computes("LOR-6.1g")
def check_period_override(years: int, reason: str) -> list[Problem]:
    """Check a review period the quality assurer sets: whole years 1 to 10, with a reason."""
    findings: list[Problem] = []
    if not 1 <= years <= 10:
        message = "A review period is a whole number of years from 1 to 10."
        findings.append(Problem("LOR-6.1g", message, field="years", severity=Severity.BLOCK))
    if not reason.strip():
        message = "Give the reason the quality assurer sets this review period (LOR r14.4(c))."
        findings.append(Problem("LOR-6.1g", message, field="reason", severity=Severity.BLOCK))
    return findings


class PromptKind(StrEnum):
    """The prompts REV-remind sends for one review, each at most once."""

    ADVANCE = "advance"
    DUE = "due"
    OVERDUE = "overdue"


@computes("REV-remind")
def prompts_due(*, due_on: date, today: date, lead_months: int) -> list[PromptKind]:
    """Return the prompts that should have gone out by today (REV-remind).

    The advance prompt goes `lead_months` before the due date, another on the due date, and the
    review is marked overdue the day after it.
    """
    kinds: list[PromptKind] = []
    if today >= add_months(due_on, -lead_months):
        kinds.append(PromptKind.ADVANCE)
    if today >= due_on:
        kinds.append(PromptKind.DUE)
    if today > due_on:
        kinds.append(PromptKind.OVERDUE)
    return kinds


@computes("REV-remind")
def is_overdue(*, due_on: date, today: date, answered: bool) -> bool:
    """Say whether a review is overdue: past its due date without an accepted or filed report."""
    return not answered and today > due_on


@computes("REV-remind")
def days_overdue(*, due_on: date, today: date) -> int:
    """Return how many days a review is past its due date (0 when it is not)."""
    return max((today - due_on).days, 0)


@computes("REV-prov")
def completion_rate(enrolments: int | None, completions: int | None) -> float | None:
    """Return completions as a percentage of enrolments, or None when it cannot be worked out."""
    if enrolments is None or completions is None or enrolments <= 0:
        return None
    return round(100 * completions / enrolments, 1)


# REV-dev: what a developer's report must answer before it is submitted.
DEVELOPER_REPORT_FIELDS: Mapping[str, str] = {
    "evidence_of_need": "Say whether there is still evidence of need.",
    "evidence_of_need_detail": "Give the evidence of need (or why it has gone).",
    "updates_needed": "Say what updates are needed ('none' if none).",
    "consulted_iwi_hapu": "Say how iwi and hapū were consulted ('not consulted' and why).",
    "consulted_industry": "Say how industry was consulted.",
    "consulted_providers": "Say how accredited providers were consulted.",
    "outcome": "Choose the outcome the review proposes.",
}

# REV-prov: what a provider's report must answer before it is submitted.
PROVIDER_REPORT_FIELDS: Mapping[str, str] = {
    "enrolments": "Give the number of enrolments in the review period.",
    "completions": "Give the number of completions in the review period.",
    "maori_enrolments": "Give the number of Māori learners enrolled.",
    "maori_completions": "Give the number of Māori learners who completed.",
    "pacific_enrolments": "Give the number of Pacific learners enrolled.",
    "pacific_completions": "Give the number of Pacific learners who completed.",
    "capability_to_deliver": "Describe the provider's capability to deliver.",
}

# A former training scheme's provider answers continue or retire (TRANS-2025).
SCHEME_REPORT_FIELDS: Mapping[str, str] = {
    **PROVIDER_REPORT_FIELDS,
    "outcome": "Say whether the provider will continue or retire the scheme.",
}


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


@computes("REV-dev", "REV-prov")
def check_report_complete(
    answers: Mapping[str, object], required: Mapping[str, str], *, rule_id: str
) -> list[Problem]:
    """Check that a review report answers every required question before it is submitted."""
    return [
        Problem(rule_id, message, field=name, severity=Severity.BLOCK)
        for name, message in required.items()
        if _blank(answers.get(name))
    ]


@computes("REV-prov")
def check_learner_figures(answers: Mapping[str, object]) -> list[Problem]:
    """Check that completions never exceed enrolments, overall and for each group (REV-prov)."""
    findings: list[Problem] = []
    for prefix, who in (
        ("", "learners"),
        ("maori_", "Māori learners"),
        ("pacific_", "Pacific learners"),
    ):
        enrolments, completions = (
            answers.get(f"{prefix}enrolments"),
            answers.get(f"{prefix}completions"),
        )
        if (
            isinstance(enrolments, int)
            and isinstance(completions, int)
            and completions > enrolments
        ):
            message = f"More {who} completed ({completions}) than enrolled ({enrolments})."
            findings.append(
                Problem("REV-prov", message, field=f"{prefix}completions", severity=Severity.BLOCK)
            )
    for group, who in (("maori_", "Māori"), ("pacific_", "Pacific")):
        part, whole = answers.get(f"{group}enrolments"), answers.get("enrolments")
        if isinstance(part, int) and isinstance(whole, int) and part > whole:
            message = f"{who} enrolments ({part}) cannot exceed all enrolments ({whole})."
            findings.append(
                Problem("REV-prov", message, field=f"{group}enrolments", severity=Severity.BLOCK)
            )
    return findings
