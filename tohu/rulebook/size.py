"""Rules on units, level and size (domain/rules.md section 1)."""

from datetime import date

from tohu.rulebook.credits import HOURS_PER_CREDIT, credits_from_hours
from tohu.rulebook.listing import ListingDetails
from tohu.rulebook.problems import Problem, Severity
from tohu.rulebook.registry import computes

LEVELS = range(1, 11)
CREDITS = range(1, 41)
CREDITS_BEFORE_2022_RULES = range(5, 41)


@computes("LOR-3-credit")
def check_credit_hours(details: ListingDetails) -> list[Problem]:
    """Check that the notional hours give whole credits matching those given (LOR-3-credit)."""
    hours, credits = details.notional_hours, details.credits
    if hours is None:
        return []
    from_hours = credits_from_hours(hours)
    if from_hours is None:
        message = (
            f"{hours} notional learning hours do not give a whole number of credits "
            f"(one credit is {HOURS_PER_CREDIT} hours)."
        )
        return [Problem("LOR-3-credit", message, field="notional_hours", severity=Severity.BLOCK)]
    if credits is not None and from_hours != credits:
        message = (
            f"{hours} notional learning hours give {from_hours} credits, "
            f"but the credit value given is {credits}."
        )
        return [Problem("LOR-3-credit", message, field="notional_hours", severity=Severity.BLOCK)]
    return []


@computes("LOR-3-level")
def check_level(details: ListingDetails) -> list[Problem]:
    """Check that a level given is an NZQCF level, 1 to 10 (LOR-3-level).

    A missing level is LOR-6.1b's finding, not this rule's.
    """
    if details.level is None or details.level in LEVELS:
        return []
    message = f"Level {details.level} is not an NZQCF level; levels run from 1 to 10."
    return [Problem("LOR-3-level", message, field="level", severity=Severity.BLOCK)]


@computes("MC-size")
def check_size(details: ListingDetails) -> list[Problem]:
    """Check that the credit value is 1 to 40 (MC-size).

    A former training scheme (deemed micro-credential) keeps its size until reviewed, so for a
    legacy record the finding is a flag for the quality assurer, not a block.
    """
    credits = details.credit_value
    if credits is None or credits in CREDITS:
        return []
    if details.legacy:
        message = (
            f"Credit value {credits} is outside 1 to 40; allowed for a former training scheme "
            "until it is reviewed."
        )
        return [Problem("MC-size", message, field="credits", severity=Severity.FLAG)]
    message = f"Credit value {credits} is outside 1 to 40 credits for a micro-credential."
    return [Problem("MC-size", message, field="credits", severity=Severity.BLOCK)]


@computes("MC-size-pre2022")
def check_size_pre2022(details: ListingDetails, *, cutover_2022: date) -> list[Problem]:
    """Note a record approved before the 2022 rules took effect, when the range was 5..40.

    MC-size-pre2022 is information only: such records keep their values. The note appears for
    every such record with a credit value, and says so when the value lies outside 5..40 too
    (1 to 4 credits, or a former training scheme's size), so the evaluator knows which
    settings the value was approved under.
    """
    approved_on, credits = details.approved_on, details.credit_value
    if approved_on is None or approved_on >= cutover_2022 or credits is None:
        return []
    message = (
        f"Approved on {approved_on.isoformat()}, before the 2022 rules took effect, when "
        f"micro-credentials were 5 to 40 credits; its credit value of {credits} is kept"
    )
    if credits not in CREDITS_BEFORE_2022_RULES:
        message += ", though it is outside that range too"
    return [Problem("MC-size-pre2022", message + ".", field="credits", severity=Severity.INFO)]
