"""Changes to an organisation's webhook endpoints: subscribe, change, disable, enable, rotate the
secret, redeliver. Each is one transaction with its audit event; the organisation's
administrators (and its API keys with `webhooks:manage`) may make them (`can()`)."""

from __future__ import annotations

import base64
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction

from tohu.core import audit, clock
from tohu.core.effects import after_commit, email_after_commit
from tohu.core.errors import DomainError, InvalidTransition
from tohu.core.permissions import Action, require
from tohu.core.principal import Principal
from tohu.credentials import keys
from tohu.credentials.verification.fetch import Fetcher, FetchRefused
from tohu.organisations.models import Organisation
from tohu.webhooks.events import Event
from tohu.webhooks.models import Delivery, DeliveryState, Endpoint, EventType

SECRET_PREFIX = "whsec_"
SECRET_BYTES = 32
MAX_ENDPOINTS = 10
ORGANISATION_ADMIN = "admin"


@dataclass(frozen=True)
class IssuedSecret:
    """An endpoint with its signing secret, which is shown this once."""

    endpoint: Endpoint
    secret: str


def _bound_to(endpoint: Endpoint) -> str:
    return f"tohu-webhook-secret:{endpoint.organisation_id}:{endpoint.pk}"


def endpoint_secret(endpoint: Endpoint) -> str:
    """The endpoint's signing secret in Standard Webhooks' form (`whsec_` and base64)."""
    raw = keys.unseal(
        endpoint.secret_encrypted,
        bound_to=_bound_to(endpoint),
        what=f"the signing secret of webhook endpoint {endpoint.pk}",
    )
    return SECRET_PREFIX + base64.b64encode(raw).decode("ascii")


def _new_secret(endpoint: Endpoint) -> str:
    raw = secrets.token_bytes(SECRET_BYTES)
    endpoint.secret_encrypted = keys.seal(raw, bound_to=_bound_to(endpoint))
    return SECRET_PREFIX + base64.b64encode(raw).decode("ascii")


def fetcher() -> Fetcher:
    """The careful fetcher deliveries go through: https only, never inside a network."""
    return Fetcher(
        timeout=float(settings.TOHU_WEBHOOKS_TIMEOUT_SECONDS),
        max_bytes=2048,
        allow_loopback=settings.TOHU_WEBHOOKS_ALLOW_LOOPBACK,
    )


def _checked_url(url: str) -> str:
    url = url.strip()
    if len(url) > 500:
        raise DomainError("The address is longer than 500 characters.", field="url")
    try:
        fetcher().check(url)
    except FetchRefused as refused:
        raise DomainError(
            f"Tohu cannot send webhooks to this address: {refused}.", field="url"
        ) from None
    return url


def _checked_events(event_types: Iterable[str]) -> list[str]:
    known = set(EventType.values)
    chosen = sorted(set(event_types))
    unknown = [name for name in chosen if name not in known]
    if unknown:
        raise DomainError(
            f"Tohu has no event {', '.join(unknown)}; choose from {', '.join(EventType.values)}.",
            field="event_types",
        )
    if not chosen:
        raise DomainError("Choose at least one event to receive.", field="event_types")
    return chosen


