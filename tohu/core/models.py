"""The audit log: an append-only, hash-chained record of every change Tohu makes."""

from __future__ import annotations

from typing import Any, TypeVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy

from tohu.core import event_names
from tohu.core.states import StateMachine, move


class AuditChainHead(models.Model):
    """Hold the last sequence number and hash; its row lock orders writers of the chain."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_sequence = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="")

    class Meta:
        verbose_name = gettext_lazy("audit chain head")

    def __str__(self) -> str:
        return f"audit chain at event #{self.last_sequence}"


class AppendOnly(PermissionError):
    """Raised on any attempt to change or remove audit events."""


_M = TypeVar("_M", bound=models.Model)


class AppendOnlyQuerySet(models.QuerySet[_M]):
    """Read and append only: bulk updates and deletes are refused like single-row ones.

    On PostgreSQL a trigger refuses UPDATE and DELETE on the tables as well (migration 0003), so
    raw SQL cannot rewrite history either; `tohu audit verify`, the rows' seals and the signed
    checkpoints catch what is done behind the application's back.
    """

    def update(self, **kwargs: Any) -> int:
        raise AppendOnly("audit events are append-only")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnly("audit events are append-only")

    def bulk_update(self, objs: Any, fields: Any, batch_size: int | None = None) -> int:
        raise AppendOnly("audit events are append-only")

    def update_or_create(self, *args: Any, **kwargs: Any) -> Any:
        raise AppendOnly("audit events are append-only")


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
    # HMAC-SHA256 of `hash` under TOHU_AUDIT_KEY (held outside the database): without the key a
    # rewritten row cannot be sealed again. Empty on rows written before seals began.
    seal = models.CharField(max_length=64, blank=True, default="")

    objects = AppendOnlyQuerySet["AuditEvent"].as_manager()

    class Meta:
        ordering = ["sequence"]
        indexes = [models.Index(fields=["subject_type", "subject_id"], name="audit_subject_idx")]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.current_event} {self.subject_type}:{self.subject_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # append-only: an existing row is never written again
        if not self._state.adding:
            raise AppendOnly("audit events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnly("audit events are append-only")

    @property
    def current_event(self) -> str:
        """The event's name today: a row keeps the name it was written (and hashed) under."""
        return event_names.current_name(self.event)


class AuditCheckpoint(models.Model):
    """A statement, signed with TOHU_AUDIT_KEY, that the chain reached `sequence` with `hash`.

    Made periodically (`tohu daily`, `tohu audit checkpoint`) and published at
    /audit/checkpoints.json so outsiders can keep copies; `tohu audit verify` checks the chain
    against every checkpoint, so dropping the newest rows and resetting the head is found.
    """

    sequence = models.BigIntegerField(unique=True)
    hash = models.CharField(max_length=64)
    made_at = models.DateTimeField()
    key_id = models.CharField(
        max_length=16, help_text=gettext_lazy("Names the key that signed it.")
    )
    mac = models.CharField(max_length=64)

    objects = AppendOnlyQuerySet["AuditCheckpoint"].as_manager()

    class Meta:
        ordering = ["sequence"]

    def __str__(self) -> str:
        return f"audit checkpoint at event #{self.sequence}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnly("audit checkpoints are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnly("audit checkpoints are append-only")


class IdempotentRequest(models.Model):
    """A POST sent with an `Idempotency-Key`: the first answer, kept so a retry gets it again.

    `caller` is a hash of the credential that sent it (or of the address, without one), so one
    organisation's key can never replay another's answer. Written by tohu.core.idempotency only.
    """

    caller = models.CharField(max_length=64)
    key = models.CharField(max_length=255)
    request_hash = models.CharField(
        max_length=64, help_text=gettext_lazy("Method, path and body, hashed.")
    )
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    body = models.BinaryField(blank=True, default=b"")
    created_at = models.DateTimeField()
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["caller", "key"], name="one_request_per_idempotency_key"
            )
        ]
        indexes = [models.Index(fields=["created_at"], name="idempotency_age")]

    def __str__(self) -> str:
        return f"Idempotency-Key {self.key}"


class WorkerHeartbeat(models.Model):
    """When each background worker process last said it was alive (tohu.core.health)."""

    worker = models.CharField(max_length=120, primary_key=True)
    started_at = models.DateTimeField()
    seen_at = models.DateTimeField()

    class Meta:
        verbose_name = gettext_lazy("worker heartbeat")

    def __str__(self) -> str:
        return f"worker {self.worker} seen {self.seen_at:%Y-%m-%d %H:%M:%S}"


class TranslationReview(models.Model):
    """A translator's review of one string of the interface: its translation and review state.

    Written only by `tohu.core.translation.translation_review` (audited in the same
    transaction); `tohu translations export` writes every review into the language's `.po`
    file and review.json and compiles the `.mo`, so the catalogue in the repository stays the
    one the interface reads.
    """

    class State(models.TextChoices):
        SUGGESTED = "suggested", gettext_lazy("Suggested, not yet reviewed")
        APPROVED = "approved", gettext_lazy("Approved by a fluent speaker")

    language = models.CharField(max_length=10)
    msgctxt = models.TextField(blank=True, default="")
    msgid = models.TextField()
    msgstr = models.TextField()
    # the plural forms, in order, for a string with a plural; empty otherwise
    msgstr_plural = models.JSONField(default=list, blank=True)
    state = models.CharField(max_length=10, choices=State.choices)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["language", "msgctxt", "msgid"], name="one_review_per_string"
            )
        ]

    def __str__(self) -> str:
        return f"{self.language}: {self.msgid[:40]} ({self.state})"


# A review may start in either state; a translator approves a suggestion, or corrects an approved
# string back to a suggestion for another speaker to approve
TRANSLATION_STATES = StateMachine(
    "translation",
    TranslationReview.State,
    [
        move(
            TranslationReview.State.SUGGESTED,
            TranslationReview.State.APPROVED,
            by="tohu.core.translation.translation_review",
        ),
        move(
            TranslationReview.State.APPROVED,
            TranslationReview.State.SUGGESTED,
            by="tohu.core.translation.translation_review",
        ),
    ],
    initial=TranslationReview.State.values,
)
