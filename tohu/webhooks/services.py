"""Changes to an organisation's webhook endpoints: subscribe, change, disable, enable, rotate the
secret, redeliver. Each is one transaction with its audit event; the organisation's
administrators (and its API keys with `webhooks:manage`) may make them (`can()`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext

from tohu.core import audit, clock
from tohu.core.effects import after_commit
from tohu.core.errors import DomainError, InvalidTransition
from tohu.core.permissions import Action, require
from tohu.core.principal import Principal
from tohu.credentials.verification.fetch import FetchRefused
from tohu.organisations.models import Organisation
from tohu.webhooks import sending
from tohu.webhooks.delivery import leases_take_back
from tohu.webhooks.events import Event, endpoint_detail
from tohu.webhooks.models import (
    DELIVERY_STATES,
    Delivery,
    DeliveryState,
    Endpoint,
    EventType,
)
from tohu.webhooks.tasks import send_soon

MAX_ENDPOINTS = 10


@dataclass(frozen=True)
class IssuedSecret:
    """An endpoint with its signing secret, which is shown this once."""

    endpoint: Endpoint
    secret: str


def _checked_url(url: str) -> str:
    url = url.strip()
    if len(url) > 500:
        raise DomainError(gettext("The address is longer than 500 characters."), field="url")
    try:
        sending.fetcher().check(url)
    except FetchRefused as refused:
        raise DomainError(
            gettext("Tohu cannot send webhooks to this address: %(refused)s.")
            % {"refused": refused},
            field="url",
        ) from None
    return url


def _checked_events(event_types: Iterable[str]) -> list[str]:
    known = set(EventType.values)
    chosen = sorted(set(event_types))
    unknown = [name for name in chosen if name not in known]
    if unknown:
        raise DomainError(
            gettext("Tohu has no event %(join)s; choose from %(join2)s.")
            % {"join": ", ".join(unknown), "join2": ", ".join(EventType.values)},
            field="event_types",
        )
    if not chosen:
        raise DomainError(gettext("Choose at least one event to receive."), field="event_types")
    return chosen


def endpoint_create(
    *,
    actor: Principal,
    organisation: Organisation,
    url: str,
    event_types: Iterable[str],
    description: str = "",
) -> IssuedSecret:
    """Subscribe an address to events; its signing secret is returned once, never again."""
    require(actor, Action.ORGANISATION_MANAGE_WEBHOOKS, organisation)
    chosen = _checked_events(event_types)
    url = _checked_url(url)
    with transaction.atomic():
        if Endpoint.objects.filter(organisation=organisation).count() >= MAX_ENDPOINTS:
            raise DomainError(
                gettext(
                    "An organisation has at most %(MAX_ENDPOINTS)s webhook endpoints; remove "
                    "one first."
                )
                % {"MAX_ENDPOINTS": MAX_ENDPOINTS}
            )
        endpoint = Endpoint.objects.create(
            organisation=organisation,
            url=url,
            description=description.strip()[:200],
            event_types=chosen,
            secret_encrypted=b"",
            created_by_id=getattr(actor, "pk", None) if _is_person(actor) else None,
        )
        secret = sending.new_secret(endpoint)
        endpoint.save(update_fields=["secret_encrypted"])
        audit.record(
            Event.ENDPOINT_CREATED, actor=actor, subject=endpoint, detail=endpoint_detail(endpoint)
        )
    return IssuedSecret(endpoint=endpoint, secret=secret)


def _is_person(actor: Principal) -> bool:
    from django.contrib.auth.models import AbstractBaseUser

    return isinstance(actor, AbstractBaseUser)


def _locked(endpoint: Endpoint) -> Endpoint:
    return Endpoint.objects.select_for_update().select_related("organisation").get(pk=endpoint.pk)


def endpoint_change(
    *,
    actor: Principal,
    endpoint: Endpoint,
    url: str | None = None,
    event_types: Iterable[str] | None = None,
    description: str | None = None,
) -> Endpoint:
    """Change an endpoint's address, events or description (its secret stays)."""
    require(actor, Action.ORGANISATION_MANAGE_WEBHOOKS, endpoint.organisation)
    checked_url = _checked_url(url) if url is not None else None
    chosen = _checked_events(event_types) if event_types is not None else None
    with transaction.atomic():
        locked = _locked(endpoint)
        if checked_url is not None:
            locked.url = checked_url
        if chosen is not None:
            locked.event_types = chosen
        if description is not None:
            locked.description = description.strip()[:200]
        locked.save()
        audit.record(
            Event.ENDPOINT_CHANGED, actor=actor, subject=locked, detail=endpoint_detail(locked)
        )
    return locked


