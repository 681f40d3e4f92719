"""The registry: each rule id, and the rulebook functions that compute it.

A function says which rules it computes with `@computes("REV-period")`. Services call the
functions themselves; the registry is how the tests know which functions those are, to check
that production calls them (`tests/rulebook/test_registry.py`) and that `docs/rules.md` names
the same ones.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import TypeVar

from tohu.rulebook.catalogue import RULES

RuleFunction = Callable[..., object]
_Computing = TypeVar("_Computing", bound=RuleFunction)

_FUNCTIONS: dict[str, list[RuleFunction]] = {}


def computes(*rule_ids: str) -> Callable[[_Computing], _Computing]:
    """Register the decorated function as computing the rules named; return it unchanged."""
    unknown = [rule_id for rule_id in rule_ids if rule_id not in RULES]
    if unknown or not rule_ids:
        raise ValueError(f"not rule ids of the rulebook: {unknown or 'none given'}")

    def register(function: _Computing) -> _Computing:
        for rule_id in rule_ids:
            _FUNCTIONS.setdefault(rule_id, []).append(function)
        return function

    return register


def registry() -> Mapping[str, tuple[RuleFunction, ...]]:
    """Return each rule id with the functions that compute it (every module of the rulebook is
    imported by `tohu.rulebook`, so every function has registered by then)."""
    return MappingProxyType({rule_id: tuple(found) for rule_id, found in _FUNCTIONS.items()})
