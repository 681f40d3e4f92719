"""Rules on te reo Māori listings and Te Hono o Te Kahurangi (LOR r7, r14.2; TEHONO)."""

from tohu.rulebook.details import missing_purpose_parts
from tohu.rulebook.listing import ListingDetails
from tohu.rulebook.problems import Problem, Severity
from tohu.rulebook.registry import computes


@computes("LOR-7")
def check_english_statement(details: ListingDetails) -> list[Problem]:
    """Check that a listing in te reo Māori has its statement in both languages (LOR-7).

    The five purpose parts hold the English description and `purpose_mi` the statement in te
    reo Māori. A listing in te reo Māori needs both: one finding for a missing te reo Māori
    statement and one naming the English parts missing. Any listing may also carry a te reo
    Māori title or statement, so nothing is required of a listing in English.
    """
    if not details.in_te_reo_maori:
        return []
    findings = []
    if not details.purpose_mi.strip():
        message = "The listing is in te reo Māori but has no te reo Māori purpose statement."
        findings.append(Problem("LOR-7", message, field="purpose_mi", severity=Severity.BLOCK))
    missing = missing_purpose_parts(details)
    if missing:
        message = (
            "A listing in te reo Māori also needs an English description of its purpose and "
            f"outcome statement; missing: {', '.join(missing)}."
        )
        findings.append(Problem("LOR-7", message, field=missing[0], severity=Severity.BLOCK))
    return findings


@computes("TEHONO")
def check_te_hono_summary(details: ListingDetails) -> list[Problem]:
    """Check that an applicant choosing Te Hono o Te Kahurangi gives its summary (TEHONO).

    The listing then says it was evaluated that way (LOR-14.2): the `te_hono` choice itself is
    what the listing shows, so there is nothing more to check for that rule.
    """
    if not details.te_hono or details.te_hono_summary.strip():
        return []
    message = (
        "Te Hono o Te Kahurangi was chosen, but the self-reflective summary against ngā "
        "kaupapa is missing."
    )
    return [Problem("TEHONO", message, field="te_hono_summary", severity=Severity.BLOCK)]
