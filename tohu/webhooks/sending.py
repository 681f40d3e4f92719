"""What sending a webhook needs, below both the services and the worker: an endpoint's signing
secret (sealed under the key-encryption key), the signed request (Standard Webhooks:
`webhook-id`, `webhook-timestamp`, `webhook-signature`, with the `standardwebhooks` library) and
the careful fetcher it goes through (https only; every address the host resolves to, checked at
the moment of sending, outside any private network)."""

from __future__ import annotations

import base64
import functools
import json
import secrets
import ssl
from datetime import datetime

from django.conf import settings
from standardwebhooks.webhooks import Webhook

from tohu.credentials import keys
from tohu.credentials.verification.fetch import Fetcher
from tohu.webhooks.models import Delivery, Endpoint

SECRET_PREFIX = "whsec_"
SECRET_BYTES = 32
USER_AGENT = "Tohu-Webhooks/1"


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


def new_secret(endpoint: Endpoint) -> str:
    """Give the endpoint (saved, so it has its id) a new sealed secret; return it, to show once.
    The caller saves `secret_encrypted`."""
    raw = secrets.token_bytes(SECRET_BYTES)
    endpoint.secret_encrypted = keys.seal(raw, bound_to=_bound_to(endpoint))
    return SECRET_PREFIX + base64.b64encode(raw).decode("ascii")


@functools.cache
def _tls() -> ssl.SSLContext:
    """The TLS context every delivery uses, made once a process: loading the system's
    certificates took longer than the rest of a delivery (`python -m bench webhooks`)."""
    return ssl.create_default_context()


def fetcher() -> Fetcher:
    """The careful fetcher deliveries go through: https only, never inside a network."""
    return Fetcher(
        timeout=float(settings.TOHU_WEBHOOKS_TIMEOUT_SECONDS),
        max_bytes=2048,
        allow_loopback=settings.TOHU_WEBHOOKS_ALLOW_LOOPBACK,
        tls=_tls(),
    )


def signed_body(payload: object) -> bytes:
    """A message's body as it is signed and sent: compact JSON with sorted keys."""
    return json.dumps(payload, separators=(",", ":"), sort_keys=True).encode()


def signed_request(delivery: Delivery, sent_at: datetime) -> tuple[bytes, dict[str, str]]:
    """The body and headers of a delivery, signed with its endpoint's secret."""
    message = delivery.message
    body = signed_body(message.payload)
    signature = Webhook(endpoint_secret(delivery.endpoint)).sign(message.msg_id, sent_at, body)
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "webhook-id": message.msg_id,
        "webhook-timestamp": str(int(sent_at.timestamp())),
        "webhook-signature": signature,
    }
    return body, headers
