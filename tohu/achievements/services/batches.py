"""An import batch's life while its completions are written in chunks.

A batch is opened (RECORDING, owned by one process, hidden), its completions are written a chunk
per short transaction, and it is closed in one short transaction: recorded (its completions
appear all at once) or, after its rows are deleted a chunk at a time, rejected or failed. A
process that dies part-way leaves a batch that `batches_recover` finishes as failed; its rows
were never visible. See docs/architecture.md, "Recording a results file".
"""

from __future__ import annotations

import logging
import os
import socket
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils.translation import gettext

from tohu.achievements.events import Event
from tohu.achievements.models import BATCH_STATES, BatchPhase, BatchStatus, ImportBatch
from tohu.achievements.services import staging
from tohu.core import audit, clock
from tohu.core.errors import InvalidTransition
from tohu.core.principal import SYSTEM
from tohu.core.retry import retrying

logger = logging.getLogger(__name__)

DELETE_ROWS = 5000
# a batch whose process has not written for this long is taken to be dead
STALE_AFTER = timedelta(minutes=2)
RECOVERY_LABEL = "Tohu (recovery of unfinished imports)"
STOPPED = (
    "Tohu stopped while recording this file, so nothing from it was recorded. Send the file again."
)


class BatchLost(Exception):
    """The batch is no longer this process's to write: recovery finished it meanwhile."""


def owner_here() -> str:
    """Name this process: host and process id."""
    return f"{socket.gethostname()}:{os.getpid()}"[:100]


def batch_claim(batch_id: int, owner: str) -> None:
    """Take a queued batch for this process, or refuse when another took it first."""
    now = clock.now()
    claimed = ImportBatch.objects.filter(
        pk=batch_id, status__in=BATCH_STATES.sources(BatchStatus.RECORDING, by="batch_claim")
    ).update(
        status=BatchStatus.RECORDING,
        owner=owner,
        heartbeat_at=now,
        started_at=now,
        phase=BatchPhase.READING,
    )
    if not claimed:
        raise InvalidTransition(gettext("This file is already being recorded, or was recorded."))


def batch_touch(batch_id: int, owner: str, **progress: Any) -> None:
    """Inside a chunk's transaction: say this process is alive, with its progress; stop if the
    batch is no longer its own."""
    touched = ImportBatch.objects.filter(
        pk=batch_id, owner=owner, status=BatchStatus.RECORDING
    ).update(heartbeat_at=clock.now(), **progress)
    if not touched:
        raise BatchLost(f"Batch {batch_id} was finished by another process.")


def batch_rows_delete(batch_id: int, owner: str) -> None:
    """Delete the batch's completions, a chunk per short transaction (they were never seen)."""

    def one_chunk() -> int:
        with transaction.atomic():
            batch_touch(batch_id, owner, phase=BatchPhase.UNDOING)
            return staging.delete_batch_rows(batch_id, DELETE_ROWS)

    while retrying(one_chunk) >= DELETE_ROWS:
        pass


def batch_finish(batch_id: int, owner: str, status: str, **fields: Any) -> int:
    """Close the batch (one short transaction, which the caller opens with its audit event)."""
    BATCH_STATES.check(BatchStatus.RECORDING, status, by="batch_finish")
    return ImportBatch.objects.filter(
        pk=batch_id, owner=owner, status__in=BATCH_STATES.sources(status, by="batch_finish")
    ).update(status=status, phase="", finished_at=clock.now(), heartbeat_at=None, **fields)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def owner_gone(owner: str) -> bool:
    """Say whether the process `owner` names (host:pid, `owner_here`) is another process of this
    host that has ended (a process elsewhere cannot be seen: False)."""
    host, _, pid = owner.rpartition(":")
    here = host == socket.gethostname() and pid.isdigit() and int(pid) != os.getpid()
    return here and not _alive(int(pid))


def is_abandoned(batch: ImportBatch, *, now: datetime, stale_after: timedelta) -> bool:
    """A batch is abandoned when its process is gone from this host, or silent too long."""
    if owner_gone(batch.owner):
        return True
    last = batch.heartbeat_at or batch.started_at or batch.created_at
    return last is None or now - last >= stale_after


def batches_recover(*, stale_after: timedelta = STALE_AFTER) -> list[int]:
    """Finish every abandoned import as failed, taking back the rows it wrote; return their ids.

    Safe to run at any time and from several processes: a batch whose process is alive and
    writing is left alone, and each batch is taken over by one recovery only.
    """
    now = clock.now()
    recovered: list[int] = []
    unfinished = ImportBatch.objects.filter(
        status__in=BATCH_STATES.sources(BatchStatus.RECORDING, by="_take_over")
    ).order_by("pk")
    for batch in unfinished:
        if is_abandoned(batch, now=now, stale_after=stale_after) and _take_over(batch):
            recovered.append(batch.pk)
    return recovered


def batches_recover_restored() -> list[int]:
    """Finish, as failed, every import a backup caught part-way; return their ids.

    Nothing writes to a database just restored, so no unfinished batch in it has a live owner:
    each is taken back at once (its rows were never visible) and its provider sends it again.
    """
    return batches_recover(stale_after=timedelta(0))


def _take_over(batch: ImportBatch) -> bool:
    me = f"recovery {owner_here()}"[:100]
    BATCH_STATES.check(batch.status, BatchStatus.RECORDING, by="_take_over")
    taken = ImportBatch.objects.filter(pk=batch.pk, owner=batch.owner, status=batch.status).update(
        owner=me, status=BatchStatus.RECORDING, heartbeat_at=clock.now()
    )
    if not taken:
        return False
    batch_rows_delete(batch.pk, me)

    def close() -> None:
        with transaction.atomic():
            if batch_finish(batch.pk, me, BatchStatus.FAILED, message=STOPPED, rows_recorded=0):
                audit.record(
                    Event.RESULTS_FAILED,
                    actor=SYSTEM,
                    subject=batch,
                    detail={"provider_id": batch.provider_id, "file_name": batch.file_name},
                    actor_label=RECOVERY_LABEL,
                )

    retrying(close)
    logger.warning("recovered unfinished results batch %s as failed", batch.pk)
    return True
