"""Read settings from the environment through small typed helpers that fail loudly.

Every setting Tohu has comes from here; `.env.example` lists them all.
"""

from __future__ import annotations

import base64
import binascii
import os
from datetime import date
from decimal import Decimal, InvalidOperation

from tohu.core.dates import DateProblem, parse_date
from tohu.rulebook.policy import MonthDay


class ImproperSetting(Exception):
    """Raise when an environment variable holds a value that cannot be used."""


def env_str(name: str, default: str) -> str:
    """Return the variable's text, or the default when unset or empty."""
    value = os.environ.get(name, "")
    return value if value != "" else default


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def env_bool(name: str, default: bool) -> bool:
    """Return a boolean; anything other than a clear yes or no is an error."""
    raw = os.environ.get(name, "").strip().lower()
    if raw == "":
        return default
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    raise ImproperSetting(f"{name}={raw!r} is not a boolean: use one of 1/0, true/false, yes/no")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    """Return an integer, refusing text and values below the minimum."""
    raw = os.environ.get(name, "").strip()
    if raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperSetting(f"{name}={raw!r} is not a whole number") from None
    if minimum is not None and value < minimum:
        raise ImproperSetting(f"{name}={value} is below the minimum of {minimum}")
    return value


def env_base64_key(name: str, default: str, *, length: int) -> str:
    """Return base64 text that decodes to exactly `length` bytes (a key), or the default."""
    raw = os.environ.get(name, "").strip() or default
    if raw == "":
        return raw
    try:
        key = base64.b64decode(raw, validate=True)
    except (binascii.Error, ValueError):
        raise ImproperSetting(f"{name} is not base64 text") from None
    if len(key) != length:
        raise ImproperSetting(f"{name} must decode to {length} bytes, not {len(key)}")
    return raw


def env_list(name: str, default: list[str]) -> list[str]:
    """Return a comma-separated list with blanks removed."""
    raw = os.environ.get(name, "")
    if raw.strip() == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_date(name: str, default: date) -> date:
    """Return an ISO date (YYYY-MM-DD)."""
    raw = os.environ.get(name, "").strip()
    if raw == "":
        return default
    try:
        return parse_date(raw, iso_only=True)
    except DateProblem as problem:
        raise ImproperSetting(f"{name}: {problem}") from None


def env_decimal(name: str, default: Decimal) -> Decimal:
    """Return a decimal amount (e.g. a fee of 190.00), refusing anything else or below zero."""
    raw = os.environ.get(name, "").strip()
    if raw == "":
        return default
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise ImproperSetting(f"{name}={raw!r} is not a decimal number such as 190.00") from None
    if not value.is_finite() or value < 0:
        raise ImproperSetting(f"{name}={raw!r} must be an amount of zero or more")
    return value


def env_month_day(name: str, default: MonthDay) -> MonthDay:
    """Return a day of the year written MM-DD ("12-25")."""
    raw = os.environ.get(name, "").strip()
    if raw == "":
        return default
    try:
        return MonthDay.parse(raw)
    except ValueError:
        raise ImproperSetting(f"{name}={raw!r} is not a day of the year such as 12-25") from None
