"""Sending webhooks: the worker takes each delivery that is due, signs it and posts it through
the careful fetcher (`tohu.webhooks.sending`). This module runs under the task
(`tohu.webhooks.tasks.deliver_webhooks`) and never queues it: the services and the outbox do.

- **Ordered per subject**: a delivery waits while an earlier message about the same subject to
  the same endpoint is not delivered.
- **Held, never lost**: a worker takes a delivery with a lease (`owner`, `lease_until`) and
  writes its outcome only while it still holds it; a worker killed mid-delivery leaves it to be
  taken again when the lease ends, or at once when its process is found gone
  (`leases_take_back`, run when a worker starts). The receiver may then see a message twice:
  the `webhook-id` tells it so.
- **Retried** on any answer but 2xx, or none, on Standard Webhooks' schedule (`RETRY_SCHEDULE`:
  at once, then 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h later, 27.6 hours in all); after the
  last attempt the delivery fails, and the endpoint is disabled with an email to the
  organisation's administrators (what waits stays; enabling the endpoint sends it, in order).
- **Gone**: an answer of 410 fails the delivery and disables the endpoint at once, with the same
  audit event and email, and no retry.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q

from tohu.achievements.services.batches import owner_gone, owner_here
from tohu.core import audit, clock
from tohu.core.effects import email_after_commit
from tohu.core.principal import SYSTEM
from tohu.credentials.verification.fetch import FetchRefused
from tohu.organisations.models import Organisation
from tohu.webhooks import sending
from tohu.webhooks.events import Event, endpoint_detail
from tohu.webhooks.models import DELIVERY_STATES, Attempt, Delivery, DeliveryState, Endpoint

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
# a receiver answering 410 Gone says the address is gone for good: the endpoint is disabled at
# once, with no retry
GONE = 410
ORGANISATION_ADMIN = "admin"


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


def _post(delivery: Delivery) -> tuple[int | None, str, str, int]:
    started = time.monotonic()
    body, headers = sending.signed_request(delivery, clock.now())
    try:
        status, answer = sending.fetcher().post(delivery.endpoint.url, body, headers)
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
            .filter(
                pk=delivery_id,
                owner=owner,
                state__in=DELIVERY_STATES.sources(DeliveryState.DELIVERED, by="send"),
            )
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
            DELIVERY_STATES.check(held.state, DeliveryState.DELIVERED, by="send")
            held.state, held.delivered_at = DeliveryState.DELIVERED, now
        elif status == GONE or held.attempts > len(RETRY_SCHEDULE):
            DELIVERY_STATES.check(held.state, DeliveryState.FAILED, by="send")
            held.state = DeliveryState.FAILED
            endpoint_disable_failing(
                endpoint_id=held.endpoint_id,
                reason=_failure(delivery.message.msg_id, held.attempts, status, error),
            )
        else:
            held.next_attempt_at = now + RETRY_SCHEDULE[held.attempts - 1]
        held.save()
    return delivered


def _failure(msg_id: str, attempts: int, status: int | None, error: str) -> str:
    """Why the endpoint is disabled: the receiver is gone, or the attempts ran out."""
    if status == GONE:
        return (
            f"Message {msg_id}: the receiver answered {GONE} Gone, which says the address "
            "receives nothing any more, so Tohu stopped at once instead of trying again."
        )
    return (
        f"Message {msg_id} was tried {attempts} times over {_span()} and never accepted; "
        f"the last attempt: {error or f'the receiver answered {status}'}."
    )


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


def leases_take_back() -> int:
    """Take back the deliveries held by workers gone from this host (a worker starting runs it,
    through `tohu.webhooks.services.deliveries_resume`); return how many."""
    released = 0
    for delivery in Delivery.objects.filter(state=DeliveryState.PENDING).exclude(owner=""):
        if owner_gone(delivery.owner):
            released += Delivery.objects.filter(pk=delivery.pk, owner=delivery.owner).update(
                owner="", lease_until=None
            )
    return released


def admins_of(organisation: Organisation) -> list[str]:
    """The addresses told when an endpoint is disabled: the organisation's and its admins'."""
    members = organisation.memberships.filter(role=ORGANISATION_ADMIN).select_related("user")
    addresses = [organisation.email] + [getattr(m.user, "email", "") for m in members]
    return sorted({address for address in addresses if address})


def endpoint_disable_failing(*, endpoint_id: int, reason: str) -> bool:
    """The system disables an endpoint whose delivery ran out of attempts, and emails the
    organisation's administrators (inside the caller's transaction). False when it was already."""
    locked = Endpoint.objects.select_for_update().select_related("organisation").get(pk=endpoint_id)
    if locked.disabled_at is not None:
        return False
    locked.disabled_at = clock.now()
    locked.disabled_reason = reason
    locked.save(update_fields=["disabled_at", "disabled_reason", "updated_at"])
    audit.record(
        Event.ENDPOINT_DISABLED,
        actor=SYSTEM,
        subject=locked,
        detail={**endpoint_detail(locked), "reason": reason},
    )
    email_after_commit(
        to=admins_of(locked.organisation),
        subject=f"Tohu stopped sending webhooks to {locked.url}",
        body=(
            f"Tohu could not deliver webhooks to {locked.url} for {locked.organisation.name} "
            f"and has disabled the endpoint.\n\n{reason}\n\nNothing is lost: the messages "
            "wait. When the receiver works again, enable the endpoint on the organisation's "
            "webhooks page and they are sent, in order."
        ),
    )
    return True
