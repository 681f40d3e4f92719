"""An import batch's life outside the happy path: a second claim, a batch lost to recovery, an
owner process that ended on this host, two recoveries meeting, rows taken back a chunk at a time,
and an upload task that finds its batch done already or its file gone."""

from __future__ import annotations

import io
import socket
import subprocess
from collections.abc import Callable, Iterator
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import OperationalError

from tests.achievements.conftest import HEADER, csv_bytes, import_file
from tests.achievements.test_ingest import _killed_after_two_chunks, _thirty_rows
from tests.conftest import Persona
from tohu.achievements.events import Event
from tohu.achievements.models import BatchPhase, BatchStatus, Channel, Completion, ImportBatch
from tohu.achievements.results_file import CsvSource
from tohu.achievements.services import (
    Progress,
    batches,
    check_reporter,
    ingest,
    results_import,
    staging,
    uploads,
)
from tohu.achievements.services.upload_processing import upload_process
from tohu.core import clock
from tohu.core.errors import InvalidTransition, NotAllowed
from tohu.core.models import AuditEvent
from tohu.core.principal import COMMAND
from tohu.learners.models import Learner
from tohu.organisations.models import Organisation
from tohu.register.models import MicroCredential


def _left_recording(provider: Persona, monkeypatch: pytest.MonkeyPatch) -> ImportBatch:
    """A batch whose process died outright after writing 20 hidden rows."""
    content = _thirty_rows(monkeypatch)
    monkeypatch.setattr(ingest, "_abandon", lambda *args: None)
    _killed_after_two_chunks(provider, content)
    batch = ImportBatch.objects.get()
    assert batch.status == BatchStatus.RECORDING
    assert Completion.every_row.filter(batch=batch).count() == 20
    return batch


def test_a_batch_is_claimed_once_and_a_second_claim_is_refused(
    provider: Persona, forklift: MicroCredential
) -> None:
    assert provider.organisation is not None
    batch = ImportBatch.objects.create(
        provider=provider.organisation, status=BatchStatus.QUEUED, file_name="june.csv"
    )
    batches.batch_claim(batch.pk, "host-a:1")
    with pytest.raises(InvalidTransition, match="already being recorded, or was recorded"):
        batches.batch_claim(batch.pk, "host-b:2")
    batch.refresh_from_db()
    assert (batch.status, batch.owner) == (BatchStatus.RECORDING, "host-a:1")


def test_a_process_whose_batch_was_taken_over_stops_writing(
    provider: Persona, forklift: MicroCredential, monkeypatch: pytest.MonkeyPatch
) -> None:
    batch = _left_recording(provider, monkeypatch)
    owner, checked = batch.owner, batch.rows_checked
    assert batches.batches_recover(stale_after=timedelta(0)) == [batch.pk]
    with pytest.raises(batches.BatchLost, match=f"Batch {batch.pk} was finished"):
        batches.batch_touch(batch.pk, owner, rows_checked=30)
    batch.refresh_from_db()
    # the lost process's progress was not written over the finished batch
    assert (batch.status, batch.rows_checked) == (BatchStatus.FAILED, checked)
    assert checked != 30


def test_recovery_takes_the_rows_back_a_chunk_at_a_time(
    provider: Persona, forklift: MicroCredential, monkeypatch: pytest.MonkeyPatch
) -> None:
    batch = _left_recording(provider, monkeypatch)
    deleted: list[int] = []
    delete_batch_rows = staging.delete_batch_rows

    def counted(batch_id: int, limit: int) -> int:
        gone: int = delete_batch_rows(batch_id, limit)
        deleted.append(gone)
        return gone

    monkeypatch.setattr(batches, "DELETE_ROWS", 7)
    monkeypatch.setattr(staging, "delete_batch_rows", counted)
    assert batches.batches_recover(stale_after=timedelta(0)) == [batch.pk]
    assert deleted == [7, 7, 6]
    assert Completion.every_row.count() == 0


