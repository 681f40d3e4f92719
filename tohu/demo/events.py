"""The audit event of the demo loader, passed to `tohu.core.audit.record`."""

from __future__ import annotations

from enum import StrEnum


class Event(StrEnum):
    """What the demo loader did."""

    DEMO_LOADED = "demo.loaded"
