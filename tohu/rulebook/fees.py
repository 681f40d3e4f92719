"""Fees: evaluation by the hour (FEE-hourly), statements of equivalency (EQV-fee) and the credit
reporting fee on completions (ROA-fee).

The amounts are policy (`tohu.rulebook.policy`); these rules only work out what is owed.
"""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from tohu.rulebook.policy import Policy
from tohu.rulebook.problems import Problem, Severity
from tohu.rulebook.registry import computes

EQUIVALENCY_BUNDLE_MAX = 10
_CENT = Decimal("0.01")


@dataclass(frozen=True)
class Fee:
    """An amount excluding GST, the GST on it and the total."""

    excluding_gst: Decimal
    gst: Decimal
    including_gst: Decimal
    rule_id: str

    @classmethod
    def of(cls, amount: Decimal, *, gst_rate: Decimal, rule_id: str) -> "Fee":
        excluding = amount.quantize(_CENT, ROUND_HALF_UP)
        gst = (excluding * gst_rate).quantize(_CENT, ROUND_HALF_UP)
        return cls(excluding, gst, excluding + gst, rule_id)


@computes("FEE-hourly")
def evaluation_fee(hours: Decimal, policy: Policy) -> Fee:
    """Estimate the evaluation fee: hours at the hourly rate, plus GST (FEE-hourly)."""
    if hours < 0:
        raise ValueError("hours must not be negative")
    amount = hours * policy.evaluation_hourly_rate
    return Fee.of(amount, gst_rate=policy.gst_rate, rule_id="FEE-hourly")


@computes("EQV-fee")
def check_bundle_size(count: int) -> list[Problem]:
    """A statement of equivalency is asked for alone or in a bundle of 2 to 10 (EQV-fee)."""
    if 1 <= count <= EQUIVALENCY_BUNDLE_MAX:
        return []
    message = f"A bundle holds 1 to {EQUIVALENCY_BUNDLE_MAX} micro-credentials, not {count}."
    return [Problem("EQV-fee", message, field="bundle_size", severity=Severity.BLOCK)]


@computes("EQV-fee")
def equivalency_fee(count: int, hours: Decimal, policy: Policy) -> Fee:
    """Return the fee for one statement or a bundle of 2 to 10, with hours past those included.

    EQV-fee: by default $900 for one (plus the hourly rate past 4 hours); $1,820 for 2 to 10
    (past 8 hours).
    """
    if check_bundle_size(count):
        raise ValueError(f"a bundle holds 1 to {EQUIVALENCY_BUNDLE_MAX}, not {count}")
    if hours < 0:
        raise ValueError("hours must not be negative")
    if count == 1:
        base, included_hours = policy.equivalency_fee_single, policy.equivalency_hours_single
    else:
        base, included_hours = policy.equivalency_fee_bundle, policy.equivalency_hours_bundle
    extra = max(Decimal(0), hours - included_hours) * policy.evaluation_hourly_rate
    return Fee.of(base + extra, gst_rate=policy.gst_rate, rule_id="EQV-fee")


@computes("ROA-fee")
def reporting_fee_applies(completed_on: date, policy: Policy) -> bool:
    """Say whether a completion on the day carries the credit reporting fee (ROA-fee).

    The fee is policy, off by default; once on, it applies to completions on or after the day
    it takes effect.
    """
    return policy.reporting_fee_on and completed_on >= policy.reporting_fee_from


@computes("ROA-fee")
def reporting_fee(credits: int, completed_on: date, policy: Policy) -> Fee | None:
    """Return the credit reporting fee for one completion, or None when none applies (ROA-fee)."""
    if credits < 0:
        raise ValueError("credits must not be negative")
    if not reporting_fee_applies(completed_on, policy):
        return None
    amount = policy.reporting_fee_per_credit * credits
    return Fee.of(amount, gst_rate=policy.gst_rate, rule_id="ROA-fee")