def _detail(endpoint: Endpoint) -> dict[str, object]:
    return {
        "organisation": endpoint.organisation.slug,
        "url": endpoint.url,
        "event_types": endpoint.event_types,
    }


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
                f"An organisation has at most {MAX_ENDPOINTS} webhook endpoints; remove one first."
            )
        endpoint = Endpoint.objects.create(
            organisation=organisation,
            url=url,
            description=description.strip()[:200],
            event_types=chosen,
            secret_encrypted=b"",
            created_by_id=getattr(actor, "pk", None) if _is_person(actor) else None,
        )
        secret = _new_secret(endpoint)
        endpoint.save(update_fields=["secret_encrypted"])
        audit.record(
            Event.ENDPOINT_CREATED, actor=actor, subject=endpoint, detail=_detail(endpoint)
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
        audit.record(Event.ENDPOINT_CHANGED, actor=actor, subject=locked, detail=_detail(locked))
    return locked


def endpoint_disable(*, actor: Principal, endpoint: Endpoint, reason: str = "") -> Endpoint:
    """Stop sending to an endpoint; what is waiting for it waits, and new events pass it by."""
    require(actor, Action.ORGANISATION_MANAGE_WEBHOOKS, endpoint.organisation)
    with transaction.atomic():
        locked = _locked(endpoint)
        if locked.disabled_at is not None:
            raise InvalidTransition("This endpoint is already disabled.")
        locked.disabled_at = clock.now()
        locked.disabled_reason = reason.strip() or "Disabled by the organisation."
        locked.save(update_fields=["disabled_at", "disabled_reason", "updated_at"])
        audit.record(
            Event.ENDPOINT_DISABLED,
            actor=actor,
            subject=locked,
            detail={**_detail(locked), "reason": locked.disabled_reason},
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
            raise InvalidTransition("This endpoint is already enabled.")
        locked.disabled_at = None
        locked.disabled_reason = ""
        locked.save(update_fields=["disabled_at", "disabled_reason", "updated_at"])
        again = Delivery.objects.filter(endpoint=locked).exclude(state=DeliveryState.DELIVERED)
        count = again.update(state=DeliveryState.PENDING, attempts=0, next_attempt_at=now)
        audit.record(Event.ENDPOINT_ENABLED, actor=actor, subject=locked, detail={"waiting": count})
        _send_soon()
    return locked


def endpoint_rotate_secret(*, actor: Principal, endpoint: Endpoint) -> IssuedSecret:
    """Give an endpoint a new signing secret (shown once); the old one stops at once."""
    require(actor, Action.ORGANISATION_MANAGE_WEBHOOKS, endpoint.organisation)
    with transaction.atomic():
        locked = _locked(endpoint)
        secret = _new_secret(locked)
        locked.save(update_fields=["secret_encrypted", "updated_at"])
        audit.record(
            Event.ENDPOINT_SECRET_ROTATED, actor=actor, subject=locked, detail=_detail(locked)
        )
    return IssuedSecret(endpoint=locked, secret=secret)


def endpoint_delete(*, actor: Principal, endpoint: Endpoint) -> None:
    """Remove an endpoint with its deliveries and their attempts."""
    require(actor, Action.ORGANISATION_MANAGE_WEBHOOKS, endpoint.organisation)
    with transaction.atomic():
        locked = _locked(endpoint)
        audit.record(Event.ENDPOINT_DELETED, actor=actor, subject=locked, detail=_detail(locked))
        locked.delete()


def delivery_redeliver(*, actor: Principal, delivery: Delivery) -> Delivery:
    """Send a delivery again (delivered or failed): it goes at once, after any earlier message
    about the same subject still waiting for that endpoint."""
    require(actor, Action.ORGANISATION_MANAGE_WEBHOOKS, delivery.endpoint.organisation)
    with transaction.atomic():
        locked = Delivery.objects.select_for_update().select_related("message").get(pk=delivery.pk)
        if locked.state == DeliveryState.PENDING:
            raise InvalidTransition("This delivery is already waiting to be sent.")
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
    from tohu.webhooks.tasks import send_soon

    after_commit(send_soon)


def admins_of(organisation: Organisation) -> list[str]:
    """The addresses told when an endpoint is disabled: the organisation's and its admins'."""
    members = organisation.memberships.filter(role=ORGANISATION_ADMIN).select_related("user")
    addresses = [organisation.email] + [getattr(m.user, "email", "") for m in members]
    return sorted({address for address in addresses if address})


def endpoint_disable_failing(*, endpoint_id: int, reason: str) -> bool:
    """The system disables an endpoint whose delivery ran out of attempts, and emails the
    organisation's administrators (inside the caller's transaction). False when it was already."""
    from tohu.core.principal import SYSTEM

    locked = _locked(Endpoint(pk=endpoint_id))
    if locked.disabled_at is not None:
        return False
    locked.disabled_at = clock.now()
    locked.disabled_reason = reason
    locked.save(update_fields=["disabled_at", "disabled_reason", "updated_at"])
    audit.record(
        Event.ENDPOINT_DISABLED,
        actor=SYSTEM,
        subject=locked,
        detail={**_detail(locked), "reason": reason},
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
