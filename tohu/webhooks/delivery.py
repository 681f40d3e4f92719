"""Sending webhooks: the worker takes each delivery that is due, signs it (Standard Webhooks:
`webhook-id`, `webhook-timestamp`, `webhook-signature`, with the `standardwebhooks` library) and
posts it through the careful fetcher (https only; every address the host resolves to, checked
at the moment of sending, outside any private network).

- **Ordered per subject**: a delivery waits while an earlier message about the same subject to
  the same endpoint is not delivered.
- **Held, never lost**: a worker takes a delivery with a lease (`owner`, `lease_until`) and
  writes its outcome only while it still holds it; a worker killed mid-delivery leaves it to be
  taken again when the lease ends, or at once when its process is found gone
  (`deliveries_resume`, run when a worker starts). The receiver may then see a message twice:
  the `webhook-id` tells it so.
- **Retried** on any answer but 2xx, or none, on Standard Webhooks' schedule (`RETRY_SCHEDULE`:
  at once, then 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h later, 27.6 hours in all); after the
  last attempt the delivery fails, and the endpoint is disabled with an email to the
  organisation's administrators (what waits stays; enabling the endpoint sends it, in order).
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from standardwebhooks.webhooks import Webhook

from tohu.achievements.services.batches import owner_gone, owner_here
from tohu.core import clock
from tohu.credentials.verification.fetch import FetchRefused
from tohu.webhooks import services
from tohu.webhooks.models import Attempt, Delivery, DeliveryState

logger = logging.getLogger(__name__)

# the pause after each failed attempt (Standard Webhooks' / Svix's schedule): 8 attempts in all
RETRY_SCHEDULE: tuple[timedelta, ...] = (
    timedelta(seconds=5),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=5),
    timedelta(hours=10),
    timedelta(hours=10),
)
EXCERPT_CHARACTERS = 500
USER_AGENT = "Tohu-Webhooks/1"


def lease() -> timedelta:
    """How long a worker holds a delivery it is sending: past the receiver's time limit."""
    return timedelta(seconds=2 * settings.TOHU_WEBHOOKS_TIMEOUT_SECONDS + 30)


def _earlier_waiting() -> Exists:
    return Exists(
        Delivery.objects.filter(
            endpoint_id=OuterRef("endpoint_id"),
            subject=OuterRef("subject"),
            message_id__lt=OuterRef("message_id"),
        ).exclude(state=DeliveryState.DELIVERED)
    )


def _free(now: datetime) -> Q:
    return Q(lease_until__isnull=True) | Q(lease_until__lte=now)


def due(now: datetime) -> list[int]:
    """The deliveries that may be sent now, oldest first: waiting, due, not held, to an active
    endpoint, with no earlier message about their subject still to go before them."""
    return list(
        Delivery.objects.filter(
            _free(now),
            state=DeliveryState.PENDING,
            next_attempt_at__lte=now,
            endpoint__disabled_at__isnull=True,
        )
        .exclude(_earlier_waiting())
        .order_by("next_attempt_at", "message_id")
        .values_list("pk", flat=True)[:100]
    )


def claim(delivery_id: int, owner: str, now: datetime) -> bool:
    """Take a delivery for this worker, unless another took it first."""
    taken = Delivery.objects.filter(_free(now), pk=delivery_id, state=DeliveryState.PENDING).update(
        owner=owner, lease_until=now + lease()
    )
    return bool(taken)


def signed_request(delivery: Delivery, sent_at: datetime) -> tuple[bytes, dict[str, str]]:
    """The body and headers of a delivery, signed with its endpoint's secret."""
    message = delivery.message
    body = json.dumps(message.payload, separators=(",", ":"), sort_keys=True).encode()
    signature = Webhook(services.endpoint_secret(delivery.endpoint)).sign(
        message.msg_id, sent_at, body
    )
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "webhook-id": message.msg_id,
        "webhook-timestamp": str(int(sent_at.timestamp())),
        "webhook-signature": signature,
    }
    return body, headers


