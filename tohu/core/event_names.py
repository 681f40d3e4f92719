"""How audit events are named, and the names rows were written under before the convention.

An event is named `<object>.<verb_past>`: the thing it is about, in snake case (as its subject
model or the app's word for it: `micro_credential`, `api_key`, `training_scheme`), then what
happened to it, in snake case, around a past participle (`created`, `status_changed`,
`period_set`, `files_removed`, `marked_overdue`, `signed_in`): never a state (`converting`) or
an order (`create`). Each app declares its events once,
as `Event` (a `StrEnum`) in `tohu/<app>/events.py`, and passes the member to
`tohu.core.audit.record`; `tests/core/test_event_names.py` holds every enum to this.

A stored row keeps the name it was written under, because its hash (and seal) cover the name: a
renamed event is never rewritten in the database. `RENAMED` maps an old name to the current one;
`current_name` is what pages show, and `stored_names` is what a query by event must look for.
"""

from __future__ import annotations

import re
from enum import StrEnum

# <object>.<what happened>, both in snake case
PATTERN = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*\.(?:[a-z0-9]+_)*[a-z0-9]+$")

# Past participles that do not end in -ed.
IRREGULAR_PAST = frozenset(
    {"set", "reset", "sent", "made", "begun", "done", "held", "kept", "withdrawn", "chosen"}
)

# old name (still stored in rows written before) -> current name
RENAMED: dict[str, str] = {
    "training_scheme.converting": "training_scheme.conversion_started",
}


def follows_convention(name: str) -> bool:
    """Whether the name is `<object>.<verb_past>` (see the module's text)."""
    if not PATTERN.fullmatch(name):
        return False
    words = name.split(".", 1)[1].split("_")
    return any(word.endswith("ed") or word in IRREGULAR_PAST for word in words)


def current_name(stored: str) -> str:
    """The event's name today, for a row written under an older one."""
    return RENAMED.get(stored, stored)


def stored_names(event: StrEnum) -> list[str]:
    """Every name rows of this event may be stored under: its own and its older ones."""
    return [str(event), *sorted(old for old, new in RENAMED.items() if new == str(event))]
