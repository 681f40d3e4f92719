"""Fees: application evaluation by the hour (FEE-hourly) and statements of equivalency (EQV-fee).

Amounts are policy; the defaults are NZQA's published fees, excluding GST.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from tohu.rulebook.findings import Finding, Severity

HOURLY_RATE = Decimal("190.00")
GST_RATE = Decimal("0.15")
EQUIVALENCY_SINGLE = (Decimal("900.00"), Decimal("4"))
EQUIVALENCY_BUNDLE = (Decimal("1820.00"), Decimal("8"))
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


def evaluation_fee(
    hours: Decimal, *, hourly_rate: Decimal = HOURLY_RATE, gst_rate: Decimal = GST_RATE
) -> Fee:
    """Estimate the evaluation fee: hours at the hourly rate, plus GST (FEE-hourly)."""
    if hours < 0:
        raise ValueError("hours must not be negative")
    return Fee.of(hours * hourly_rate, gst_rate=gst_rate, rule_id="FEE-hourly")


def check_bundle_size(count: int) -> list[Finding]:
    """A statement of equivalency is asked for alone or in a bundle of 2 to 10 (EQV-fee)."""
    if 1 <= count <= EQUIVALENCY_BUNDLE_MAX:
        return []
    message = f"A bundle holds 1 to {EQUIVALENCY_BUNDLE_MAX} micro-credentials, not {count}."
    return [Finding("EQV-fee", Severity.BLOCK, "bundle_size", message)]


def equivalency_fee(
    count: int,
    hours: Decimal = Decimal(0),
    *,
    single: tuple[Decimal, Decimal] = EQUIVALENCY_SINGLE,
    bundle: tuple[Decimal, Decimal] = EQUIVALENCY_BUNDLE,
    hourly_rate: Decimal = HOURLY_RATE,
    gst_rate: Decimal = GST_RATE,
) -> Fee:
    """Return the fee for one statement or a bundle of 2 to 10, with hours past those included.

    EQV-fee: $900 for one (plus the hourly rate past 4 hours); $1,820 for 2 to 10 (past 8 hours).
    """
    if check_bundle_size(count):
        raise ValueError(f"a bundle holds 1 to {EQUIVALENCY_BUNDLE_MAX}, not {count}")
    if hours < 0:
        raise ValueError("hours must not be negative")
    base, included_hours = single if count == 1 else bundle
    extra = max(Decimal(0), hours - included_hours) * hourly_rate
    return Fee.of(base + extra, gst_rate=gst_rate, rule_id="EQV-fee")
