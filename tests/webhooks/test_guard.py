"""The SSRF guard: production sends only to https addresses outside every private network; the
host is resolved and each address checked when the endpoint is made and again at each delivery
(so a name that later points inside is refused then)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Persona
from tests.factories import listed_micro_credential
from tests.webhooks.conftest import Receiver, subscribe
from tohu.core.errors import DomainError
from tohu.organisations.models import Organisation
from tohu.webhooks import services
from tohu.webhooks.models import Attempt, Delivery, DeliveryState, Endpoint, EventType

REPO = Path(__file__).resolve().parents[2]

INSIDE = [
    "https://127.0.0.1/hooks",
    "https://localhost/hooks",
    "https://10.1.2.3/hooks",
    "https://172.16.0.9/hooks",
    "https://192.168.1.1/hooks",
    "https://169.254.169.254/latest/meta-data/",  # cloud metadata
    "https://100.64.0.1/hooks",  # carrier-grade NAT
    "https://0.0.0.0/hooks",
    "https://[::1]/hooks",
    "https://[fd00::1]/hooks",
    "https://[fe80::1]/hooks",
    "https://[::ffff:127.0.0.1]/hooks",
    "https://224.0.0.1/hooks",
]


@pytest.mark.django_db
@pytest.mark.parametrize("url", INSIDE)
def test_an_address_inside_a_network_is_refused(
    url: str, provider: Persona, provider_org: Organisation
) -> None:
    with pytest.raises(DomainError) as refused:
        services.endpoint_create(
            actor=provider.user, organisation=provider_org, url=url, event_types=["review.due"]
        )
    assert refused.value.field == "url"
    assert "inside a network" in refused.value.message
    assert Endpoint.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:8000/hooks", "http://example.org/hooks", "ftp://example.org/x", "x"]
)
def test_production_refuses_anything_but_https(
    url: str, provider: Persona, provider_org: Organisation
) -> None:
    with pytest.raises(DomainError) as refused:
        services.endpoint_create(
            actor=provider.user, organisation=provider_org, url=url, event_types=["review.due"]
        )
    assert "not an https address" in refused.value.message
    assert Endpoint.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.usefixtures("loopback")
@pytest.mark.parametrize(
    "url", ["http://10.0.0.1/hooks", "https://192.168.0.1/", "http://[fd00::2]/"]
)
def test_development_allows_loopback_only(
    url: str, provider: Persona, provider_org: Organisation
) -> None:
    with pytest.raises(DomainError, match="inside a network"):
        services.endpoint_create(
            actor=provider.user, organisation=provider_org, url=url, event_types=["review.due"]
        )


@pytest.mark.django_db(transaction=True)
def test_each_delivery_checks_the_address_again(
    receiver: Receiver,
    provider: Persona,
    provider_org: Organisation,
    isb: Organisation,
    settings: Any,
) -> None:
    settings.TOHU_WEBHOOKS_ALLOW_LOOPBACK = True
    issued = subscribe(receiver, provider, provider_org, [EventType.LISTING_APPROVED])
    settings.TOHU_WEBHOOKS_ALLOW_LOOPBACK = False
    # a name checked once and since pointed inside (as DNS rebinding does): localhost over https
    Endpoint.objects.filter(pk=issued.endpoint.pk).update(
        url=f"https://localhost:{receiver.port}/hooks"
    )
    listed_micro_credential(developer=isb, listing_number="3001")
    attempt = Attempt.objects.get()
    assert attempt.status_code is None
    assert "localhost is an address inside a network" in attempt.error
    assert receiver.received == []
    assert Delivery.objects.get().state == DeliveryState.PENDING


PUBLIC = "93.184.215.14"  # a public address (never contacted: the receiver is inside)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("inside", ["127.0.0.1", "10.0.0.5"])
def test_a_name_that_resolves_inside_at_delivery_is_refused_and_nothing_reaches_the_inside(
    inside: str,
    receiver: Receiver,
    provider: Persona,
    provider_org: Organisation,
    isb: Organisation,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """DNS rebinding: the name answers a public address when the endpoint is subscribed (the
    check passes) and an address inside when the message goes. Only the resolver is replaced;
    the fetcher, the worker and the receiver (listening inside, on 127.0.0.1) are real."""
    host = "hooks.example.org"
    answers = [PUBLIC]
    asked: list[str] = []
    real_getaddrinfo = socket.getaddrinfo

    def resolver(name: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        if name != host:
            return real_getaddrinfo(name, port, *args, **kwargs)
        asked.append(answers[0])
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (answers[0], port))]

    monkeypatch.setattr(socket, "getaddrinfo", resolver)
    url = f"https://{host}:{receiver.port}/hooks"
    issued = services.endpoint_create(
        actor=provider.user,
        organisation=provider_org,
        url=url,
        event_types=[EventType.LISTING_APPROVED],
    )
    assert issued.endpoint.url == url
    assert asked == [PUBLIC]
    answers[0] = inside  # the name now points inside
    listed_micro_credential(developer=isb, listing_number="3002")
    assert asked == [PUBLIC, inside]  # resolved again at the moment of sending
    attempt = Attempt.objects.get()
    assert attempt.status_code is None
    assert attempt.error == (
        f"{host} is an address inside a network ({inside}); Tohu does not fetch from there"
    )
    assert Delivery.objects.get().state == DeliveryState.PENDING
    assert receiver.connections == 0
    assert receiver.received == []
    assert not receiver.arrived.is_set()


def test_production_refuses_the_loopback_setting() -> None:
    env = {**os.environ, "DEBUG": "0", "TOHU_WEBHOOKS_ALLOW_LOOPBACK": "1"}
    done = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=REPO, env=env, capture_output=True, text=True
    )
    assert done.returncode != 0
    assert "TOHU_WEBHOOKS_ALLOW_LOOPBACK is for development only" in done.stderr