def endpoint_disable(*, actor: Principal, endpoint: Endpoint, reason: str = "") -> Endpoint:
    """Stop sending to an endpoint; what is waiting for it waits, and new events pass it by."""
    require(actor, Action.ORGANISATION_MANAGE_WEBHOOKS, endpoint.organisation)
    with transaction.atomic():
        locked = _locked(endpoint)
        if locked.disabled_at is not None:
            raise InvalidTransition(gettext("This endpoint is already disabled."))
        locked.disabled_at = clock.now()
        locked.disabled_reason = reason.strip() or "Disabled by the organisation."
        locked.save(update_fields=["disabled_at", "disabled_reason", "updated_at"])
        audit.record(
            Event.ENDPOINT_DISABLED,
            actor=actor,
            subject=locked,
            detail={**endpoint_detail(locked), "reason": locked.disabled_reason},
        )
    return locked


def endpoint_enable(*, actor: Principal, endpoint: Endpoint) -> Endpoint:
    """Send to an endpoint again: every delivery waiting or failed goes, in order, from now."""
    require(actor, Action.ORGANISATION_MANAGE_WEBHOOKS, endpoint.organisation)
    _checked_url(endpoint.url)
    now = clock.now()
    with transaction.atomic():
        locked = _locked(endpoint)
        if locked.disabled_at is None:
            raise InvalidTransition(gettext("This endpoint is already enabled."))
        locked.disabled_at = None
        locked.disabled_reason = ""
        locked.save(update_fields=["disabled_at", "disabled_reason", "updated_at"])
        again = Delivery.objects.filter(
            endpoint=locked,
            state__in=DELIVERY_STATES.sources(DeliveryState.PENDING, by="endpoint_enable"),
        )
        count = again.update(state=DeliveryState.PENDING, attempts=0, next_attempt_at=now)
        audit.record(Event.ENDPOINT_ENABLED, actor=actor, subject=locked, detail={"waiting": count})
        _send_soon()
    return locked


def endpoint_rotate_secret(*, actor: Principal, endpoint: Endpoint) -> IssuedSecret:
    """Give an endpoint a new signing secret (shown once); the old one stops at once."""
    require(actor, Action.ORGANISATION_MANAGE_WEBHOOKS, endpoint.organisation)
    with transaction.atomic():
        locked = _locked(endpoint)
        secret = sending.new_secret(locked)
        locked.save(update_fields=["secret_encrypted", "updated_at"])
        audit.record(
            Event.ENDPOINT_SECRET_ROTATED,
            actor=actor,
            subject=locked,
            detail=endpoint_detail(locked),
        )
    return IssuedSecret(endpoint=locked, secret=secret)


def endpoint_delete(*, actor: Principal, endpoint: Endpoint) -> None:
    """Remove an endpoint with its deliveries and their attempts."""
    require(actor, Action.ORGANISATION_MANAGE_WEBHOOKS, endpoint.organisation)
    with transaction.atomic():
        locked = _locked(endpoint)
        audit.record(
            Event.ENDPOINT_DELETED, actor=actor, subject=locked, detail=endpoint_detail(locked)
        )
        locked.delete()


def delivery_redeliver(*, actor: Principal, delivery: Delivery) -> Delivery:
    """Send a delivery again (delivered or failed): it goes at once, after any earlier message
    about the same subject still waiting for that endpoint."""
    require(actor, Action.ORGANISATION_MANAGE_WEBHOOKS, delivery.endpoint.organisation)
    with transaction.atomic():
        locked = Delivery.objects.select_for_update().select_related("message").get(pk=delivery.pk)
        DELIVERY_STATES.check(
            locked.state,
            DeliveryState.PENDING,
            by="delivery_redeliver",
            subject=f"Message {locked.message.msg_id}",
        )
        locked.state = DeliveryState.PENDING
        locked.attempts = 0
        locked.next_attempt_at = clock.now()
        locked.save(update_fields=["state", "attempts", "next_attempt_at"])
        audit.record(
            Event.DELIVERY_REDELIVERED,
            actor=actor,
            subject=locked,
            detail={"message": locked.message.msg_id, "endpoint": locked.endpoint_id},
        )
        _send_soon()
    return locked


def _send_soon() -> None:
    after_commit(send_soon)


def deliveries_resume() -> str:
    """When a worker starts: take back the deliveries of workers gone from this host, and ask
    for what is waiting to be sent."""
    released = leases_take_back()
    waiting = Delivery.objects.filter(state=DeliveryState.PENDING).exists()
    if waiting:
        send_soon()
    return f"{released} taken back from stopped workers; {'some' if waiting else 'none'} waiting"
