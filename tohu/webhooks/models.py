"""Webhooks: an organisation's endpoints, the outbox of messages, and each delivery's attempts.

A message is written in the same transaction as the change it tells of (the audit log's writer
calls `tohu.webhooks.outbox.audited`), with one delivery for each endpoint subscribed to it; the
worker sends the deliveries after commit (`tohu.webhooks.delivery`). See docs/architecture.md,
"Webhooks".
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy

from tohu.core.states import StateMachine, move


class EventType(models.TextChoices):
    """What an endpoint may subscribe to (the `type` of each message)."""

    COMPLETION_RECORDED = "completion.recorded", gettext_lazy("Completions recorded")
    COMPLETION_CORRECTED = "completion.corrected", gettext_lazy("A completion corrected")
    COMPLETION_WITHDRAWN = "completion.withdrawn", gettext_lazy("A completion withdrawn")
    LISTING_APPROVED = "listing.approved", gettext_lazy("A micro-credential listed")
    LISTING_CHANGED = "listing.changed", gettext_lazy("A listing's new version")
    LISTING_STATUS_CHANGED = "listing.status_changed", gettext_lazy("A listing's status changed")
    ACCREDITATION_GRANTED = "accreditation.granted", gettext_lazy("An accreditation granted")
    ACCREDITATION_ENDED = "accreditation.ended", gettext_lazy("An accreditation ended")
    REVIEW_DUE = "review.due", gettext_lazy("A review due")
    REVIEW_OUTCOME = "review.outcome", gettext_lazy("A review's outcome")
    APPLICATION_DECIDED = "application.decided", gettext_lazy("An application decided")
    CREDENTIAL_REVOKED = "credential.revoked", gettext_lazy("A credential revoked")


class Endpoint(models.Model):
    """An address where an organisation's system receives the events it subscribed to.

    The signing secret is stored encrypted under the key-encryption key and shown once, when it
    is made or rotated. A disabled endpoint keeps its deliveries waiting; enabling it again sends
    them, in order.
    """

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="webhook_endpoints"
    )
    url = models.CharField(max_length=500)
    description = models.CharField(max_length=200, blank=True)
    event_types = models.JSONField(default=list)
    secret_encrypted = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    disabled_at = models.DateTimeField(null=True, blank=True)
    disabled_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["organisation_id", "pk"]

    def __str__(self) -> str:
        return f"{self.url} ({self.organisation_id})"

    @property
    def is_active(self) -> bool:
        return self.disabled_at is None


class Message(models.Model):
    """One event as webhooks tell it: written in the transaction of the change (the outbox).

    `organisation` is who it concerns; None for the public register's events, which every
    organisation may subscribe to. `subject` names the thing it is about: deliveries of one
    subject to one endpoint go in the order the messages were written.
    """

    msg_id = models.CharField(max_length=40, unique=True)
    type = models.CharField(max_length=40, choices=EventType.choices)
    subject = models.CharField(max_length=100)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    occurred_at = models.DateTimeField()
    payload = models.JSONField()
    audit_sequence = models.PositiveBigIntegerField()

    def __str__(self) -> str:
        return f"{self.msg_id} {self.type} {self.subject}"


class DeliveryState(models.TextChoices):
    PENDING = "pending", gettext_lazy("Waiting")
    DELIVERED = "delivered", gettext_lazy("Delivered")
    FAILED = "failed", gettext_lazy("Failed")


# A delivery's life (docs/architecture.md, "State machines"): the outbox writes it waiting; the
# worker's attempt delivers it, or fails it when its attempts ran out or the receiver answered
# 410 Gone (a retry keeps it waiting); enabling its endpoint again, or a redelivery, sets it
# waiting. The worker and the services check each move here (`check`), and the enabling's bulk
# update filters on `state__in=DELIVERY_STATES.sources(...)`.
DELIVERY_STATES = StateMachine(
    "delivery",
    DeliveryState,
    [
        move(DeliveryState.PENDING, DeliveryState.DELIVERED, by="tohu.webhooks.delivery.send"),
        move(DeliveryState.PENDING, DeliveryState.FAILED, by="tohu.webhooks.delivery.send"),
        move(
            [DeliveryState.PENDING, DeliveryState.FAILED],
            DeliveryState.PENDING,
            by="tohu.webhooks.services.endpoint_enable",
        ),
        move(
            [DeliveryState.DELIVERED, DeliveryState.FAILED],
            DeliveryState.PENDING,
            by="tohu.webhooks.services.delivery_redeliver",
        ),
    ],
    initial=[DeliveryState.PENDING],
)


class Delivery(models.Model):
    """One message to one endpoint: waiting (with the time of its next attempt), delivered, or
    failed once its attempts ran out. A worker sending it holds it (`owner`) until `lease_until`;
    a worker that dies leaves it to be taken again when the lease runs out."""

    endpoint = models.ForeignKey(Endpoint, on_delete=models.CASCADE, related_name="deliveries")
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="deliveries")
    subject = models.CharField(max_length=100)
    state = models.CharField(
        max_length=20, choices=DeliveryState.choices, default=DeliveryState.PENDING
    )
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    owner = models.CharField(max_length=100, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    last_status_code = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["endpoint", "message"], name="delivery_once"),
        ]
        indexes = [
            models.Index(fields=["state", "next_attempt_at"], name="delivery_due"),
            models.Index(fields=["endpoint", "subject", "message"], name="delivery_subject_order"),
        ]

    def __str__(self) -> str:
        return f"{self.message_id} to {self.endpoint_id}: {self.state}"


class Attempt(models.Model):
    """One try at sending a delivery: when, how long, and what the receiver answered."""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="attempt_log")
    number = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    duration_ms = models.PositiveIntegerField()
    status_code = models.PositiveIntegerField(null=True, blank=True)
    response_excerpt = models.TextField(blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"attempt {self.number} of {self.delivery_id}: {self.status_code or self.error}"

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300