@pytest.fixture
def ended_process() -> int:
    """The id of a process of this host that has ended."""
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


@pytest.fixture
def running_process() -> Iterator[int]:
    """The id of a process of this host that is still running."""
    process = subprocess.Popen(["sleep", "60"])
    yield process.pid
    process.kill()
    process.wait()


def _owned_by(batch: ImportBatch, pid: int) -> None:
    ImportBatch.objects.filter(pk=batch.pk).update(
        owner=f"{socket.gethostname()}:{pid}", heartbeat_at=clock.now()
    )


def test_a_batch_whose_process_ended_on_this_host_is_recovered_at_once(
    provider: Persona,
    forklift: MicroCredential,
    monkeypatch: pytest.MonkeyPatch,
    ended_process: int,
) -> None:
    batch = _left_recording(provider, monkeypatch)
    _owned_by(batch, ended_process)
    # it wrote a moment ago, but its process is gone: no need to wait for it to go stale
    assert batches.batches_recover() == [batch.pk]
    batch.refresh_from_db()
    assert (batch.status, batch.message) == (BatchStatus.FAILED, batches.STOPPED)
    assert Completion.every_row.count() == 0
    event = AuditEvent.objects.get(event=Event.RESULTS_FAILED)
    assert event.actor_label == batches.RECOVERY_LABEL


def test_a_batch_whose_process_still_runs_on_this_host_is_left_alone(
    provider: Persona,
    forklift: MicroCredential,
    monkeypatch: pytest.MonkeyPatch,
    running_process: int,
) -> None:
    batch = _left_recording(provider, monkeypatch)
    _owned_by(batch, running_process)
    assert batches.batches_recover() == []
    batch.refresh_from_db()
    assert batch.status == BatchStatus.RECORDING
    assert Completion.every_row.count() == 20


def test_two_recoveries_of_one_batch_take_it_over_once(
    provider: Persona, forklift: MicroCredential, monkeypatch: pytest.MonkeyPatch
) -> None:
    batch = _left_recording(provider, monkeypatch)
    seen_by_second = ImportBatch.objects.get(pk=batch.pk)
    assert batches.batches_recover(stale_after=timedelta(0)) == [batch.pk]
    # the second recovery read the batch before the first took it: it takes nothing
    assert batches._take_over(seen_by_second) is False
    assert AuditEvent.objects.filter(event=Event.RESULTS_FAILED).count() == 1


def _queued(provider: Persona, content: bytes) -> ImportBatch:
    """An upload kept and queued; its task has not run (nothing committed in a test)."""
    assert provider.organisation is not None
    return uploads.upload_queue(
        reporter=provider.user,
        provider=provider.organisation,
        upload=ContentFile(content, name="june.csv"),
        file_name="june.csv",
        partial=False,
    )


def test_the_upload_task_run_again_on_a_finished_batch_changes_nothing(
    provider: Persona, forklift: MicroCredential, learners: list[Learner]
) -> None:
    batch = _queued(provider, csv_bytes(HEADER, "0000012345,4321,2025-05-01"))
    assert upload_process(batch.pk) == BatchStatus.RECORDED
    events = AuditEvent.objects.count()
    assert upload_process(batch.pk) == BatchStatus.RECORDED
    assert Completion.objects.count() == 1
    assert AuditEvent.objects.count() == events


def test_an_upload_whose_file_is_gone_fails_and_says_so(
    provider: Persona, forklift: MicroCredential, learners: list[Learner]
) -> None:
    batch = _queued(provider, csv_bytes(HEADER, "0000012345,4321,2025-05-01"))
    default_storage.delete(batch.upload)
    assert upload_process(batch.pk) == BatchStatus.FAILED
    batch.refresh_from_db()
    assert batch.message == (
        "The file could not be processed (FileNotFoundError). Nothing was recorded; send it "
        "again, or ask for help if it fails again."
    )
    assert batch.finished_at is not None
    assert Completion.every_row.count() == 0


