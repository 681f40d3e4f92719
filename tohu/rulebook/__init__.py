"""NZQA's micro-credential rules as pure functions, each finding citing its rule id.

Free of Django and of I/O: services gather the values, call these, and act on the findings.
Rule ids are those of domain/rules.md.
"""

from tohu.rulebook.catalogue import RULES, RuleSummary
from tohu.rulebook.cutovers import CUTOVER_2026, DEFAULT_CUTOVER_2022
from tohu.rulebook.details import (
    check_credit_and_level_given,
    check_developer,
    check_nzsced_code,
    check_purpose_statement,
    check_review_period,
    check_standards,
)
from tohu.rulebook.findings import Finding, Severity, blocks
from tohu.rulebook.language import check_english_statement, check_te_hono_summary
from tohu.rulebook.listing import (
    LISTED_TITLE_SUFFIX,
    ListingDetails,
    listed_title,
    title_without_suffix,
)
from tohu.rulebook.numbers import next_listing_number, next_version_number
from tohu.rulebook.rulebooks import (
    LISTING_CHECKS,
    RULEBOOK_2022,
    RULEBOOK_2026,
    ListingCheck,
    Rulebook,
    check_listing,
    rulebook_for,
)
from tohu.rulebook.size import check_credit_hours, check_level, check_size, check_size_pre2022
from tohu.rulebook.status import (
    ALLOWED_TRANSITIONS,
    ListingDates,
    ListingStatus,
    check_award,
    check_enrolment,
    check_status_transition,
    default_expiring_end_date,
    may_award,
    may_enrol,
    status_on,
)
from tohu.rulebook.title import (
    check_title,
    check_title_names,
    check_title_words,
    confusable_words,
)

__all__ = [
    "ALLOWED_TRANSITIONS",
    "CUTOVER_2026",
    "DEFAULT_CUTOVER_2022",
    "LISTED_TITLE_SUFFIX",
    "LISTING_CHECKS",
    "RULEBOOK_2022",
    "RULEBOOK_2026",
    "RULES",
    "Finding",
    "ListingCheck",
    "ListingDates",
    "ListingDetails",
    "ListingStatus",
    "RuleSummary",
    "Rulebook",
    "Severity",
    "blocks",
    "check_award",
    "check_credit_and_level_given",
    "check_credit_hours",
    "check_developer",
    "check_english_statement",
    "check_enrolment",
    "check_level",
    "check_listing",
    "check_nzsced_code",
    "check_purpose_statement",
    "check_review_period",
    "check_size",
    "check_size_pre2022",
    "check_standards",
    "check_status_transition",
    "check_te_hono_summary",
    "check_title",
    "check_title_names",
    "check_title_words",
    "confusable_words",
    "default_expiring_end_date",
    "listed_title",
    "may_award",
    "may_enrol",
    "next_listing_number",
    "next_version_number",
    "rulebook_for",
    "status_on",
    "title_without_suffix",
]
