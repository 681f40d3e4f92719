"""Write and verify the audit log.

`record` is called by every service inside the same transaction as the change it describes.
Each row carries the SHA-256 of its content and of the row before (the chain), and a seal: an
HMAC of its hash under TOHU_AUDIT_KEY, a key held outside the database. `checkpoint` signs the
chain's head with the same key; the checkpoints are public (/audit/checkpoints.json). Whoever can
write to the database but lacks the key can neither rewrite a row and re-hash the rows after it
(the seals no longer match) nor drop the newest rows and reset the head (a checkpoint names a
later head). `verify_chain` checks all three.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any, TypeAlias

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction

from tohu.core import clock
from tohu.core.models import AuditChainHead, AuditCheckpoint, AuditEvent
from tohu.core.principal import KeyPrincipal, Principal, SystemActor

# who acted (tohu.core.principal); None is the system, as the older rows have it
Actor: TypeAlias = "Principal | None"


@dataclass(frozen=True)
class Subject:
    """Name the thing an event is about."""

    type: str
    id: str

    @classmethod
    def of(cls, instance: models.Model) -> Subject:
        return cls(type=instance._meta.label_lower, id=str(instance.pk))


def _canonical(payload: dict[str, Any]) -> str:
    return json.dumps(payload, cls=DjangoJSONEncoder, sort_keys=True, separators=(",", ":"))


def _content_hash(
    *,
    sequence: int,
    occurred_at: datetime,
    actor_id: int | None,
    actor_label: str,
    event: str,
    subject_type: str,
    subject_id: str,
    detail: dict[str, Any],
    previous_hash: str,
) -> str:
    payload = {
        "sequence": sequence,
        "occurred_at": occurred_at.isoformat(),
        "actor_id": actor_id,
        "actor_label": actor_label,
        "event": event,
        "subject_type": subject_type,
        "subject_id": subject_id,
        "detail": detail,
        "previous_hash": previous_hash,
    }
    return hashlib.sha256(_canonical(payload).encode()).hexdigest()


def _audit_key() -> bytes:
    return base64.b64decode(settings.TOHU_AUDIT_KEY)


def key_id() -> str:
    """Names the audit key without revealing it (published with the checkpoints)."""
    return hashlib.sha256(b"tohu-audit-key-id:" + _audit_key()).hexdigest()[:16]


def _mac(message: str) -> str:
    return hmac.new(_audit_key(), message.encode(), hashlib.sha256).hexdigest()


def seal_of(row_hash: str) -> str:
    """The row's seal: an HMAC of its hash under the audit key."""
    return _mac(f"tohu-audit-seal\n{row_hash}")


def checkpoint_message(sequence: int, head_hash: str, made_at: datetime) -> str:
    """What a checkpoint's MAC covers, in the words published with it."""
    return f"tohu-audit-checkpoint\n{sequence}\n{head_hash}\n{made_at.isoformat()}"


def _actor_parts(actor: Actor, label: str | None) -> tuple[int | None, str]:
    if isinstance(actor, KeyPrincipal | SystemActor):
        # one label for a key everywhere: "API key <prefix> of <organisation>"
        return None, label or actor.label
    if actor is None or not actor.is_authenticated:
        return None, label or "system"
    return int(actor.pk), label or actor.get_username()


@dataclass(frozen=True)
class Entry:
    """One event to append: what happened, to what, with which details."""

    event: StrEnum
    subject: Subject | models.Model
    detail: dict[str, Any] | None = None


def _build_row(
    entry: Entry, *, sequence: int, previous_hash: str, actor_id: int | None, label: str
) -> AuditEvent:
    subject = entry.subject
    if isinstance(subject, models.Model):
        subject = Subject.of(subject)
    # a round trip through JSON stores exactly what the hash covers (dates become strings)
    detail_json: dict[str, Any] = json.loads(_canonical(entry.detail or {}))
    occurred_at = clock.now()
    digest = _content_hash(
        sequence=sequence,
        occurred_at=occurred_at,
        actor_id=actor_id,
        actor_label=label,
        event=str(entry.event),
        subject_type=subject.type,
        subject_id=subject.id,
        detail=detail_json,
        previous_hash=previous_hash,
    )
    return AuditEvent(
        sequence=sequence,
        occurred_at=occurred_at,
        actor_id=actor_id,
        actor_label=label,
        event=str(entry.event),
        subject_type=subject.type,
        subject_id=subject.id,
        detail=detail_json,
        previous_hash=previous_hash,
        hash=digest,
        seal=seal_of(digest),
    )


# called with the rows just appended, inside the same transaction (e.g. the webhooks' outbox)
_observers: list[Callable[[list[AuditEvent]], None]] = []


def observe(observer: Callable[[list[AuditEvent]], None]) -> None:
    """Have `observer` see every batch of rows appended, in the transaction that appends them:
    what it writes commits with the change, or not at all (an app's `ready()` calls this)."""
    if observer not in _observers:
        _observers.append(observer)


def record_many(
    entries: Iterable[Entry],
    *,
    actor: Actor,
    actor_label: str | None = None,
    batch_size: int = 500,
) -> list[AuditEvent]:
    """Append events in order inside the caller's transaction, inserted in batches.

    Bulk paths (imports, synthetic data) use this instead of a query per event.
    """
    actor_id, label = _actor_parts(actor, actor_label)
    with transaction.atomic():
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(id=1)
        sequence, previous_hash = head.last_sequence, head.last_hash
        rows: list[AuditEvent] = []
        for entry in entries:
            sequence += 1
            row = _build_row(
                entry,
                sequence=sequence,
                previous_hash=previous_hash,
                actor_id=actor_id,
                label=label,
            )
            rows.append(row)
            previous_hash = row.hash
        AuditEvent.objects.bulk_create(rows, batch_size=batch_size)
        AuditChainHead.objects.filter(id=1).update(last_sequence=sequence, last_hash=previous_hash)
        for observer in _observers:
            observer(rows)
    return rows


