"""The 2025 review of former training schemes and older micro-credentials (TRANS-2025).

From January 2025 NZQA reviews (a) former training schemes delivered to domestic learners,
except basic first aid; (b) former training schemes shorter than 12 weeks delivered to
international learners, except English language tuition; (c) micro-credentials not listed under
the current rules. Everything else waits for a later review. Exactly 12 weeks falls between
NZQA's two wordings ("shorter than 12 weeks" in scope; "more than 12 weeks" exempt), so a person
decides.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from tohu.rulebook.dates import add_years
from tohu.rulebook.registry import computes

RULE_ID = "TRANS-2025"
INTERNATIONAL_WEEKS = 12


class Cohort(StrEnum):
    """Who a former training scheme is delivered to."""

    DOMESTIC = "domestic"
    INTERNATIONAL = "international"


class Scope(StrEnum):
    """Where the classifier puts a scheme or micro-credential."""

    NOW = "now"
    LATER = "later"
    # exactly 12 weeks for international learners: a person decides between now and later
    FLAGGED = "flagged"
    # listed under the current rules: not part of this review
    NOT_IN_REVIEW = "not_in_review"


SCOPE_LABELS = {
    Scope.NOW: "Review now",
    Scope.LATER: "Later review",
    Scope.FLAGGED: "Flagged: a person decides",
    Scope.NOT_IN_REVIEW: "Not in this review",
}


@dataclass(frozen=True)
class SchemeFacts:
    """What the classifier needs to know about a former training scheme."""

    cohort: Cohort
    duration_weeks: int
    basic_first_aid: bool = False
    english_language: bool = False


@dataclass(frozen=True)
class Classification:
    """The classifier's answer, with the reason in words and the rule id."""

    scope: Scope
    rule_id: str
    reason: str

    @property
    def label(self) -> str:
        return SCOPE_LABELS[self.scope]


@computes("TRANS-2025")
def classify_scheme(facts: SchemeFacts) -> Classification:
    """Put a former training scheme into review now, later review, or flagged (TRANS-2025)."""
    if facts.cohort is Cohort.DOMESTIC:
        return _classify_domestic(facts)
    return _classify_international(facts)


def _classify_domestic(facts: SchemeFacts) -> Classification:
    if facts.basic_first_aid:
        reason = "Delivered to domestic learners, but basic first aid schemes are reviewed later."
        return Classification(Scope.LATER, RULE_ID, reason + " (TRANS-2025 (a) exception)")
    reason = "Delivered to domestic learners and not basic first aid (TRANS-2025 (a))."
    return Classification(Scope.NOW, RULE_ID, reason)


def _classify_international(facts: SchemeFacts) -> Classification:
    weeks = facts.duration_weeks
    if facts.english_language:
        reason = "English language tuition for international learners is reviewed later"
        return Classification(Scope.LATER, RULE_ID, f"{reason} (TRANS-2025 (b) exception).")
    if weeks == INTERNATIONAL_WEEKS:
        reason = (
            "Exactly 12 weeks for international learners: NZQA reviews schemes shorter than "
            "12 weeks and exempts those longer, so a person decides (TRANS-2025 (b))."
        )
        return Classification(Scope.FLAGGED, RULE_ID, reason)
    if weeks < INTERNATIONAL_WEEKS:
        reason = f"{weeks} weeks for international learners, shorter than 12 (TRANS-2025 (b))."
        return Classification(Scope.NOW, RULE_ID, reason)
    reason = f"{weeks} weeks for international learners, longer than 12: reviewed later"
    return Classification(Scope.LATER, RULE_ID, f"{reason} (TRANS-2025 (b)).")


@computes("TRANS-2025")
def classify_micro_credential(*, first_approved_on: date, cutover_2022: date) -> Classification:
    """Say whether a micro-credential is in the 2025 review: only if first approved under the
    older rules, whatever changes were approved since (TRANS-2025 (c))."""
    if first_approved_on < cutover_2022:
        reason = (
            f"First approved on {first_approved_on.isoformat()}, before the current rules took "
            f"effect on {cutover_2022.isoformat()} (TRANS-2025 (c))."
        )
        return Classification(Scope.NOW, RULE_ID, reason)
    reason = (
        f"First approved on {first_approved_on.isoformat()}, under the current rules "
        "(TRANS-2025 (c))."
    )
    return Classification(Scope.NOT_IN_REVIEW, RULE_ID, reason)


@computes("TRANS-2025")
def scheme_review_due(first_approved_on: date, *, start: date) -> date:
    """Return the day a scheme's review is due (TRANS-2025).

    It is the first anniversary of the first approval that falls on or after `start` (the day
    the transition review began, policy); a
    29 February approval has its anniversary on 28 February in other years.
    """
    years = max(start.year - first_approved_on.year, 1)
    due = add_years(first_approved_on, years)
    while due < start:
        years += 1
        due = add_years(first_approved_on, years)
    return due
