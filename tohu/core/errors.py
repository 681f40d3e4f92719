"""Domain errors: what a service raises when an action cannot go ahead.

Views turn them into a message on the page, the API into a 4xx answer with the same words.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

# the one type of a problem with input, re-exported for the services that raise InvalidInput
from tohu.rulebook.problems import Problem as Problem


@dataclass
class DomainError(Exception):
    """Raise when a request breaks a rule of the domain; `message` is shown as it is."""

    message: str
    code: str = "invalid"
    rule_id: str | None = None
    field: str | None = None
    status: int = 400

    def __str__(self) -> str:
        prefix = f"[{self.rule_id}] " if self.rule_id else ""
        return f"{prefix}{self.message}"


@dataclass
class NotAllowed(DomainError):
    """Raise when the actor may not do this; answered as 403."""

    code: str = "not_allowed"
    status: int = 403


@dataclass
class NotFound(DomainError):
    """Raise when the thing does not exist or the actor may not know it exists; answered as 404."""

    code: str = "not_found"
    status: int = 404


@dataclass
class InvalidTransition(DomainError):
    """Raise when a state machine is asked for a move its current state does not allow."""

    code: str = "invalid_transition"
    status: int = 409


@dataclass
class Conflict(DomainError):
    """Raise when the data changed underneath the request (a concurrent edit)."""

    code: str = "conflict"
    status: int = 409


@dataclass
class TooManyRequests(DomainError):
    """Raise when someone asks for the same thing too often; answered as 429."""

    code: str = "too_many_requests"
    status: int = 429


@dataclass
class InvalidInput(DomainError):
    """Raise when input fails validation; `problems` names each field at fault."""

    problems: Sequence[Problem] = field(default_factory=list)
    code: str = "invalid_input"
