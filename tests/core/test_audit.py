"""The audit log is append-only and hash-chained; `tohu audit verify` finds the first break."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from tests.factories import OrganisationFactory
from tohu.core import audit
from tohu.core.models import AuditEvent


def _three_events() -> list[AuditEvent]:
    organisation = OrganisationFactory.create()
    return [
        audit.record(audit.Event.ORGANISATION_CREATED, actor=None, subject=organisation),
        audit.record(
            audit.Event.MEMBERSHIP_CREATED,
            actor=None,
            subject=organisation,
            detail={"role": "admin", "when": "2026-01-19"},
        ),
        audit.record(audit.Event.API_KEY_CREATED, actor=None, subject=organisation),
    ]


def test_each_event_links_to_the_one_before(db: None) -> None:
    first, second, third = _three_events()
    assert first.previous_hash == ""
    assert second.previous_hash == first.hash
    assert third.previous_hash == second.hash
    assert [first.sequence, second.sequence, third.sequence] == [1, 2, 3]


def test_an_intact_chain_verifies(db: None) -> None:
    _three_events()
    assert audit.verify_chain() == (3, None)


def test_an_event_without_an_actor_is_labelled_system(db: None) -> None:
    first, *_ = _three_events()
    assert first.actor_id is None
    assert first.actor_label == "system"


def test_a_signed_in_actor_is_named(db: None, quality_assurer) -> None:
    event = audit.record(
        audit.Event.ORGANISATION_CREATED,
        actor=quality_assurer.user,
        subject=OrganisationFactory.create(),
    )
    assert event.actor_id == quality_assurer.user.pk
    assert event.actor_label == "evaluator"


def test_editing_history_in_the_database_breaks_the_chain_at_that_row(db: None) -> None:
    _three_events()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE core_auditevent SET detail = %s WHERE sequence = 2", ['{"role": "manager"}']
        )
    checked, broken = audit.verify_chain()
    assert checked == 1
    assert broken is not None
    assert broken.sequence == 2
    assert "content" in broken.reason


def test_deleting_a_row_in_the_database_is_found(db: None) -> None:
    _three_events()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE sequence = 2")
    checked, broken = audit.verify_chain()
    assert checked == 1
    assert broken is not None
    assert broken.sequence == 3


def test_deleting_the_last_row_is_found(db: None) -> None:
    _three_events()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE sequence = 3")
    checked, broken = audit.verify_chain()
    assert checked == 2
    assert broken is not None
    assert broken.sequence == 3


def test_the_model_refuses_updates_and_deletes(db: None) -> None:
    first, *_ = _three_events()
    first.event = "tampered"
    with pytest.raises(PermissionError):
        first.save()
    with pytest.raises(PermissionError):
        first.delete()


def test_an_event_in_a_rolled_back_transaction_leaves_no_trace(db: None) -> None:
    _three_events()
    organisation = OrganisationFactory.create()

    def record_then_fail() -> None:
        with transaction.atomic():
            audit.record(audit.Event.DEMO_LOADED, actor=None, subject=organisation)
            raise RuntimeError("roll back")

    with pytest.raises(RuntimeError):
        record_then_fail()
    assert AuditEvent.objects.count() == 3
    assert (
        audit.record(
            audit.Event.DEMO_LOADED, actor=None, subject=OrganisationFactory.create()
        ).previous_hash
        == AuditEvent.objects.get(sequence=3).hash
    )
    assert audit.verify_chain() == (4, None)


def test_verify_command_reports_intact_chain(db: None, capsys: pytest.CaptureFixture[str]) -> None:
    _three_events()
    call_command("audit", "verify")
    assert "intact: 3 events" in capsys.readouterr().out


def test_verify_command_fails_and_names_the_broken_event(db: None) -> None:
    _three_events()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditevent SET event = 'x' WHERE sequence = 3")
    with pytest.raises(CommandError, match="broken at event #3"):
        call_command("audit", "verify")


def test_many_events_appended_at_once_keep_the_chain(db: None) -> None:
    _three_events()
    organisation = OrganisationFactory.create()
    rows = audit.record_many(
        [audit.Entry(audit.Event.DEMO_LOADED, organisation, {"n": n}) for n in range(5)],
        actor=None,
        actor_label="demo",
    )
    assert [row.sequence for row in rows] == [4, 5, 6, 7, 8]
    assert rows[0].previous_hash == AuditEvent.objects.get(sequence=3).hash
    assert {row.actor_label for row in rows} == {"demo"}
    assert audit.verify_chain() == (8, None)
