"""The outbox: a message is written in the same transaction as the change it tells of, only for
endpoints subscribed to it, and only to the organisation it concerns unless it is public."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import transaction

from tests.conftest import Persona
from tests.factories import accredit, listed_micro_credential
from tests.webhooks.conftest import Receiver, subscribe
from tohu.core.models import AuditEvent
from tohu.core.principal import SYSTEM
from tohu.organisations.models import Organisation
from tohu.register import services as register_services
from tohu.webhooks.models import Delivery, DeliveryState, EventType, Message

# real commits: messages go out after the commit that wrote them, as in production
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("loopback")]


def test_a_change_rolled_back_leaves_no_message(
    receiver: Receiver, provider: Persona, provider_org: Organisation, isb: Organisation
) -> None:
    subscribe(receiver, provider, provider_org)
    inside: list[int] = []

    def change_that_fails() -> None:
        with transaction.atomic():
            listed_micro_credential(developer=isb, listing_number="1001")
            inside.append(Message.objects.count())  # written beside the audit row
            raise RuntimeError("the change fails after its audit row")

    with pytest.raises(RuntimeError):
        change_that_fails()
    assert inside == [1]
    assert Message.objects.count() == 0
    assert Delivery.objects.count() == 0
    assert receiver.received == []


def test_a_listing_approved_is_one_message_with_its_audit_row_and_is_delivered_signed(
    receiver: Receiver, provider: Persona, provider_org: Organisation, isb: Organisation
) -> None:
    subscribe(receiver, provider, provider_org, [EventType.LISTING_APPROVED])
    listing = listed_micro_credential(developer=isb, listing_number="1002")
    message = Message.objects.get()
    audited = AuditEvent.objects.get(event="micro_credential.listed")
    assert message.audit_sequence == audited.sequence
    assert message.type == "listing.approved"
    assert message.subject == f"register.microcredential:{listing.pk}"
    # sent after commit by the worker (the tests' task backend runs it at once)
    [received] = receiver.received
    assert received.msg_id == message.msg_id
    assert received.type == "listing.approved"
    assert received.data["listing_number"] == "1002"
    assert received.data["url"].endswith("/api/v1/micro-credentials/1002")
    assert set(received.headers) >= {"webhook-id", "webhook-timestamp", "webhook-signature"}
    assert Delivery.objects.get().state == DeliveryState.DELIVERED


def test_only_the_events_an_endpoint_chose_are_written(
    receiver: Receiver, provider: Persona, provider_org: Organisation, isb: Organisation
) -> None:
    subscribe(receiver, provider, provider_org, [EventType.ACCREDITATION_GRANTED])
    listing = listed_micro_credential(developer=isb, listing_number="1003")
    assert Message.objects.count() == 0
    accredit(provider_org, listing)
    assert [m.type for m in Message.objects.all()] == ["accreditation.granted"]
    assert [r.type for r in receiver.received] == ["accreditation.granted"]


def test_no_endpoint_no_message(isb: Organisation) -> None:
    listed_micro_credential(developer=isb, listing_number="1004")
    assert Message.objects.count() == 0


def test_an_organisations_own_events_go_to_it_alone(
    receiver: Receiver,
    provider: Persona,
    provider_org: Organisation,
    outsider: Persona,
    outsider_org: Organisation,
    isb: Organisation,
) -> None:
    from tests.webhooks.conftest import Receiver as Other

    other = Other()
    other.up()
    try:
        subscribe(receiver, provider, provider_org, [EventType.REVIEW_DUE])
        subscribe(other, outsider, outsider_org, [EventType.REVIEW_DUE])
        listing = listed_micro_credential(developer=isb, listing_number="1005")
        accredit(provider_org, listing, granted_on=date(2024, 3, 1))
        from tohu.reviews.models import Review
        from tohu.reviews.services import schedule

        schedule.reviews_schedule()
        review = Review.objects.get(organisation=provider_org)
        schedule.reviews_prompt(today=review.due_on)
        assert {r.type for r in receiver.received} == {"review.due"}
        assert receiver.received[0].data["review_id"] == review.pk
        assert other.received == []
    finally:
        other.down()


def test_a_disabled_endpoint_gets_no_new_messages(
    receiver: Receiver, provider: Persona, provider_org: Organisation, isb: Organisation
) -> None:
    from tohu.webhooks import services

    issued = subscribe(receiver, provider, provider_org)
    services.endpoint_disable(actor=provider.user, endpoint=issued.endpoint)
    listing = listed_micro_credential(developer=isb, listing_number="1006")
    register_services.micro_credential_status_set(
        actor=SYSTEM,
        micro_credential=listing,
        status="expiring",
        end_date=date(2030, 1, 1),
        reason="Developer asked.",
    )
    assert Message.objects.count() == 0
