"""The webhook services' refusals and changes, called as the pages and the API call them: each
refusal says why and writes nothing (no row, no audit event); a change is audited."""

from __future__ import annotations

import pytest

from tests.conftest import Persona
from tests.factories import listed_micro_credential
from tohu.core.errors import DomainError, InvalidTransition
from tohu.core.models import AuditEvent
from tohu.organisations.models import Organisation
from tohu.webhooks import delivery, services
from tohu.webhooks.events import Event
from tohu.webhooks.models import Delivery, DeliveryState, Endpoint

pytestmark = pytest.mark.usefixtures("loopback")
URL = "http://127.0.0.1:9/hooks"
EVENTS = ["listing.approved"]


def _endpoint(provider: Persona, provider_org: Organisation, url: str = URL) -> Endpoint:
    return services.endpoint_create(
        actor=provider.user, organisation=provider_org, url=url, event_types=EVENTS
    ).endpoint


def test_an_address_longer_than_500_characters_is_refused(
    provider: Persona, provider_org: Organisation
) -> None:
    with pytest.raises(DomainError) as refused:
        _endpoint(provider, provider_org, url="http://127.0.0.1:9/" + "a" * 490)
    assert (refused.value.field, refused.value.message) == (
        "url",
        "The address is longer than 500 characters.",
    )
    assert not Endpoint.objects.exists()
    assert not AuditEvent.objects.filter(event=Event.ENDPOINT_CREATED).exists()


def test_an_endpoint_needs_at_least_one_event(
    provider: Persona, provider_org: Organisation
) -> None:
    with pytest.raises(DomainError) as refused:
        services.endpoint_create(
            actor=provider.user, organisation=provider_org, url=URL, event_types=[]
        )
    assert (refused.value.field, refused.value.message) == (
        "event_types",
        "Choose at least one event to receive.",
    )
    assert not Endpoint.objects.exists()


def test_an_organisation_has_at_most_ten_endpoints(
    provider: Persona, provider_org: Organisation
) -> None:
    for n in range(services.MAX_ENDPOINTS):
        _endpoint(provider, provider_org, url=f"{URL}/{n}")
    with pytest.raises(DomainError, match="at most 10 webhook endpoints; remove one first"):
        _endpoint(provider, provider_org, url=f"{URL}/eleventh")
    assert Endpoint.objects.count() == services.MAX_ENDPOINTS
    assert AuditEvent.objects.filter(event=Event.ENDPOINT_CREATED).count() == 10


def test_changing_the_events_and_description_keeps_the_address_and_is_audited(
    provider: Persona, provider_org: Organisation
) -> None:
    endpoint = _endpoint(provider, provider_org)
    changed = services.endpoint_change(
        actor=provider.user,
        endpoint=endpoint,
        event_types=["listing.status_changed", "listing.approved", "listing.approved"],
        description="  Student management system  ",
    )
    stored = Endpoint.objects.get()
    assert (stored.url, stored.event_types, stored.description) == (
        URL,
        ["listing.approved", "listing.status_changed"],
        "Student management system",
    )
    assert changed.event_types == stored.event_types
    event = AuditEvent.objects.get(event=Event.ENDPOINT_CHANGED)
    assert event.detail["event_types"] == ["listing.approved", "listing.status_changed"]


def test_disabling_twice_and_enabling_twice_are_refused(
    provider: Persona, provider_org: Organisation
) -> None:
    endpoint = _endpoint(provider, provider_org)
    with pytest.raises(InvalidTransition, match="already enabled"):
        services.endpoint_enable(actor=provider.user, endpoint=endpoint)
    services.endpoint_disable(actor=provider.user, endpoint=endpoint, reason="")
    assert Endpoint.objects.get().disabled_reason == "Disabled by the organisation."
    with pytest.raises(InvalidTransition, match="already disabled"):
        services.endpoint_disable(actor=provider.user, endpoint=endpoint)
    assert AuditEvent.objects.filter(event=Event.ENDPOINT_DISABLED).count() == 1
    assert not AuditEvent.objects.filter(event=Event.ENDPOINT_ENABLED).exists()


def test_the_system_disables_a_failing_endpoint_once(
    provider: Persona, provider_org: Organisation
) -> None:
    endpoint = _endpoint(provider, provider_org)
    assert delivery.endpoint_disable_failing(endpoint_id=endpoint.pk, reason="Gave up.") is True
    assert delivery.endpoint_disable_failing(endpoint_id=endpoint.pk, reason="Again.") is False
    assert Endpoint.objects.get().disabled_reason == "Gave up."
    assert AuditEvent.objects.filter(event=Event.ENDPOINT_DISABLED).count() == 1


def test_a_delivery_already_waiting_is_not_sent_again(
    provider: Persona, provider_org: Organisation, isb: Organisation
) -> None:
    _endpoint(provider, provider_org)
    # a listing approved: its message waits for the endpoint (sent after commit)
    listed_micro_credential(developer=isb, listing_number="4002")
    waiting = Delivery.objects.get()
    assert waiting.state == DeliveryState.PENDING
    with pytest.raises(InvalidTransition) as refused:
        services.delivery_redeliver(actor=provider.user, delivery=waiting)
    assert refused.value.message == (
        f"Message {waiting.message.msg_id} is already waiting (this way only from delivered or "
        "failed)."
    )
    assert not AuditEvent.objects.filter(event=Event.DELIVERY_REDELIVERED).exists()


def test_changing_only_the_address_keeps_the_events_and_description(
    provider: Persona, provider_org: Organisation
) -> None:
    endpoint = services.endpoint_create(
        actor=provider.user,
        organisation=provider_org,
        url=URL,
        event_types=EVENTS,
        description="SMS",
    ).endpoint
    services.endpoint_change(actor=provider.user, endpoint=endpoint, url=f" {URL}/v2 ")
    stored = Endpoint.objects.get()
    assert (stored.url, stored.event_types, stored.description) == (f"{URL}/v2", EVENTS, "SMS")
    event = AuditEvent.objects.get(event=Event.ENDPOINT_CHANGED)
    assert event.detail["url"] == f"{URL}/v2"
