"""PostgreSQL: an import called outside a transaction writes each chunk on a writer thread with
a connection of its own while the next chunk is checked. The outcomes are those of writing one
chunk after the other: every row's outcome exact, problems in line order, all or nothing, and a
failure on either side takes back every row, after the write in flight has ended. Called inside
the caller's transaction, the import writes on the caller's connection (a second connection
could not see what that transaction has not committed), and so is a file shorter than a
chunk."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, transaction

from tests.achievements.conftest import HEADER, csv_bytes, import_file
from tests.conftest import Persona
from tests.factories import LearnerFactory, accredit
from tohu.achievements.models import BatchStatus, Completion, ImportBatch
from tohu.achievements.services import checks, ingest, staging
from tohu.core.models import AuditEvent
from tohu.learners.models import Learner
from tohu.register.models import MicroCredential

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the writer thread is PostgreSQL's"
    ),
]

WRITER = "tohu-import-writer"


def _people(count: int) -> list[Learner]:
    return [LearnerFactory.create(nsn=f"55500{n:05d}") for n in range(count)]


def _watch(monkeypatch: pytest.MonkeyPatch, name: str, before: Callable[[int], None]) -> list[str]:
    """Record the thread each call of staging.`name` runs on; call `before(n)` first."""
    threads: list[str] = []
    original = getattr(staging, name)

    def watched(*args: Any, **kwargs: Any) -> Any:
        before(len(threads))
        threads.append(threading.current_thread().name)
        return original(*args, **kwargs)

    monkeypatch.setattr(staging, name, watched)
    return threads


def _writers_alive() -> list[str]:
    return [t.name for t in threading.enumerate() if t.name.startswith(WRITER)]


def _backends() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid()"
        )
        return int(cursor.fetchone()[0])


def _backends_back_to(count: int) -> int:
    """The writer's backend ends a moment after its connection is closed."""
    deadline = time.monotonic() + 10
    while _backends() > count and time.monotonic() < deadline:
        time.sleep(0.05)
    return _backends()


