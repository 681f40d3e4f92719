"""The clock: the one place Tohu asks what time it is, so tests can freeze it."""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone


def now() -> datetime:
    """Return the current aware time."""
    return timezone.now()


def today() -> date:
    """Return today's date in New Zealand (the TIME_ZONE setting)."""
    return timezone.localdate(timezone.now())
