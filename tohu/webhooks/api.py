"""The webhooks endpoints under /api/v1/: an organisation's subscriptions and their deliveries,
with a key that has `webhooks:manage`. Another organisation's endpoint does not exist for a key
(404). The same services as the organisation's webhooks page."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext
from ninja import Field, Query, Router, Schema, Status
from pydantic import ConfigDict

from tohu.core.api_auth import key_principal, keyed
from tohu.core.api_input import InputSchema
from tohu.core.errors import NotFound
from tohu.core.pagination import PageQuery, keyset_page, page_body, page_schema
from tohu.core.principal import Scope
from tohu.webhooks import selectors, services
from tohu.webhooks.models import Delivery, Endpoint, EventType

router = Router(tags=["webhooks"])
T = TypeVar("T")

EVENTS_TEXT = ", ".join(EventType.values)


class EndpointOut(Schema):
    id: int
    url: str
    description: str
    event_types: list[str] = Field(description=f"Among: {EVENTS_TEXT}.")
    active: bool = Field(description="False once disabled (by you, or after the last retry).")
    disabled_at: datetime | None
    disabled_reason: str
    created_at: datetime
    updated_at: datetime


class EndpointSecretOut(EndpointOut):
    secret: str = Field(
        description="The signing secret (`whsec_…`), in this answer only: keep it now."
    )


class EndpointIn(InputSchema):
    """Where to send, and which events."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "url": "https://sms.example.ac.nz/tohu-hooks",
                    "event_types": ["completion.recorded", "credential.revoked"],
                    "description": "Student management system",
                }
            ]
        }
    )

    url: str = Field(max_length=500, description="An https address outside private networks.")
    event_types: list[str] = Field(min_length=1, description=f"Among: {EVENTS_TEXT}.")
    description: str = Field("", max_length=200)


