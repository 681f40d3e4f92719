"""How long Tohu keeps webhook messages: a message delivered to its endpoint stays in the
endpoint's delivery log for the keeping period (`Policy.webhook_messages_keep_days`,
`TOHU_WEBHOOK_MESSAGES_KEEP_DAYS`), then `tohu daily` prunes it with its attempts
(`tohu.webhooks.tasks.prune_delivered_messages`). What is not delivered (waiting or failed) is
never pruned."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Exists, OuterRef

from tohu.core import audit, clock, policy
from tohu.core.principal import SYSTEM
from tohu.webhooks.events import Event
from tohu.webhooks.models import Attempt, Delivery, DeliveryState, Message


@dataclass(frozen=True)
class Pruned:
    """What a pruning removed."""

    messages: int
    deliveries: int
    attempts: int


PRUNE_CHUNK = 500


def delivered_messages_prune(*, now: datetime | None = None) -> Pruned:
    """Remove the deliveries delivered longer ago than the keeping period
    (`Policy.webhook_messages_keep_days`), their attempts, and the messages older than it with
    no delivery left; one audit event says how many. A delivery waiting or failed is never
    removed, nor its message. Running it again removes nothing more."""
    keep_days = policy.current().webhook_messages_keep_days
    before = (now or clock.now()) - timedelta(days=keep_days)
    deliveries = attempts = 0
    with transaction.atomic():
        old = Delivery.objects.select_for_update().filter(
            state=DeliveryState.DELIVERED, delivered_at__lt=before
        )
        ids = list(old.values_list("pk", flat=True))
        for start in range(0, len(ids), PRUNE_CHUNK):
            chunk = ids[start : start + PRUNE_CHUNK]
            attempts += Attempt.objects.filter(delivery_id__in=chunk).delete()[0]
            deliveries += Delivery.objects.filter(
                pk__in=chunk, state=DeliveryState.DELIVERED
            ).delete()[0]
        emptied = Message.objects.filter(occurred_at__lt=before).exclude(
            Exists(Delivery.objects.filter(message_id=OuterRef("pk")))
        )
        messages = emptied.delete()[0]
        pruned = Pruned(messages=messages, deliveries=deliveries, attempts=attempts)
        if messages or deliveries:
            audit.record(
                Event.MESSAGES_PRUNED,
                actor=SYSTEM,
                subject=audit.Subject(type="webhooks.message", id="pruned"),
                detail={
                    "keep_days": keep_days,
                    "delivered_before": before.isoformat(),
                    "messages": messages,
                    "deliveries": deliveries,
                    "attempts": attempts,
                },
            )
    return pruned