def _post(delivery: Delivery) -> tuple[int | None, str, str, int]:
    started = time.monotonic()
    body, headers = signed_request(delivery, clock.now())
    try:
        status, answer = services.fetcher().post(delivery.endpoint.url, body, headers)
    except FetchRefused as refused:
        return None, "", str(refused), int((time.monotonic() - started) * 1000)
    excerpt = answer.decode("utf-8", errors="replace")[:EXCERPT_CHARACTERS]
    return status, excerpt, "", int((time.monotonic() - started) * 1000)


def send(delivery_id: int, owner: str) -> bool:
    """Send one delivery this worker holds and record the attempt; True when delivered."""
    delivery = Delivery.objects.select_related("endpoint__organisation", "message").get(
        pk=delivery_id
    )
    started_at = clock.now()
    status, excerpt, error, duration_ms = _post(delivery)
    delivered = status is not None and 200 <= status < 300
    with transaction.atomic():
        held = (
            Delivery.objects.select_for_update()
            .filter(pk=delivery_id, owner=owner, state=DeliveryState.PENDING)
            .first()
        )
        if held is None:
            return False  # its lease ran out and another worker took it: theirs to record
        held.attempts += 1
        Attempt.objects.create(
            delivery=held,
            number=held.attempts,
            started_at=started_at,
            duration_ms=duration_ms,
            status_code=status,
            response_excerpt=excerpt,
            error=error,
        )
        held.owner, held.lease_until, held.last_status_code = "", None, status
        now = clock.now()
        if delivered:
            held.state, held.delivered_at = DeliveryState.DELIVERED, now
        elif held.attempts > len(RETRY_SCHEDULE):
            held.state = DeliveryState.FAILED
            reason = (
                f"Message {delivery.message.msg_id} was tried {held.attempts} times over "
                f"{_span()} and never accepted; the last attempt: "
                f"{error or f'the receiver answered {status}'}."
            )
            services.endpoint_disable_failing(endpoint_id=held.endpoint_id, reason=reason)
        else:
            held.next_attempt_at = now + RETRY_SCHEDULE[held.attempts - 1]
        held.save()
    return delivered


def _span() -> str:
    hours = sum(RETRY_SCHEDULE, timedelta()).total_seconds() / 3600
    return f"{hours:.1f} hours"


def deliver_due(*, owner: str | None = None, stop: Callable[[], bool] | None = None) -> int:
    """Send every delivery that is due, until none is; return how many attempts were made."""
    owner = owner or owner_here()
    attempts = 0
    while stop is None or not stop():
        now = clock.now()
        ready = due(now)
        if not ready:
            break
        sent_any = False
        for delivery_id in ready:
            if claim(delivery_id, owner, clock.now()):
                send(delivery_id, owner)
                attempts += 1
                sent_any = True
        if not sent_any:
            break
    return attempts


def next_wake() -> datetime | None:
    """When a worker should look again: the earliest retry or lease to end, if any."""
    waiting = Delivery.objects.filter(
        state=DeliveryState.PENDING, endpoint__disabled_at__isnull=True
    )
    times = [
        waiting.filter(lease_until__isnull=True).order_by("next_attempt_at").first(),
        waiting.filter(lease_until__isnull=False).order_by("lease_until").first(),
    ]
    wakes = [d.lease_until or d.next_attempt_at for d in times if d is not None]
    return min(wakes, default=None)


def deliveries_resume() -> str:
    """When a worker starts: take back the deliveries of workers gone from this host, and ask
    for what is waiting to be sent."""
    released = 0
    for delivery in Delivery.objects.filter(state=DeliveryState.PENDING).exclude(owner=""):
        if owner_gone(delivery.owner):
            released += Delivery.objects.filter(pk=delivery.pk, owner=delivery.owner).update(
                owner="", lease_until=None
            )
    waiting = Delivery.objects.filter(state=DeliveryState.PENDING).exists()
    if waiting:
        from tohu.webhooks.tasks import send_soon

        send_soon()
    return f"{released} taken back from stopped workers; {'some' if waiting else 'none'} waiting"
