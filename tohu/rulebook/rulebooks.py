"""Rulebooks by effective date: an application is checked against the one in force that day."""

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date

from tohu.rulebook.cutovers import CUTOVER_2026
from tohu.rulebook.details import (
    check_credit_and_level_given,
    check_developer,
    check_nzsced_code,
    check_purpose_statement,
    check_review_period,
    check_standards,
)
from tohu.rulebook.language import check_english_statement, check_te_hono_summary
from tohu.rulebook.listing import ListingDetails
from tohu.rulebook.policy import DEFAULTS
from tohu.rulebook.problems import Problem
from tohu.rulebook.size import check_credit_hours, check_level, check_size, check_size_pre2022
from tohu.rulebook.title import check_title, check_title_names, check_title_words

# Each takes the listing details; a few also take reference data or policy (see check_listing).
ListingCheck = Callable[..., list[Problem]]

# In the order of domain/rules.md, sections 1 and 2. The 2026 rules changed terminology, not
# these checks, so both rulebooks share them.
LISTING_CHECKS: tuple[ListingCheck, ...] = (
    check_credit_hours,
    check_level,
    check_size,
    check_size_pre2022,
    check_title,
    check_credit_and_level_given,
    check_nzsced_code,
    check_purpose_statement,
    check_developer,
    check_standards,
    check_review_period,
    check_title_words,
    check_title_names,
    check_english_statement,
    check_te_hono_summary,
)


@dataclass(frozen=True)
class Rulebook:
    """A set of NZQA rules and the day it took effect.

    `standard_setting_body_kind` names who supports and develops for industry: Workforce
    Development Councils under the 2022 rules, Industry Skills Boards under the 2026 rules.
    """

    key: str
    title: str
    effective_from: date
    standard_setting_body_kind: str
    checks: tuple[ListingCheck, ...]


# `rulebook_for` gives it the configured cut-over day.
RULEBOOK_2022 = Rulebook(
    key="2022",
    title="Qualification and Micro-credential Listing and Operational Rules 2022",
    effective_from=DEFAULTS.rules_2022_cutover,
    standard_setting_body_kind="WDC",
    checks=LISTING_CHECKS,
)

RULEBOOK_2026 = Rulebook(
    key="2026",
    title="Qualification and Micro-credential Listing and Operational Rules 2026",
    effective_from=CUTOVER_2026,
    standard_setting_body_kind="ISB",
    checks=LISTING_CHECKS,
)


def rulebook_for(day: date, *, cutover_2022: date) -> Rulebook:
    """Return the rulebook in force on a day.

    Before the 2022 rules took effect the 2022 rulebook is returned all the same: the earlier
    rules are not encoded, and the 2022 checks are the nearest. Compare the day with
    `effective_from` to tell that case apart.
    """
    if not cutover_2022 < CUTOVER_2026:
        raise ValueError(f"The 2022 rules cut-over {cutover_2022} must come before 2026.")
    if day >= CUTOVER_2026:
        return RULEBOOK_2026
    return replace(RULEBOOK_2022, effective_from=cutover_2022)


def check_listing(
    details: ListingDetails,
    *,
    on: date,
    known_nzsced_codes: frozenset[str] | None = None,
    cutover_2022: date,
) -> list[Problem]:
    """Run every listing check of the rulebook in force on a day, in rule order."""
    rulebook = rulebook_for(on, cutover_2022=cutover_2022)
    # The checks that need reference data or policy get it here.
    extra: dict[ListingCheck, dict[str, object]] = {
        check_nzsced_code: {"known_nzsced_codes": known_nzsced_codes},
        check_size_pre2022: {"cutover_2022": cutover_2022},
    }
    return [
        finding for check in rulebook.checks for finding in check(details, **extra.get(check, {}))
    ]
