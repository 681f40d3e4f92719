"""Policy numbers for applications, each a setting with NZQA's published value as its default.

EQV-window dates, fee amounts and GST are policy (rules.md): they live in settings, read here.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings

from tohu.rulebook import Fee, equivalency_fee, evaluation_fee
from tohu.rulebook import fees as defaults

DEFAULTS: dict[str, Any] = {
    "TOHU_EVALUATION_HOURLY_RATE": defaults.HOURLY_RATE,
    "TOHU_GST_RATE": defaults.GST_RATE,
    "TOHU_EQUIVALENCY_FEE_SINGLE": defaults.EQUIVALENCY_SINGLE[0],
    "TOHU_EQUIVALENCY_FEE_BUNDLE": defaults.EQUIVALENCY_BUNDLE[0],
    "TOHU_EQUIVALENCY_LAST_DAY": date(2025, 12, 31),
    "TOHU_EQUIVALENCY_ARCHIVED_FROM": date(2026, 12, 31),
}


def _decimal(name: str) -> Decimal:
    return Decimal(str(getattr(settings, name, DEFAULTS[name])))


def evaluation_fee_for(hours: Decimal) -> Fee:
    """FEE-hourly with the configured rate and GST."""
    return evaluation_fee(
        hours,
        hourly_rate=_decimal("TOHU_EVALUATION_HOURLY_RATE"),
        gst_rate=_decimal("TOHU_GST_RATE"),
    )


def equivalency_fee_for(count: int, hours: Decimal) -> Fee:
    """EQV-fee with the configured amounts, rate and GST."""
    return equivalency_fee(
        count,
        hours,
        single=(_decimal("TOHU_EQUIVALENCY_FEE_SINGLE"), defaults.EQUIVALENCY_SINGLE[1]),
        bundle=(_decimal("TOHU_EQUIVALENCY_FEE_BUNDLE"), defaults.EQUIVALENCY_BUNDLE[1]),
        hourly_rate=_decimal("TOHU_EVALUATION_HOURLY_RATE"),
        gst_rate=_decimal("TOHU_GST_RATE"),
    )
