"""Rules on what a listing must contain (LOR r6.1(b) to (g))."""

import re

from tohu.rulebook.listing import ListingDetails
from tohu.rulebook.problems import Problem, Severity
from tohu.rulebook.registry import computes

_NZSCED_CODE = re.compile(r"[0-9]{6}")

# A standard on the Directory of Assessment and Skill Standards is named by its number, one to
# six digits without a leading zero, optionally marked "US" (unit standard) or "SS" (skill
# standard) in either case: "6400", "US6400", "ss40001". Versions ("6400v5") are not part of it.
_STANDARD_NUMBER = re.compile(r"(?:US|SS)?[1-9][0-9]{0,5}", re.IGNORECASE)

# Parts (i), (ii), (iii) and (v) of the purpose and outcome statement; (iv) may be "none".
REQUIRED_PURPOSE_PARTS: dict[str, str] = {
    "purpose_i": "(i) how it is used in New Zealand or elsewhere",
    "purpose_ii": "(ii) its relevance to learners, whānau, hapū, iwi, industry or communities",
    "purpose_iii": "(iii) the knowledge, skills and attributes a graduate can demonstrate",
    "purpose_v": "(v) a cultural or employment pathway, or contribution to community",
}

REVIEW_PERIODS_YEARS = frozenset({1, 2, 3})


def missing_purpose_parts(details: ListingDetails) -> list[str]:
    """Return the fields of the required statement parts that are blank."""
    written = {
        "purpose_i": details.purpose_i,
        "purpose_ii": details.purpose_ii,
        "purpose_iii": details.purpose_iii,
        "purpose_v": details.purpose_v,
    }
    return [field for field in REQUIRED_PURPOSE_PARTS if not written[field].strip()]


@computes("LOR-6.1b")
def check_credit_and_level_given(details: ListingDetails) -> list[Problem]:
    """Check that the listing has a credit value and a level (LOR-6.1b).

    Notional hours that give whole credits stand in for a credit value.
    """
    findings = []
    if details.credit_value is None:
        message = "The credit value is missing (give credits, or hours that make whole credits)."
        findings.append(Problem("LOR-6.1b", message, field="credits", severity=Severity.BLOCK))
    if details.level is None:
        message = "The NZQCF level is missing."
        findings.append(Problem("LOR-6.1b", message, field="level", severity=Severity.BLOCK))
    return findings


@computes("LOR-6.1c")
def check_nzsced_code(
    details: ListingDetails, *, known_nzsced_codes: frozenset[str] | None = None
) -> list[Problem]:
    """Check the NZSCED field-of-study code: six digits, and on the reference list (LOR-6.1c).

    A code missing from the list is flagged, not blocked: the list is the shared ASCED base, and
    New Zealand's own detailed fields are not in it. With no list given, membership is not
    checked.
    """
    code = details.nzsced_code
    if not _NZSCED_CODE.fullmatch(code):
        message = f'The NZSCED field-of-study code "{code}" is not six digits.'
        return [Problem("LOR-6.1c", message, field="nzsced_code", severity=Severity.BLOCK)]
    if known_nzsced_codes is None or code in known_nzsced_codes:
        return []
    message = (
        f"The NZSCED code {code} is not on the reference list; check it is a New Zealand "
        "detailed field."
    )
    return [Problem("LOR-6.1c", message, field="nzsced_code", severity=Severity.FLAG)]


@computes("LOR-6.1d")
def check_purpose_statement(details: ListingDetails) -> list[Problem]:
    """Check that parts (i), (ii), (iii) and (v) of the statement are written (LOR-6.1d).

    Part (iv), education pathways, may be "none" or left empty.
    """
    return [
        Problem(
            "LOR-6.1d",
            f"The purpose and outcome statement is missing part {REQUIRED_PURPOSE_PARTS[field]}.",
            field=field,
            severity=Severity.BLOCK,
        )
        for field in missing_purpose_parts(details)
    ]


@computes("LOR-6.1e")
def check_developer(details: ListingDetails) -> list[Problem]:
    """Check that the appointed developer is named (LOR-6.1e)."""
    if details.developer_name.strip():
        return []
    message = "The name of the appointed developer is missing."
    return [Problem("LOR-6.1e", message, field="developer_name", severity=Severity.BLOCK)]


@computes("LOR-6.1f")
def check_standards(details: ListingDetails) -> list[Problem]:
    """Check that each standard used is a well-formed standard number, named once (LOR-6.1f).

    The list may be empty.
    """
    findings = [
        Problem(
            "LOR-6.1f",
            f'"{standard}" is not a standard number (for example 6400, US6400 or SS40001).',
            field="standards_used",
            severity=Severity.BLOCK,
        )
        for standard in details.standards_used
        if not _STANDARD_NUMBER.fullmatch(standard)
    ]
    seen: set[str] = set()
    for standard in details.standards_used:
        if standard.upper() in seen:
            message = f"Standard {standard} is listed more than once."
            findings.append(
                Problem("LOR-6.1f", message, field="standards_used", severity=Severity.BLOCK)
            )
        seen.add(standard.upper())
    return findings


@computes("LOR-6.1g")
def check_review_period(details: ListingDetails) -> list[Problem]:
    """Check that the review period is 1, 2 or 3 years, unless NZQA set it (LOR-6.1g).

    NZQA may set another period (LOR r14.4(c)), but never a missing or non-positive one.
    """
    years = details.review_period_years
    if years is None:
        message = "The review period is missing."
    elif years < 1:
        message = f"A review period of {years} years is not a period."
    elif years in REVIEW_PERIODS_YEARS or details.review_period_set_by_quality_assurer:
        return []
    else:
        message = f"A review period of {years} years is not 1, 2 or 3 years; only NZQA may set it."
    return [Problem("LOR-6.1g", message, field="review_period_years", severity=Severity.BLOCK)]
