"""See which rules a piece of production code computes through the rulebook.

`rule_calls()` records, while it is open, every call of a function the rulebook registers
(`tohu.rulebook.registry`) and gives back the rule ids those functions compute. A service that
works a rule out by itself instead of calling the rulebook leaves its id out, and its test fails.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from types import CodeType, FrameType
from typing import Any

from tohu.rulebook import registry


def _rule_ids_by_code() -> dict[CodeType, frozenset[str]]:
    found: dict[CodeType, set[str]] = {}
    for rule_id, functions in registry().items():
        for function in functions:
            code = getattr(function, "__code__", None)
            if isinstance(code, CodeType):
                found.setdefault(code, set()).add(rule_id)
    return {code: frozenset(ids) for code, ids in found.items()}


@contextmanager
def rule_calls() -> Iterator[set[str]]:
    """Collect the ids of the rules whose rulebook functions are called inside the block."""
    by_code = _rule_ids_by_code()
    called: set[str] = set()

    def profile(frame: FrameType, event: str, arg: Any) -> None:
        if event == "call":
            ids = by_code.get(frame.f_code)
            if ids:
                called.update(ids)

    previous = sys.getprofile()
    sys.setprofile(profile)
    try:
        yield called
    finally:
        sys.setprofile(previous)
