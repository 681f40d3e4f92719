"""The audit log is append-only, hash-chained, sealed and anchored by signed checkpoints;
`tohu audit verify` finds the first break."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.test import Client

from tests.factories import OrganisationFactory
from tohu.core import audit
from tohu.core.models import AppendOnly, AuditChainHead, AuditCheckpoint, AuditEvent
from tohu.demo.events import Event as DemoEvent
from tohu.organisations.events import Event as OrganisationEvent


@contextmanager
def as_the_database_owner() -> Iterator[None]:
    """Tamper as someone with the database's superuser could: on PostgreSQL, with triggers
    (the one that refuses UPDATE and DELETE among them) switched off for the while."""
    postgres = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        if postgres:
            cursor.execute("SET session_replication_role = replica")
        try:
            yield
        finally:
            if postgres:
                cursor.execute("SET session_replication_role = DEFAULT")


def _three_events() -> list[AuditEvent]:
    organisation = OrganisationFactory.create()
    return [
        audit.record(OrganisationEvent.ORGANISATION_CREATED, actor=None, subject=organisation),
        audit.record(
            OrganisationEvent.MEMBERSHIP_CREATED,
            actor=None,
            subject=organisation,
            detail={"role": "admin", "when": "2026-01-19"},
        ),
        audit.record(OrganisationEvent.API_KEY_CREATED, actor=None, subject=organisation),
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
        OrganisationEvent.ORGANISATION_CREATED,
        actor=quality_assurer.user,
        subject=OrganisationFactory.create(),
    )
    assert event.actor_id == quality_assurer.user.pk
    assert event.actor_label == "evaluator"


def test_editing_history_in_the_database_breaks_the_chain_at_that_row(db: None) -> None:
    _three_events()
    with as_the_database_owner(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE core_auditevent SET detail = %s WHERE sequence = 2", ['{"role": "manager"}']
        )
    checked, broken = audit.verify_chain()
    assert checked == 1
    assert broken is not None
    assert broken.sequence == 2
    assert "content" in broken.reason


def _rewrite_from(sequence: int, detail: dict[str, str]) -> None:
    """Change one row, then recompute every later hash and the head, as a careful forger with
    the database (but not the audit key) would."""
    rows = list(AuditEvent.objects.order_by("sequence"))
    previous_hash = rows[sequence - 2].hash if sequence > 1 else ""
    with as_the_database_owner(), connection.cursor() as cursor:
        for row in rows[sequence - 1 :]:
            if row.sequence == sequence:
                row.detail = detail
            row.previous_hash = previous_hash
            row.hash = audit._expected_hash(row)
            cursor.execute(
                "UPDATE core_auditevent SET detail = %s, previous_hash = %s, hash = %s "
                "WHERE sequence = %s",
                [json.dumps(row.detail), row.previous_hash, row.hash, row.sequence],
            )
            previous_hash = row.hash
    AuditChainHead.objects.filter(id=1).update(last_hash=previous_hash)


def test_a_row_rewritten_with_every_later_hash_recomputed_is_found_at_that_row(
    db: None,
) -> None:
    _three_events()
    audit.checkpoint()
    _rewrite_from(2, {"role": "manager"})
    checked, broken = audit.verify_chain()
    assert broken is not None
    assert broken.sequence == 2
    assert checked == 1
    assert "seal" in broken.reason
    with pytest.raises(CommandError, match="broken at event #2"):
        call_command("audit", "verify")


def test_the_newest_rows_deleted_and_the_head_reset_are_found(db: None) -> None:
    _three_events()
    audit.checkpoint()
    audit.record(DemoEvent.DEMO_LOADED, actor=None, subject=OrganisationFactory.create())
    with as_the_database_owner(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE sequence >= 3")
    second = AuditEvent.objects.get(sequence=2)
    AuditChainHead.objects.filter(id=1).update(last_sequence=2, last_hash=second.hash)
    checked, broken = audit.verify_chain()
    assert broken is not None
    assert broken.sequence == 3
    assert checked == 2
    assert "checkpoint signed row 3" in broken.reason


def test_a_kept_copy_of_the_checkpoints_finds_what_deleting_them_hid(
    db: None, tmp_path: Path
) -> None:
    _three_events()
    audit.checkpoint()
    kept = tmp_path / "checkpoints.json"
    kept.write_text(Client().get("/audit/checkpoints.json").content.decode())
    with as_the_database_owner(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE sequence = 3")
        cursor.execute("DELETE FROM core_auditcheckpoint")
    AuditChainHead.objects.filter(id=1).update(
        last_sequence=2, last_hash=AuditEvent.objects.get(sequence=2).hash
    )
    assert audit.verify_chain() == (2, None)
    with pytest.raises(CommandError, match="broken at event #3"):
        call_command("audit", "verify", "--checkpoints", str(kept))


def test_a_forged_checkpoint_is_found(db: None) -> None:
    _three_events()
    made = audit.checkpoint()
    assert made is not None
    with as_the_database_owner(), connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditcheckpoint SET hash = %s", ["0" * 64])
    _, broken = audit.verify_chain()
    assert broken is not None
    assert broken.sequence == 3
    assert "signature" in broken.reason


def test_checkpoints_are_public_and_signed_once_per_head(db: None) -> None:
    assert audit.checkpoint() is None
    _three_events()
    first = audit.checkpoint()
    assert first is not None
    assert audit.checkpoint() == first
    call_command("daily")
    assert AuditCheckpoint.objects.count() == 1
    response = Client().get("/audit/checkpoints.json")
    assert response.status_code == 200
    published = response.json()
    assert published["algorithm"] == "HMAC-SHA256"
    assert published["key_id"] == audit.key_id()
    assert published["checkpoints"] == [
        {
            "sequence": 3,
            "hash": AuditEvent.objects.get(sequence=3).hash,
            "made_at": first.made_at.isoformat(),
            "key_id": audit.key_id(),
            "mac": first.mac,
        }
    ]
    assert audit.verify_chain() == (3, None)


def test_querysets_refuse_to_update_or_delete_audit_rows(db: None) -> None:
    _three_events()
    audit.checkpoint()
    with pytest.raises(AppendOnly):
        AuditEvent.objects.filter(sequence=2).update(event="x")
    with pytest.raises(AppendOnly):
        AuditEvent.objects.all().delete()
    with pytest.raises(AppendOnly):
        AuditCheckpoint.objects.all().delete()
    with pytest.raises(AppendOnly):
        AuditCheckpoint.objects.update(hash="x")
    assert audit.verify_chain() == (3, None)


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the trigger is PostgreSQL's; SQLite relies on seals"
)
@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE core_auditevent SET event = 'x' WHERE sequence = 2",
        "DELETE FROM core_auditevent WHERE sequence = 3",
        "DELETE FROM core_auditcheckpoint",
    ],
)
def test_postgresql_refuses_raw_updates_and_deletes(db: None, statement: str) -> None:
    _three_events()
    audit.checkpoint()
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement)
    assert audit.verify_chain() == (3, None)


def test_deleting_a_row_in_the_database_is_found(db: None) -> None:
    _three_events()
    with as_the_database_owner(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE sequence = 2")
    checked, broken = audit.verify_chain()
    assert checked == 1
    assert broken is not None
    # the first row affected is the one missing
    assert broken.sequence == 2
    assert broken.reason == "row 2 is missing"


def test_deleting_the_last_row_is_found(db: None) -> None:
    _three_events()
    with as_the_database_owner(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE sequence = 3")
    checked, broken = audit.verify_chain()
    assert checked == 2
    assert broken is not None
    assert broken.sequence == 3


def test_the_model_refuses_updates_and_deletes(db: None) -> None:
    first, *_ = _three_events()
    first.event = "tampered"
    with pytest.raises(AppendOnly):
        first.save()
    with pytest.raises(AppendOnly):
        first.delete()


def test_an_event_in_a_rolled_back_transaction_leaves_no_trace(db: None) -> None:
    _three_events()
    organisation = OrganisationFactory.create()

    def record_then_fail() -> None:
        with transaction.atomic():
            audit.record(DemoEvent.DEMO_LOADED, actor=None, subject=organisation)
            raise RuntimeError("roll back")

    with pytest.raises(RuntimeError):
        record_then_fail()
    assert AuditEvent.objects.count() == 3
    assert (
        audit.record(
            DemoEvent.DEMO_LOADED, actor=None, subject=OrganisationFactory.create()
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
    with as_the_database_owner(), connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditevent SET event = 'x' WHERE sequence = 3")
    with pytest.raises(CommandError, match="broken at event #3"):
        call_command("audit", "verify")


def test_many_events_appended_at_once_keep_the_chain(db: None) -> None:
    _three_events()
    organisation = OrganisationFactory.create()
    rows = audit.record_many(
        [audit.Entry(DemoEvent.DEMO_LOADED, organisation, {"n": n}) for n in range(5)],
        actor=None,
        actor_label="demo",
    )
    assert [row.sequence for row in rows] == [4, 5, 6, 7, 8]
    assert rows[0].previous_hash == AuditEvent.objects.get(sequence=3).hash
    assert {row.actor_label for row in rows} == {"demo"}
    assert audit.verify_chain() == (8, None)
