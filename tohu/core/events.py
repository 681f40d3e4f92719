"""The audit events of the interface's translation."""

from __future__ import annotations

from enum import StrEnum


class Event(StrEnum):
    """What happened to a string of the interface, named `<subject>.<what happened>`."""

    TRANSLATION_REVIEWED = "translation.reviewed"