def test_the_writer_thread_writes_each_chunk_and_every_outcome_is_exact(
    provider: Persona,
    outsider: Persona,
    forklift: MicroCredential,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Three rows a chunk, five chunks: clean, held by others and by the provider itself, a
    repeat of an earlier chunk's row, clean again."""
    assert outsider.organisation is not None
    accredit(outsider.organisation, forklift)
    people = _people(11)
    import_file(outsider, csv_bytes(HEADER, f"{people[0].nsn},4321,2025-05-01"))
    import_file(
        provider,
        csv_bytes(HEADER, f"{people[1].nsn},4321,2025-05-01", f"{people[2].nsn},4321,2025-05-01"),
    )
    monkeypatch.setattr(ingest, "CHUNK_ROWS", 3)
    straight = _watch(monkeypatch, "record_direct", lambda n: None)
    staged = _watch(monkeypatch, "record", lambda n: None)
    backends = _backends()
    imported = import_file(
        provider,
        csv_bytes(
            HEADER,
            f"{people[3].nsn},4321,2025-05-01",  # line 2
            f"{people[4].nsn},4321,2025-05-01",
            "123,4321,2025-05-01",  # line 4: not an NSN
            f"{people[0].nsn},4321,2025-05-01",  # line 5: the outsider's
            f"{people[1].nsn},4321,2025-05-01",  # line 6: the provider's own, unchanged
            f"{people[2].nsn},4321,2025-05-02",  # line 7: the provider's own, another date
            f"{people[5].nsn},4321,2025-05-01",
            f"{people[3].nsn},4321,2025-05-01",  # line 9: line 2 again
            f"{people[6].nsn},4321,2025-05-01",
            f"{people[7].nsn},4321,2025-05-01",
            f"{people[8].nsn},4321,2025-05-01",
            f"{people[9].nsn},4321,2025-05-01",
            f"{people[10].nsn},4321,2025-05-01",  # line 14
        ),
        partial=True,
    )
    outcome = imported.outcome
    assert outcome.status == BatchStatus.RECORDED
    assert (outcome.rows_total, outcome.rows_recorded) == (13, 8)
    assert (outcome.rows_duplicate, outcome.rows_rejected) == (1, 4)
    assert [(line, rule) for line, _, rule, _ in imported.problems] == [
        (4, "ROA-nsn"),
        (5, "ROA-dup"),
        (7, "ROA-dup"),
        (9, "ROA-dup"),
    ]
    messages = {line: message for line, _, _, message in imported.problems}
    assert "reported by another provider" in messages[5]
    assert outsider.organisation.name not in messages[5]
    assert "2025-05-01" in messages[7]
    assert "already on line 2 of the file" in messages[9]
    batch = ImportBatch.objects.latest("id")
    mine = Completion.objects.filter(batch=batch)
    assert sorted(line or 0 for line in mine.values_list("batch_line", flat=True)) == [
        2,
        3,
        8,
        10,
        11,
        12,
        13,
        14,
    ]
    assert batch.rows_recorded == 8
    # chunk 1 straight in; chunk 2 refused whole and staged; chunk 3 staged (the write before
    # found rows held) and finds one; chunk 4 staged and finds none; chunk 5 straight in
    assert [straight, len(staged)] == [[WRITER + "_0"] * 3, 3]
    assert set(staged) == {WRITER + "_0"}
    assert _writers_alive() == []
    assert _backends_back_to(backends) == backends


def test_inside_the_callers_transaction_the_rows_are_written_on_its_connection(
    provider: Persona, forklift: MicroCredential, monkeypatch: pytest.MonkeyPatch
) -> None:
    people = _people(5)
    monkeypatch.setattr(ingest, "CHUNK_ROWS", 2)
    straight = _watch(monkeypatch, "record_direct", lambda n: None)
    with transaction.atomic():
        imported = import_file(
            provider, csv_bytes(HEADER, *(f"{p.nsn},4321,2025-05-01" for p in people))
        )
    assert imported.outcome.rows_recorded == 5
    assert straight == [threading.current_thread().name] * 3
    assert Completion.objects.count() == 5


def test_a_file_shorter_than_a_chunk_is_written_on_the_callers_connection(
    provider: Persona, forklift: MicroCredential, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A form or an API call sends less than a chunk: no writer thread is started for it."""
    people = _people(3)
    monkeypatch.setattr(ingest, "CHUNK_ROWS", 4)
    straight = _watch(monkeypatch, "record_direct", lambda n: None)
    imported = import_file(
        provider, csv_bytes(HEADER, *(f"{p.nsn},4321,2025-05-01" for p in people))
    )
    assert imported.outcome.rows_recorded == 3
    assert straight == [threading.current_thread().name]
    assert Completion.objects.count() == 3


def _fail_on(call: int, error: BaseException) -> Callable[[int], None]:
    def before(n: int) -> None:
        if n == call:
            raise error

    return before


def test_a_write_that_fails_on_the_writer_thread_takes_back_every_row(
    provider: Persona, forklift: MicroCredential, monkeypatch: pytest.MonkeyPatch
) -> None:
    people = _people(9)
    content = csv_bytes(HEADER, *(f"{p.nsn},4321,2025-05-01" for p in people))
    monkeypatch.setattr(ingest, "CHUNK_ROWS", 3)
    _watch(monkeypatch, "record_direct", _fail_on(2, RuntimeError("the disk failed")))
    backends = _backends()
    with pytest.raises(RuntimeError, match="the disk failed"):
        import_file(provider, content)
    assert Completion.every_row.count() == 0
    batch = ImportBatch.objects.get()
    assert (batch.status, batch.rows_recorded) == (BatchStatus.FAILED, 0)
    assert "Nothing was recorded" in batch.message
    assert AuditEvent.objects.filter(event="results.failed").count() == 1
    assert _writers_alive() == []
    assert _backends_back_to(backends) == backends
    monkeypatch.undo()
    again = import_file(provider, content)
    assert again.outcome.rows_recorded == 9
    assert Completion.objects.count() == 9


def test_a_check_that_fails_while_a_chunk_is_written_takes_back_every_row_after_that_write(
    provider: Persona, forklift: MicroCredential, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second chunk's write is slow: the third chunk's check fails while it is in flight.
    The rows are taken back only once that write has ended, so none is left behind."""
    people = _people(9)
    monkeypatch.setattr(ingest, "CHUNK_ROWS", 3)
    ended: list[int] = []

    def slow_second(n: int) -> None:
        if n == 1:
            time.sleep(1.0)
        ended.append(n)

    _watch(monkeypatch, "record_direct", slow_second)
    check_chunk = checks.check_chunk
    checked: list[int] = []

    def failing_third(*args: Any, **kwargs: Any) -> Any:
        checked.append(len(checked))
        if len(checked) == 3:
            assert ended == [0]  # the second chunk is being written
            raise RuntimeError("the check failed")
        return check_chunk(*args, **kwargs)

    monkeypatch.setattr(ingest, "check_chunk", failing_third)
    with pytest.raises(RuntimeError, match="the check failed"):
        import_file(provider, csv_bytes(HEADER, *(f"{p.nsn},4321,2025-05-01" for p in people)))
    assert ended == [0, 1]
    assert Completion.every_row.count() == 0
    batch = ImportBatch.objects.get()
    assert (batch.status, batch.rows_recorded) == (BatchStatus.FAILED, 0)
    assert _writers_alive() == []


def test_a_problem_in_the_last_chunk_takes_back_the_chunks_written_before(
    provider: Persona, forklift: MicroCredential, monkeypatch: pytest.MonkeyPatch
) -> None:
    people = _people(8)
    monkeypatch.setattr(ingest, "CHUNK_ROWS", 3)
    rows = [f"{p.nsn},4321,2025-05-01" for p in people]
    imported = import_file(provider, csv_bytes(HEADER, *rows, "123,4321,2025-05-01"))
    assert imported.outcome.status == BatchStatus.REJECTED
    assert (imported.outcome.rows_total, imported.outcome.rows_recorded) == (9, 0)
    assert [line for line, *_ in imported.problems] == [10]
    assert Completion.every_row.count() == 0
    assert ImportBatch.objects.get().status == BatchStatus.REJECTED
