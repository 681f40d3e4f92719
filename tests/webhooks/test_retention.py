"""Delivered webhook messages and their attempts are pruned after the keeping period
(`Policy.webhook_messages_keep_days`) by `tohu daily`, through one service with one audit event
that counts what went; a delivery waiting or failed is never pruned, nor its message. Only the
clock is moved (time_machine); the receivers, the worker and the database are real."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.core.management import call_command

from tests.conftest import Persona
from tests.factories import listed_micro_credential
from tests.webhooks.conftest import Receiver, subscribe
from tohu.core.models import AuditEvent
from tohu.core.principal import SYSTEM
from tohu.organisations.models import Organisation
from tohu.register import services as register_services
from tohu.webhooks.events import Event
from tohu.webhooks.models import Attempt, Delivery, DeliveryState, Message
from tohu.webhooks.retention import Pruned, delivered_messages_prune

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("loopback")]
START = datetime(2026, 5, 4, 9, 0, tzinfo=UTC)
EVENTS = ["listing.approved", "listing.status_changed"]


@pytest.fixture
def traveller() -> Iterator[time_machine.Traveller]:
    with time_machine.travel(START, tick=True) as traveller:
        yield traveller


@pytest.fixture
def gone() -> Iterator[Receiver]:
    """A second receiver, which answers 410 Gone: its delivery fails at once."""
    receiver = Receiver(status=410)
    receiver.up()
    yield receiver
    receiver.down()


@pytest.fixture
def history(
    traveller: time_machine.Traveller,
    receiver: Receiver,
    gone: Receiver,
    provider: Persona,
    provider_org: Organisation,
    isb: Organisation,
) -> dict[str, Any]:
    """Three messages: one delivered to one endpoint and failed at the other (410), one
    delivered, one still waiting (the receiver answers 500)."""
    subscribe(receiver, provider, provider_org, EVENTS)
    subscribe(gone, provider, provider_org, EVENTS)
    first = listed_micro_credential(developer=isb, listing_number="5001")
    listed_micro_credential(developer=isb, listing_number="5002")
    receiver.status = 500
    register_services.micro_credential_status_set(
        actor=SYSTEM,
        micro_credential=first,
        status="expiring",
        end_date=date(2030, 1, 1),
        reason="As the developer asked.",
    )
    by_state = {
        state: list(Delivery.objects.filter(state=state).order_by("pk")) for state in DeliveryState
    }
    assert [len(by_state[s]) for s in DeliveryState] == [1, 2, 1]  # pending, delivered, failed
    return {"by_state": by_state, "messages": list(Message.objects.order_by("pk"))}


def _pruned_events() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(event=Event.MESSAGES_PRUNED))


def test_nothing_is_pruned_within_the_keeping_period(
    history: dict[str, Any], traveller: time_machine.Traveller
) -> None:
    traveller.shift(timedelta(days=89))
    assert delivered_messages_prune() == Pruned(messages=0, deliveries=0, attempts=0)
    assert Delivery.objects.count() == 4
    assert Message.objects.count() == 3
    assert _pruned_events() == []


def test_past_it_what_was_delivered_goes_and_what_waits_or_failed_stays(
    history: dict[str, Any], traveller: time_machine.Traveller
) -> None:
    [pending], delivered, [failed] = (history["by_state"][s] for s in DeliveryState)
    first, second, third = history["messages"]
    attempts_kept = set(
        Attempt.objects.filter(delivery__in=[pending, failed]).values_list("pk", flat=True)
    )
    traveller.shift(timedelta(days=91))
    pruned = delivered_messages_prune()
    # the two delivered deliveries and their attempts; of the messages only the second, whose
    # every delivery went (the first failed at one endpoint, the third waits)
    assert pruned == Pruned(messages=1, deliveries=2, attempts=2)
    assert set(Delivery.objects.values_list("pk", flat=True)) == {pending.pk, failed.pk}
    assert set(Attempt.objects.values_list("pk", flat=True)) == attempts_kept
    assert set(Message.objects.values_list("pk", flat=True)) == {first.pk, third.pk}
    assert {d.pk for d in delivered}.isdisjoint(Delivery.objects.values_list("pk", flat=True))
    assert second.msg_id not in Message.objects.values_list("msg_id", flat=True)
    [event] = _pruned_events()
    assert event.actor_label == "system"
    assert event.detail == {
        "keep_days": 90,
        "delivered_before": event.detail["delivered_before"],
        "messages": 1,
        "deliveries": 2,
        "attempts": 2,
    }
    cutoff = datetime.fromisoformat(event.detail["delivered_before"])
    assert timedelta(days=0) < cutoff - START < timedelta(days=2)
    # again: nothing more goes, and no second event
    assert delivered_messages_prune() == Pruned(messages=0, deliveries=0, attempts=0)
    assert len(_pruned_events()) == 1


def test_the_keeping_period_is_a_policy_setting(
    history: dict[str, Any], traveller: time_machine.Traveller, settings: Any
) -> None:
    settings.TOHU_POLICY = replace(settings.TOHU_POLICY, webhook_messages_keep_days=10)
    traveller.shift(timedelta(days=9))
    assert delivered_messages_prune().deliveries == 0
    traveller.shift(timedelta(days=2))
    assert delivered_messages_prune() == Pruned(messages=1, deliveries=2, attempts=2)
    assert _pruned_events()[0].detail["keep_days"] == 10


def test_the_daily_housekeeping_prunes(
    history: dict[str, Any], traveller: time_machine.Traveller
) -> None:
    traveller.shift(timedelta(days=91))
    call_command("daily")
    assert Delivery.objects.filter(state=DeliveryState.DELIVERED).count() == 0
    assert Message.objects.count() == 2
    assert len(_pruned_events()) == 1