class EndpointChangeIn(InputSchema):
    """What to change; fields left out stay as they are."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"event_types": ["listing.approved", "listing.changed"]}]}
    )

    url: str | None = Field(None, max_length=500)
    event_types: list[str] | None = Field(None, min_length=1, description=f"Among: {EVENTS_TEXT}.")
    description: str | None = Field(None, max_length=200)


class AttemptOut(Schema):
    number: int
    started_at: datetime
    duration_ms: int
    status_code: int | None = Field(description="The receiver's answer; null when none came.")
    response_excerpt: str = Field(description="The first 500 characters of the answer.")
    error: str


class DeliveryOut(Schema):
    id: int
    message_id: str = Field(description="Sent as `webhook-id`: the same on every attempt.")
    type: str
    occurred_at: datetime
    state: str = Field(description="pending, delivered or failed")
    attempts: int = Field(description="Attempts since the delivery was last (re)started.")
    next_attempt_at: datetime | None = Field(description="When it is tried next, if pending.")
    delivered_at: datetime | None
    payload: dict[str, Any] = Field(description="The body sent.")
    attempt_log: list[AttemptOut] = Field(description="Every attempt, newest first.")


EndpointPage = page_schema("WebhookEndpointPage", EndpointOut)
DeliveryPage = page_schema("WebhookDeliveryPage", DeliveryOut)


def _endpoint_out(endpoint: Endpoint) -> dict[str, Any]:
    return {
        "id": endpoint.pk,
        "url": endpoint.url,
        "description": endpoint.description,
        "event_types": endpoint.event_types,
        "active": endpoint.is_active,
        "disabled_at": endpoint.disabled_at,
        "disabled_reason": endpoint.disabled_reason,
        "created_at": endpoint.created_at,
        "updated_at": endpoint.updated_at,
    }


def _delivery_out(delivery: Delivery) -> dict[str, Any]:
    message = delivery.message
    return {
        "id": delivery.pk,
        "message_id": message.msg_id,
        "type": message.type,
        "occurred_at": message.occurred_at,
        "state": delivery.state,
        "attempts": delivery.attempts,
        "next_attempt_at": delivery.next_attempt_at if delivery.state == "pending" else None,
        "delivered_at": delivery.delivered_at,
        "payload": message.payload,
        "attempt_log": [
            {
                "number": a.number,
                "started_at": a.started_at,
                "duration_ms": a.duration_ms,
                "status_code": a.status_code,
                "response_excerpt": a.response_excerpt,
                "error": a.error,
            }
            for a in delivery.attempt_log.all()
        ],
    }


def _own_endpoint(request: HttpRequest, endpoint_id: int) -> Endpoint:
    principal = key_principal(request)
    endpoint = (
        selectors.endpoints_for(principal, principal.organisation).filter(pk=endpoint_id).first()
    )
    if endpoint is None:
        raise NotFound(gettext("There is no such webhook endpoint for your organisation."))
    return endpoint


def _on_own_endpoint(
    request: HttpRequest, endpoint_id: int, service: Callable[..., T], **changes: Any
) -> T:
    """Run an endpoint's service as the key, on its own organisation's endpoint (404 for any
    other)."""
    return service(
        actor=key_principal(request), endpoint=_own_endpoint(request, endpoint_id), **changes
    )


@router.get(
    "/webhooks/endpoints",
    auth=keyed(Scope.WEBHOOKS_MANAGE),
    response=EndpointPage,
    summary="Your organisation's webhook endpoints",
)
def webhook_endpoints_list(
    request: HttpRequest, response: HttpResponse, filters: Query[PageQuery]
) -> dict[str, Any]:
    """A page at a time (follow `next`); `updated_since` keeps those changed since."""
    principal = key_principal(request)
    found = selectors.endpoints_for(principal, principal.organisation)
    if filters.updated_since:
        found = found.filter(updated_at__gte=filters.updated_since)
    rows, cursor = keyset_page(found, filters)
    latest = max((e.updated_at for e in rows), default=None)
    return page_body(request, response, [_endpoint_out(e) for e in rows], cursor, latest)


@router.post(
    "/webhooks/endpoints",
    auth=keyed(Scope.WEBHOOKS_MANAGE),
    response={201: EndpointSecretOut},
    summary="Subscribe an address to events",
)
def webhook_endpoint_create(request: HttpRequest, payload: EndpointIn) -> Status[dict[str, Any]]:
    """The answer carries the signing secret, once: Tohu never shows it again (rotate it to get
    a new one). Only https addresses outside private networks are accepted."""
    principal = key_principal(request)
    issued = services.endpoint_create(
        actor=principal,
        organisation=principal.organisation,
        url=payload.url,
        event_types=payload.event_types,
        description=payload.description,
    )
    return Status(201, _endpoint_out(issued.endpoint) | {"secret": issued.secret})


@router.get(
    "/webhooks/endpoints/{endpoint_id}",
    auth=keyed(Scope.WEBHOOKS_MANAGE),
    response=EndpointOut,
    summary="One webhook endpoint",
)
def webhook_endpoint_read(request: HttpRequest, endpoint_id: int) -> dict[str, Any]:
    return _endpoint_out(_own_endpoint(request, endpoint_id))


@router.patch(
    "/webhooks/endpoints/{endpoint_id}",
    auth=keyed(Scope.WEBHOOKS_MANAGE),
    response=EndpointOut,
    summary="Change a webhook endpoint's address, events or description",
)
def webhook_endpoint_change(
    request: HttpRequest, endpoint_id: int, payload: EndpointChangeIn
) -> dict[str, Any]:
    changed = _on_own_endpoint(
        request,
        endpoint_id,
        services.endpoint_change,
        url=payload.url,
        event_types=payload.event_types,
        description=payload.description,
    )
    return _endpoint_out(changed)


@router.delete(
    "/webhooks/endpoints/{endpoint_id}",
    auth=keyed(Scope.WEBHOOKS_MANAGE),
    response={204: None},
    summary="Remove a webhook endpoint and its deliveries",
)
def webhook_endpoint_delete(request: HttpRequest, endpoint_id: int) -> Status[None]:
    _on_own_endpoint(request, endpoint_id, services.endpoint_delete)
    return Status(204, None)


@router.post(
    "/webhooks/endpoints/{endpoint_id}/disable",
    auth=keyed(Scope.WEBHOOKS_MANAGE),
    response=EndpointOut,
    summary="Stop sending to an endpoint",
)
def webhook_endpoint_disable(request: HttpRequest, endpoint_id: int) -> dict[str, Any]:
    """What waits for it keeps; events after this pass it by."""
    return _endpoint_out(_on_own_endpoint(request, endpoint_id, services.endpoint_disable))


@router.post(
    "/webhooks/endpoints/{endpoint_id}/enable",
    auth=keyed(Scope.WEBHOOKS_MANAGE),
    response=EndpointOut,
    summary="Send to an endpoint again",
)
def webhook_endpoint_enable(request: HttpRequest, endpoint_id: int) -> dict[str, Any]:
    """Every delivery that waited or failed is sent again, in order per subject."""
    return _endpoint_out(_on_own_endpoint(request, endpoint_id, services.endpoint_enable))


@router.post(
    "/webhooks/endpoints/{endpoint_id}/rotate-secret",
    auth=keyed(Scope.WEBHOOKS_MANAGE),
    response=EndpointSecretOut,
    summary="Give an endpoint a new signing secret",
)
def webhook_endpoint_rotate(request: HttpRequest, endpoint_id: int) -> dict[str, Any]:
    """The new secret is in this answer only; the old one stops at once."""
    issued = _on_own_endpoint(request, endpoint_id, services.endpoint_rotate_secret)
    return _endpoint_out(issued.endpoint) | {"secret": issued.secret}


@router.get(
    "/webhooks/endpoints/{endpoint_id}/deliveries",
    auth=keyed(Scope.WEBHOOKS_MANAGE),
    response=DeliveryPage,
    summary="An endpoint's delivery log",
)
def webhook_deliveries_list(
    request: HttpRequest, response: HttpResponse, endpoint_id: int, filters: Query[PageQuery]
) -> dict[str, Any]:
    """Each message sent to the endpoint, oldest first, with every attempt and the receiver's
    answer; `updated_since` keeps the messages of events since then."""
    endpoint = _own_endpoint(request, endpoint_id)
    found = selectors.deliveries_for(key_principal(request), endpoint)
    if filters.updated_since:
        found = found.filter(message__occurred_at__gte=filters.updated_since)
    rows, cursor = keyset_page(found, filters)
    return page_body(request, response, [_delivery_out(d) for d in rows], cursor)


@router.post(
    "/webhooks/endpoints/{endpoint_id}/deliveries/{delivery_id}/redeliver",
    auth=keyed(Scope.WEBHOOKS_MANAGE),
    response=DeliveryOut,
    summary="Send a delivered or failed message again",
)
def webhook_delivery_redeliver(
    request: HttpRequest, endpoint_id: int, delivery_id: int
) -> dict[str, Any]:
    """It goes with the same `webhook-id`, after any earlier message about its subject."""
    principal = key_principal(request)
    endpoint = _own_endpoint(request, endpoint_id)
    delivery = selectors.deliveries_for(principal, endpoint).filter(pk=delivery_id).first()
    if delivery is None:
        raise NotFound(gettext("There is no such delivery for this endpoint."))
    services.delivery_redeliver(actor=principal, delivery=delivery)
    again = selectors.deliveries_for(principal, endpoint).get(pk=delivery_id)
    return _delivery_out(again)
