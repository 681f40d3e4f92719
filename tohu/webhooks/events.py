"""The webhook app's audit events, named `<subject>.<what happened>`."""

from enum import StrEnum


class Event(StrEnum):
    """What the webhook services write to the audit log."""

    ENDPOINT_CREATED = "webhook_endpoint.created"
    ENDPOINT_CHANGED = "webhook_endpoint.changed"
    ENDPOINT_DISABLED = "webhook_endpoint.disabled"
    ENDPOINT_ENABLED = "webhook_endpoint.enabled"
    ENDPOINT_SECRET_ROTATED = "webhook_endpoint.secret_rotated"
    ENDPOINT_DELETED = "webhook_endpoint.deleted"
    DELIVERY_REDELIVERED = "webhook_delivery.redelivered"
