"""Try a unit of database work again when the database was only briefly unavailable.

SQLite answers "database is locked" when another writer held the lock past the busy timeout;
PostgreSQL may lose a connection, cancel a deadlock or fail a serialization. Each of these is
transient: the same work, started again from the top of its transaction, succeeds. Anything
else (a broken constraint, bad SQL) is raised at once.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from typing import TypeVar

from django.db import DatabaseError, InterfaceError, OperationalError, connection

T = TypeVar("T")
logger = logging.getLogger(__name__)

FIRST_DELAY = 0.05
MAX_DELAY = 5.0


def is_transient(error: BaseException) -> bool:
    """Say whether the error is one that trying again may cure."""
    if isinstance(error, InterfaceError):
        return True
    if not isinstance(error, OperationalError):
        return False
    if connection.vendor == "sqlite":
        text = str(error).lower()
        return "locked" in text or "busy" in text
    # PostgreSQL: psycopg maps lost connections, deadlocks, serialization failures, admin
    # shutdowns and query cancellations to OperationalError
    return True


def backoff(attempt: int) -> float:
    """The pause before attempt `attempt` (from 1): doubling, with jitter, up to MAX_DELAY."""
    # the exponent stops growing once the cap is reached, so a long outage never overflows
    delay: float = min(MAX_DELAY, FIRST_DELAY * (2 ** min(attempt - 1, 16)))
    return delay * (0.5 + random.random() / 2)  # noqa: S311 - jitter, not a secret


def retrying(
    work: Callable[[], T],
    *,
    attempts: int = 10,
    before_retry: Callable[[], None] | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> T:
    """Run `work` (one whole transaction) until it succeeds or a non-transient error comes."""
    for attempt in range(1, attempts + 1):
        try:
            return work()
        except DatabaseError as error:
            if attempt == attempts or not is_transient(error) or connection.in_atomic_block:
                raise
            logger.warning("transient database error, trying again (%s): %s", attempt, error)
            if connection.vendor != "sqlite" or isinstance(error, InterfaceError):
                # a lost PostgreSQL connection is replaced by the next query
                connection.close_if_unusable_or_obsolete()
            sleep(backoff(attempt))
            if before_retry is not None:
                before_retry()
    raise AssertionError("unreachable")  # pragma: no cover
