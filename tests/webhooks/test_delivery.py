"""Delivery to a real receiver: signed, retried on Standard Webhooks' schedule, in order per
subject, exactly once after a receiver comes back; disabled with an email after the last retry.
Only the clock is moved (time_machine); the receiver, the worker's code and the database are
real."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.core import mail

from tests.conftest import Persona
from tests.factories import listed_micro_credential
from tests.webhooks.conftest import Receiver, subscribe
from tohu.core.errors import InvalidTransition
from tohu.core.models import AuditEvent
from tohu.core.principal import SYSTEM
from tohu.organisations.models import Organisation
from tohu.register import services as register_services
from tohu.register.models import MicroCredential
from tohu.webhooks import delivery, sending, services
from tohu.webhooks.events import Event
from tohu.webhooks.models import Attempt, Delivery, DeliveryState, Endpoint, EventType, Message

# real commits: messages go out after the commit that wrote them, as in production
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("loopback")]
START = datetime(2026, 5, 4, 9, 0, tzinfo=UTC)
LISTING_EVENTS = [EventType.LISTING_APPROVED, EventType.LISTING_STATUS_CHANGED]


@pytest.fixture
def traveller() -> Iterator[time_machine.Traveller]:
    with time_machine.travel(START, tick=True) as traveller:
        yield traveller


@pytest.fixture
def subscribed(
    receiver: Receiver, provider: Persona, provider_org: Organisation
) -> services.IssuedSecret:
    """The provider's administrator subscribed the receiver to the listings' events."""
    return subscribe(receiver, provider, provider_org, LISTING_EVENTS)


def _status(listing: MicroCredential, status: str) -> None:
    register_services.micro_credential_status_set(
        actor=SYSTEM,
        micro_credential=listing,
        status=status,
        end_date=date(2030, 1, 1) if status == "expiring" else None,
        reason="As the developer asked.",
    )


def _changes(developer: Organisation) -> list[MicroCredential]:
    """Six messages about two listings: four about the first, two about the second."""
    first = listed_micro_credential(developer=developer, listing_number="2001")
    second = listed_micro_credential(developer=developer, listing_number="2002")
    _status(first, "expiring")
    _status(second, "expiring")
    _status(first, "current")
    _status(first, "expiring")
    return [first, second]


def _written_order() -> dict[str, list[str]]:
    order: dict[str, list[str]] = {}
    for message in Message.objects.order_by("pk"):
        order.setdefault(message.payload["data"]["listing_number"], []).append(message.msg_id)
    return order


def test_a_receiver_down_for_a_while_gets_every_event_once_in_order_per_subject(
    receiver: Receiver,
    subscribed: services.IssuedSecret,
    isb: Organisation,
    traveller: time_machine.Traveller,
) -> None:
    receiver.down()
    _changes(isb)
    assert Message.objects.count() == 6
    # each commit asked the worker: the first message of each listing was tried and refused;
    # the later ones wait behind it
    tried = Attempt.objects.values_list("delivery__message__payload", flat=True)
    assert Attempt.objects.count() == 2
    assert {p["type"] for p in tried} == {"listing.approved"}
    assert all("could not be reached" in a.error for a in Attempt.objects.all())
    traveller.shift(timedelta(seconds=5))
    assert delivery.deliver_due() == 2  # the second attempt of the same two, refused again
    receiver.up()
    receiver.status = 503  # listening, but not yet well
    traveller.shift(timedelta(minutes=5))
    assert delivery.deliver_due() == 2
    assert receiver.received == []
    receiver.status = 204
    traveller.shift(timedelta(minutes=29))
    assert delivery.deliver_due() == 0  # the next retry is 30 minutes after the last
    traveller.shift(timedelta(minutes=1))
    assert delivery.deliver_due() == 6
    assert receiver.by_subject("listing_number") == _written_order()
    assert len({r.msg_id for r in receiver.received}) == len(receiver.received) == 6
    assert set(Delivery.objects.values_list("state", flat=True)) == {DeliveryState.DELIVERED}
    # the later messages were each tried once: only after the one before them was delivered
    later = Delivery.objects.exclude(message__type="listing.approved")
    assert all(d.attempts == 1 for d in later)
    assert delivery.deliver_due() == 0


def test_retries_follow_the_schedule_for_more_than_a_day_then_the_endpoint_is_disabled_and_its_admins_told(  # noqa: E501
    receiver: Receiver,
    provider: Persona,
    subscribed: services.IssuedSecret,
    isb: Organisation,
    traveller: time_machine.Traveller,
) -> None:
    receiver.status = 500
    listing = listed_micro_credential(developer=isb, listing_number="2003")
    _status(listing, "expiring")
    for pause in delivery.RETRY_SCHEDULE:
        assert not mail.outbox
        traveller.shift(pause - timedelta(seconds=1))
        assert delivery.deliver_due() == 0
        traveller.shift(timedelta(seconds=1))
        assert delivery.deliver_due() == 1
    first = Delivery.objects.get(message__type="listing.approved")
    attempts = list(first.attempt_log.order_by("number"))
    assert [a.status_code for a in attempts] == [500] * 8
    assert attempts[0].response_excerpt == "answer 500"
    span = attempts[-1].started_at - attempts[0].started_at
    assert timedelta(hours=24) < span < timedelta(hours=28)
    assert first.state == DeliveryState.FAILED
    endpoint = Endpoint.objects.get()
    assert endpoint.disabled_at is not None
    assert "tried 8 times" in endpoint.disabled_reason
    [email] = mail.outbox
    assert f"{provider.user.get_username()}@example.org.nz" in email.to
    assert subscribed.endpoint.url in email.subject
    # the second message never went ahead of the first; it is still waiting
    assert Delivery.objects.get(message__type="listing.status_changed").attempts == 0
    receiver.status = 204
    services.endpoint_enable(actor=provider.user, endpoint=endpoint)
    assert [r.type for r in receiver.received] == ["listing.approved", "listing.status_changed"]


def test_a_receiver_that_answers_410_gone_disables_the_endpoint_at_once_and_its_admins_are_told(
    receiver: Receiver,
    provider: Persona,
    subscribed: services.IssuedSecret,
    isb: Organisation,
    traveller: time_machine.Traveller,
) -> None:
    receiver.status = 410
    listing = listed_micro_credential(developer=isb, listing_number="2009")
    gone = Delivery.objects.get()
    assert gone.state == DeliveryState.FAILED
    assert [(a.number, a.status_code) for a in gone.attempt_log.all()] == [(1, 410)]
    endpoint = Endpoint.objects.get()
    assert endpoint.disabled_at is not None
    assert "answered 410 Gone" in endpoint.disabled_reason
    [disabled] = AuditEvent.objects.filter(event=Event.ENDPOINT_DISABLED)
    assert disabled.actor_label == "system"
    assert disabled.detail["reason"] == endpoint.disabled_reason
    assert disabled.detail["url"] == subscribed.endpoint.url
    [email] = mail.outbox
    assert f"{provider.user.get_username()}@example.org.nz" in email.to
    assert subscribed.endpoint.url in email.subject
    assert endpoint.disabled_reason in email.body
    # no retry, whatever the time; a later event passes the disabled endpoint by
    for pause in delivery.RETRY_SCHEDULE:
        traveller.shift(pause)
        assert delivery.deliver_due() == 0
    _status(listing, "expiring")
    assert Attempt.objects.count() == Delivery.objects.count() == 1
    assert len(mail.outbox) == 1


def test_a_delivery_redelivered_goes_again_with_the_same_id(
    receiver: Receiver, provider: Persona, subscribed: services.IssuedSecret, isb: Organisation
) -> None:
    listed_micro_credential(developer=isb, listing_number="2004")
    sent = Delivery.objects.get()
    services.delivery_redeliver(actor=provider.user, delivery=sent)
    assert [r.msg_id for r in receiver.received] == [sent.message.msg_id] * 2
    assert Attempt.objects.filter(delivery=sent).count() == 2


def test_a_waiting_delivery_cannot_be_redelivered_and_stays_as_it_was(
    receiver: Receiver, provider: Persona, subscribed: services.IssuedSecret, isb: Organisation
) -> None:
    receiver.down()
    listed_micro_credential(developer=isb, listing_number="2008")
    waiting = Delivery.objects.get()
    assert (waiting.state, waiting.attempts) == (DeliveryState.PENDING, 1)
    with pytest.raises(InvalidTransition) as refused:
        services.delivery_redeliver(actor=provider.user, delivery=waiting)
    assert refused.value.message == (
        f"Message {waiting.message.msg_id} is already waiting "
        "(this way only from delivered or failed)."
    )
    again = Delivery.objects.get()
    assert (again.state, again.attempts, again.next_attempt_at) == (
        DeliveryState.PENDING,
        1,
        waiting.next_attempt_at,
    )


def test_a_worker_whose_lease_ran_out_does_not_record_over_the_one_that_took_it(
    receiver: Receiver,
    subscribed: services.IssuedSecret,
    isb: Organisation,
    traveller: time_machine.Traveller,
) -> None:
    receiver.down()
    listed_micro_credential(developer=isb, listing_number="2005")
    waiting = Delivery.objects.get()
    traveller.shift(timedelta(seconds=5))
    assert delivery.claim(waiting.pk, "host-a:1", datetime.now(UTC))
    assert not delivery.claim(waiting.pk, "host-b:2", datetime.now(UTC))  # held
    traveller.shift(delivery.lease())
    assert delivery.claim(waiting.pk, "host-b:2", datetime.now(UTC))  # the lease ran out
    receiver.up()
    assert delivery.send(waiting.pk, "host-a:1") is False  # sent, but no longer its to record
    assert delivery.send(waiting.pk, "host-b:2") is True
    waiting.refresh_from_db()
    assert waiting.state == DeliveryState.DELIVERED
    assert waiting.attempts == 2  # the refused first attempt and host b's


def test_a_tampered_body_fails_the_receivers_check(
    receiver: Receiver, provider: Persona, subscribed: services.IssuedSecret, isb: Organisation
) -> None:
    from standardwebhooks.webhooks import Webhook, WebhookVerificationError

    listed_micro_credential(developer=isb, listing_number="2006")
    sent = Delivery.objects.select_related("message", "endpoint").get()
    body, headers = sending.signed_request(sent, datetime.now(UTC))
    assert Webhook(receiver.secret).verify(body, headers)["type"] == "listing.approved"
    with pytest.raises(WebhookVerificationError):
        Webhook(receiver.secret).verify(body.replace(b"2006", b"2007"), headers)
    rotated = services.endpoint_rotate_secret(actor=provider.user, endpoint=sent.endpoint)
    with pytest.raises(WebhookVerificationError):
        Webhook(rotated.secret).verify(body, headers)


def test_the_daily_housekeeping_sends_what_waits(
    receiver: Receiver,
    subscribed: services.IssuedSecret,
    isb: Organisation,
    traveller: time_machine.Traveller,
) -> None:
    from django.core.management import call_command

    receiver.down()
    listed_micro_credential(developer=isb, listing_number="2007")
    receiver.up()
    traveller.shift(timedelta(seconds=5))
    call_command("daily")
    assert [r.type for r in receiver.received] == ["listing.approved"]