def record(
    event: StrEnum,
    *,
    actor: Actor,
    subject: Subject | models.Model,
    detail: dict[str, Any] | None = None,
    actor_label: str | None = None,
) -> AuditEvent:
    """Append one event to the chain inside the caller's transaction."""
    entry = Entry(event=event, subject=subject, detail=detail)
    return record_many([entry], actor=actor, actor_label=actor_label)[0]


def checkpoint() -> AuditCheckpoint | None:
    """Sign the chain's head now (the daily job, `tohu audit checkpoint`); return the checkpoint,
    or None when the chain is empty. A head already signed is not signed twice."""
    with transaction.atomic():
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(id=1)
        if head.last_sequence == 0:
            return None
        latest = AuditCheckpoint.objects.order_by("-sequence").first()
        if latest is not None and latest.sequence >= head.last_sequence:
            return latest
        made_at = clock.now()
        return AuditCheckpoint.objects.create(
            sequence=head.last_sequence,
            hash=head.last_hash,
            made_at=made_at,
            key_id=key_id(),
            mac=_mac(checkpoint_message(head.last_sequence, head.last_hash, made_at)),
        )


def published_checkpoints() -> dict[str, Any]:
    """The checkpoints as /audit/checkpoints.json publishes them, for outsiders to keep."""
    return {
        "algorithm": "HMAC-SHA256",
        "message": "tohu-audit-checkpoint\n<sequence>\n<hash>\n<made_at ISO 8601>",
        "key_id": key_id(),
        "checkpoints": [
            {
                "sequence": c.sequence,
                "hash": c.hash,
                "made_at": c.made_at.isoformat(),
                "key_id": c.key_id,
                "mac": c.mac,
            }
            for c in AuditCheckpoint.objects.order_by("sequence")
        ],
    }


@dataclass(frozen=True)
class BrokenLink:
    """The first place the chain does not hold, in words."""

    sequence: int
    reason: str


def _expected_hash(row: AuditEvent) -> str:
    return _content_hash(
        sequence=row.sequence,
        occurred_at=row.occurred_at,
        actor_id=row.actor_id,
        actor_label=row.actor_label,
        event=row.event,
        subject_type=row.subject_type,
        subject_id=row.subject_id,
        detail=row.detail,
        previous_hash=row.previous_hash,
    )


def _rows() -> Iterator[AuditEvent]:
    return AuditEvent.objects.order_by("sequence").iterator(chunk_size=2000)


@dataclass(frozen=True)
class KeptCheckpoint:
    """A checkpoint as someone outside kept it (from /audit/checkpoints.json)."""

    sequence: int
    hash: str
    mac: str


def _checkpoints(kept: Iterable[KeptCheckpoint]) -> tuple[dict[int, str], BrokenLink | None]:
    """The heads the checkpoints vouch for, by sequence; a forged or changed checkpoint breaks."""
    heads: dict[int, str] = {}
    current_key = key_id()
    stored = {c.sequence: c for c in AuditCheckpoint.objects.order_by("sequence")}
    for c in stored.values():
        if c.key_id != current_key:
            continue  # signed under an earlier key: its copies outside still count below
        if not hmac.compare_digest(c.mac, _mac(checkpoint_message(c.sequence, c.hash, c.made_at))):
            return heads, BrokenLink(c.sequence, "its checkpoint's signature does not match")
        heads[c.sequence] = c.hash
    for copy in kept:
        mine = stored.get(copy.sequence)
        if mine is None or mine.hash != copy.hash or mine.mac != copy.mac:
            reason = "a kept copy of its checkpoint is missing or differs here"
            return heads, BrokenLink(copy.sequence, reason)
        heads[copy.sequence] = copy.hash
    return heads, None


def verify_chain(kept: Iterable[KeptCheckpoint] = ()) -> tuple[int, BrokenLink | None]:
    """Check every row in order (content, link, seal) and the chain against every checkpoint,
    and copies kept outside; return how many rows held and the first broken link, if any."""
    heads, broken = _checkpoints(kept)
    if broken is not None:
        return 0, broken
    previous_hash = ""
    expected_sequence = 1
    checked = 0
    sealed = False
    for row in _rows():
        if row.sequence != expected_sequence:
            return checked, BrokenLink(expected_sequence, f"row {expected_sequence} is missing")
        if row.previous_hash != previous_hash:
            return checked, BrokenLink(row.sequence, "its previous hash does not match row before")
        if row.hash != _expected_hash(row):
            return checked, BrokenLink(row.sequence, "its content does not match its hash")
        if row.seal:
            sealed = True
            if not hmac.compare_digest(row.seal, seal_of(row.hash)):
                return checked, BrokenLink(
                    row.sequence, "its seal does not match: it was rewritten"
                )
        elif sealed:
            return checked, BrokenLink(row.sequence, "it has no seal, though rows before it do")
        if row.sequence in heads and heads[row.sequence] != row.hash:
            return checked, BrokenLink(row.sequence, "it differs from its signed checkpoint")
        previous_hash = row.hash
        expected_sequence += 1
        checked += 1
    signed = max(heads, default=0)
    if signed > checked:
        return checked, BrokenLink(
            checked + 1, f"rows after {checked} are missing: a checkpoint signed row {signed}"
        )
    head = AuditChainHead.objects.filter(id=1).first()
    if head is not None and head.last_sequence != checked:
        return checked, BrokenLink(checked + 1, f"rows after {checked} are missing")
    return checked, None
