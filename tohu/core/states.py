"""State machines: each status field's transition table, declared once beside its model.

A `StateMachine` lists the moves its status may make, each with the one service that makes it
(`by`, `module.function`). Services check a move with `check(current, target)` before they write
the status, and a compare-and-set write (`QuerySet.update`) filters on `status__in=
sources(target)`, so no status is written that the table does not allow. The tables are drawn in
docs/architecture.md ("State machines"); `tests/core/test_states.py` checks every table against
its choices, the services that write each status, and the refusal of every other move.

No Django here (only the enumerations' values and labels are read).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

from tohu.core.errors import InvalidTransition


@dataclass(frozen=True)
class Move:
    """One transition: from any of `sources` to `target`, made by the service `by`."""

    sources: frozenset[str]
    target: str
    by: tuple[str, ...]


def move(sources: str | Iterable[str], target: str, *, by: str | Iterable[str]) -> Move:
    """Declare a move; `by` names the function (`module.function`) that writes it."""
    return Move(
        frozenset([sources] if isinstance(sources, str) else sources),
        target,
        (by,) if isinstance(by, str) else tuple(by),
    )


class StateMachine:
    """The transition table of one status field.

    `states` is its enumeration (a Django `TextChoices` or a plain `StrEnum`); `initial` the
    states a new row may start in; `rule_id` the rule a refusal cites, if the table is a rule's.
    """

    def __init__(
        self,
        noun: str,
        states: type[Enum],
        moves: Iterable[Move],
        *,
        initial: Iterable[str],
        rule_id: str | None = None,
    ) -> None:
        self.noun = noun
        self.states = states
        self.moves = tuple(moves)
        self.initial = frozenset(str(state) for state in initial)
        self.rule_id = rule_id
        values = {str(member.value) for member in states}
        for one in self.moves:
            unknown = (one.sources | {one.target}) - values
            if unknown:
                raise ValueError(f"{noun}: {sorted(unknown)} are not states of {states.__name__}")
        self.table: dict[str, frozenset[str]] = {
            value: frozenset(m.target for m in self.moves if value in m.sources)
            for value in sorted(values)
        }

    def moves_by(self, by: str | None) -> tuple[Move, ...]:
        """The moves the service `by` makes (a function's name, or `module.function`); every
        move when `by` is None."""
        if by is None:
            return self.moves
        found = tuple(m for m in self.moves if any(f == by or f.endswith(f".{by}") for f in m.by))
        if not found:
            raise ValueError(f"{self.noun}: no move is made by {by!r}")
        return found

    def allows(self, current: str, target: str, *, by: str | None = None) -> bool:
        """Whether `current` may become `target` (by the service `by`, when given)."""
        return any(str(current) in m.sources and str(target) == m.target for m in self.moves_by(by))

    def targets(self, current: str) -> frozenset[str]:
        """The states `current` may move to."""
        return self.table[str(current)]

    def sources(self, target: str, *, by: str | None = None) -> frozenset[str]:
        """The states that may move to `target` (by the service `by`, when given): the filter of
        a compare-and-set update, `status__in=machine.sources(target, by=...)`."""
        return frozenset(
            state for m in self.moves_by(by) if m.target == str(target) for state in m.sources
        )

    def label(self, state: str) -> str:
        member = self.states(state)
        return str(getattr(member, "label", member.value)).lower()

    def refusal(
        self, current: str, target: str, *, subject: str | None = None, by: str | None = None
    ) -> str:
        """The message that says why `current` cannot become `target`, and what it can become."""
        here, there = self.label(current), self.label(target)
        onward = sorted(self.label(state) for state in self.targets(current))
        if by is not None and self.allows(current, target):
            sources = sorted(self.label(state) for state in self.sources(target, by=by))
            tail = f"this way only from {' or '.join(sources)}"
        elif onward:
            tail = f"from {here} it can only become {' or '.join(onward)}"
        else:
            tail = f"{here} is final"
        subject = subject or f"This {self.noun}"
        if here == there:
            return f"{subject} is already {here} ({tail})."
        return f"{subject} is {here}: it cannot become {there} ({tail})."

    def check(
        self,
        current: str,
        target: str,
        *,
        by: str | None = None,
        subject: str | None = None,
        rule_id: str | None = None,
    ) -> None:
        """Raise InvalidTransition, naming both states, unless `current` may become `target`
        (by the service `by`, when given: a state can be reached by more than one service)."""
        if self.allows(current, target, by=by):
            return
        raise InvalidTransition(
            self.refusal(current, target, subject=subject, by=by),
            rule_id=rule_id or self.rule_id,
            field="status",
        )

    def __repr__(self) -> str:
        return f"StateMachine({self.noun!r})"
