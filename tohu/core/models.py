"""The audit log: an append-only, hash-chained record of every change Tohu makes."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models


class AuditChainHead(models.Model):
    """Hold the last sequence number and hash; its row lock orders writers of the chain."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_sequence = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="")

    class Meta:
        verbose_name = "audit chain head"

    def __str__(self) -> str:
        return f"audit chain at event #{self.last_sequence}"


class AuditEvent(models.Model):
    """Record one change: who did what to which thing, when, with details.

    Rows are never updated or deleted; each carries the SHA-256 of its own content and the hash of
    the row before it, so any edit to history breaks the chain (`tohu audit verify`).
    """

    sequence = models.BigIntegerField(primary_key=True)
    occurred_at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audit_events",
    )
    actor_label = models.CharField(max_length=200)
    event = models.CharField(max_length=80, db_index=True)
    subject_type = models.CharField(max_length=80)
    subject_id = models.CharField(max_length=80)
    detail = models.JSONField(default=dict)
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["sequence"]
        indexes = [models.Index(fields=["subject_type", "subject_id"], name="audit_subject_idx")]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.event} {self.subject_type}:{self.subject_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # append-only: an existing row is never written again
        if not self._state.adding:
            raise PermissionError("audit events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("audit events are append-only")


class WorkerHeartbeat(models.Model):
    """When each background worker process last said it was alive (tohu.core.health)."""

    worker = models.CharField(max_length=120, primary_key=True)
    started_at = models.DateTimeField()
    seen_at = models.DateTimeField()

    class Meta:
        verbose_name = "worker heartbeat"

    def __str__(self) -> str:
        return f"worker {self.worker} seen {self.seen_at:%Y-%m-%d %H:%M:%S}"
