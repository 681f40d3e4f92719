"""The learner index behind an adapter, so a real National Student Index client can replace it.

Tohu asks the index through `LearnerIndex`; the setting TOHU_LEARNER_INDEX names the class.
`LocalLearnerIndex` answers from Tohu's own learner table.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

from tohu.learners.models import Learner


@dataclass(frozen=True)
class LearnerRecord:
    """What the index says about one learner."""

    nsn: str
    family_name: str
    given_names: str
    date_of_birth: date | None


class LearnerIndex(Protocol):
    """Look learners up by NSN; implementations must answer many NSNs in one call."""

    def lookup(self, nsn: str) -> LearnerRecord | None: ...

    def lookup_many(self, nsns: Iterable[str]) -> dict[str, LearnerRecord]: ...


class LocalLearnerIndex:
    """Answer from Tohu's own learner table, a batch of NSNs per query."""

    batch_size = 900

    def lookup(self, nsn: str) -> LearnerRecord | None:
        return self.lookup_many([nsn]).get(nsn)

    def lookup_many(self, nsns: Iterable[str]) -> dict[str, LearnerRecord]:
        wanted = sorted(set(nsns))
        found: dict[str, LearnerRecord] = {}
        for start in range(0, len(wanted), self.batch_size):
            chunk = wanted[start : start + self.batch_size]
            # plain tuples: imports look up hundreds of thousands of NSNs
            rows = Learner.objects.filter(nsn__in=chunk).values_list(
                "nsn", "family_name", "given_names", "date_of_birth"
            )
            for nsn, family_name, given_names, date_of_birth in rows:
                found[nsn] = LearnerRecord(nsn, family_name, given_names, date_of_birth)
        return found


@cache
def _index_class(path: str) -> type[LearnerIndex]:
    cls: type[LearnerIndex] = import_string(path)
    return cls


def learner_index() -> LearnerIndex:
    """Return the configured learner index."""
    return _index_class(settings.TOHU_LEARNER_INDEX)()
