"""The webhook app's audit events, named `<subject>.<what happened>`, and the detail every writer
of an endpoint's event shares."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tohu.webhooks.models import Endpoint


class Event(StrEnum):
    """What the webhook services write to the audit log."""

    ENDPOINT_CREATED = "webhook_endpoint.created"
    ENDPOINT_CHANGED = "webhook_endpoint.changed"
    ENDPOINT_DISABLED = "webhook_endpoint.disabled"
    ENDPOINT_ENABLED = "webhook_endpoint.enabled"
    ENDPOINT_SECRET_ROTATED = "webhook_endpoint.secret_rotated"
    ENDPOINT_DELETED = "webhook_endpoint.deleted"
    DELIVERY_REDELIVERED = "webhook_delivery.redelivered"
    MESSAGES_PRUNED = "webhook_message.pruned"


def endpoint_detail(endpoint: Endpoint) -> dict[str, object]:
    """What an endpoint's audit event records of it (the services' and the worker's alike)."""
    return {
        "organisation": endpoint.organisation.slug,
        "url": endpoint.url,
        "event_types": endpoint.event_types,
    }