def test_the_command_reports_only_for_a_provider(isb: Organisation) -> None:
    assert not isb.is_provider
    with pytest.raises(NotAllowed) as refused:
        check_reporter(COMMAND, isb)
    assert refused.value.rule_id == "LOR-18.2"
    assert refused.value.message == f"{isb.name} is not a provider."


def test_a_row_held_by_an_unfinished_import_is_sent_again_later(
    provider: Persona, forklift: MicroCredential, monkeypatch: pytest.MonkeyPatch
) -> None:
    _left_recording(provider, monkeypatch)
    imported = import_file(provider, csv_bytes(HEADER, "0000000001,4321,2025-05-01"))
    assert imported.problems == [
        (2, "nsn", "ROA-dup", "NSN 0000000001: 4321 version 1 is being recorded by another "
         "report that has not finished. Send this row again once it has."),
    ]  # fmt: skip
    assert not imported.outcome.ok
    # once recovery has taken the unfinished import back, the row goes in
    batches.batches_recover(stale_after=timedelta(0))
    assert import_file(provider, csv_bytes(HEADER, "0000000001,4321,2025-05-01")).outcome.ok
    assert Completion.objects.get().nsn == "0000000001"


def _import_watched(
    provider: Persona, content: bytes, progress: Callable[[Progress], None]
) -> None:
    assert provider.organisation is not None
    results_import(
        reporter=provider.user,
        provider=provider.organisation,
        source=CsvSource(io.BytesIO(content), size=len(content)),
        channel=Channel.UPLOAD,
        progress=progress,
    )


def test_an_import_whose_batch_recovery_took_over_stops_without_failing_it_twice(
    provider: Persona, forklift: MicroCredential, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = _thirty_rows(monkeypatch)
    recovered: list[int] = []

    def taken_over(progress: Progress) -> None:
        # another process's recovery wrongly takes the batch while this one writes
        if progress.phase == BatchPhase.RECORDING and not recovered:
            recovered.extend(batches.batches_recover(stale_after=timedelta(0)))

    with pytest.raises(batches.BatchLost):
        _import_watched(provider, content, taken_over)
    batch = ImportBatch.objects.get()
    assert recovered == [batch.pk]
    assert (batch.status, batch.message) == (BatchStatus.FAILED, batches.STOPPED)
    # recovery failed it once; the import that lost it neither fails it again nor writes on
    assert AuditEvent.objects.filter(event=Event.RESULTS_FAILED).count() == 1
    assert Completion.every_row.count() == 0


def test_an_import_that_cannot_take_its_rows_back_leaves_them_hidden_for_recovery(
    provider: Persona, forklift: MicroCredential, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = _thirty_rows(monkeypatch)

    def disk_gone(batch_id: int, owner: str) -> None:
        raise OperationalError("disk I/O error")

    monkeypatch.setattr(ingest, "batch_rows_delete", disk_gone)
    assert _killed_after_two_chunks(provider, content) == [10, 20]
    batch = ImportBatch.objects.get()
    # the rows written stay hidden, the batch unfinished: recovery takes them back later
    assert batch.status == BatchStatus.RECORDING
    assert (Completion.objects.count(), Completion.every_row.count()) == (0, 20)
    assert batches.batches_recover(stale_after=timedelta(0)) == [batch.pk]
    assert Completion.every_row.count() == 0


def test_the_batch_keeps_a_preview_of_the_first_problems_and_the_report_has_them_all(
    provider: Persona, forklift: MicroCredential, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ingest, "PREVIEW_PROBLEMS", 2)
    content = csv_bytes(HEADER, *(f"bad{n},4321,2025-05-01" for n in range(5)))
    imported = import_file(provider, content)
    assert [p[0] for p in imported.problems] == [2, 3, 4, 5, 6]
    batch = ImportBatch.objects.get()
    assert [p["line"] for p in batch.problems_preview] == [2, 3]
    assert batch.problems_total == 5
