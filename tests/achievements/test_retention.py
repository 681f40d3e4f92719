"""Results files (uploads and error reports) are deleted after the keeping period; the record
of the batch, its counts and its completions stay, and the provider is told what happened."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.test import Client

from tests.achievements.conftest import HEADER, csv_bytes, upload, url
from tests.conftest import Persona
from tohu.achievements.events import Event
from tohu.achievements.models import BatchStatus, Completion, ImportBatch
from tohu.achievements.services.retention import results_files_due, results_files_remove
from tohu.core import audit, clock
from tohu.core.models import AuditEvent
from tohu.learners.models import Learner
from tohu.register.models import MicroCredential


def processed(client: Client, *lines: str, callbacks: object) -> ImportBatch:
    """Upload a results file and run its import, as the worker would."""
    with callbacks(execute=True):  # type: ignore[operator]
        batch = upload(client, csv_bytes(HEADER, *lines))
    batch.refresh_from_db()
    assert batch.status in BatchStatus.finished()
    return batch


@pytest.fixture
def rejected(
    provider: Persona,
    forklift: MicroCredential,
    learners: list[Learner],
    django_capture_on_commit_callbacks: object,
) -> ImportBatch:
    """A finished upload with an error report: both files are on disk."""
    batch = processed(
        provider.client,
        "0000012345,4321,2025-05-01",
        "bad,4321,2025-05-01",
        callbacks=django_capture_on_commit_callbacks,
    )
    assert batch.upload
    assert batch.error_report
    assert default_storage.exists(batch.upload)
    assert default_storage.exists(batch.error_report)
    return batch


def days_later(days: int) -> time_machine.travel:
    return time_machine.travel(clock.now() + timedelta(days=days), tick=False)


@pytest.mark.parametrize(("days", "removed"), [(89, False), (90, False), (91, True)])
def test_files_go_once_the_keeping_period_has_passed(
    rejected: ImportBatch, settings: object, days: int, removed: bool
) -> None:
    settings.TOHU_RESULTS_FILES_KEEP_DAYS = 90  # type: ignore[attr-defined]
    upload_path, report_path = rejected.upload, rejected.error_report
    with days_later(days):
        assert results_files_remove() == ([rejected.pk] if removed else [])
    rejected.refresh_from_db()
    assert default_storage.exists(upload_path) is not removed
    assert default_storage.exists(report_path) is not removed
    assert (rejected.files_removed_at is not None) is removed
    assert (rejected.upload == "") is removed


def test_the_batch_keeps_its_counts_and_an_audit_event_says_what_went(
    rejected: ImportBatch,
) -> None:
    with days_later(91):
        results_files_remove()
    rejected.refresh_from_db()
    assert (rejected.rows_total, rejected.rows_rejected, rejected.problems_total) == (2, 1, 1)
    assert rejected.problems_preview[0]["rule_id"] == "ROA-nsn"
    event = AuditEvent.objects.filter(event=Event.RESULTS_FILES_REMOVED).get()
    assert event.subject_id == str(rejected.pk)
    assert event.detail["files"] == 2
    assert event.detail["keep_days"] == 90
    assert audit.verify_chain()[1] is None


def test_a_second_run_removes_nothing(rejected: ImportBatch) -> None:
    with days_later(91):
        assert results_files_remove() == [rejected.pk]
        assert results_files_remove() == []
        assert results_files_due() == []
    assert AuditEvent.objects.filter(event=Event.RESULTS_FILES_REMOVED).count() == 1


def test_a_file_already_gone_does_not_stop_the_run(rejected: ImportBatch) -> None:
    default_storage.delete(rejected.upload)
    with days_later(91):
        assert results_files_remove() == [rejected.pk]
    rejected.refresh_from_db()
    assert rejected.files_removed_at is not None
    assert not default_storage.exists(rejected.error_report or "batch-missing")


def test_a_batch_still_running_keeps_its_file(rejected: ImportBatch) -> None:
    ImportBatch.objects.filter(pk=rejected.pk).update(status=BatchStatus.CHECKING)
    with days_later(400):
        assert results_files_remove() == []
    assert default_storage.exists(rejected.upload)


def test_recorded_completions_stay(
    provider: Persona,
    forklift: MicroCredential,
    learners: list[Learner],
    django_capture_on_commit_callbacks: object,
) -> None:
    batch = processed(
        provider.client, "0000012345,4321,2025-05-01", callbacks=django_capture_on_commit_callbacks
    )
    assert batch.status == BatchStatus.RECORDED
    with days_later(91):
        assert results_files_remove() == [batch.pk]
    assert Completion.objects.filter(batch=batch).count() == 1


def test_the_provider_is_told_the_report_was_deleted(
    provider: Persona, rejected: ImportBatch
) -> None:
    with days_later(91):
        results_files_remove()
    page = provider.client.get(url("batch", rejected.pk)).content.decode()
    report = provider.client.get(url("batch-errors", rejected.pk))
    assert "Download the error report" not in page
    assert "was deleted on 15 Sep 2025" in page
    assert "keeps results files for 90 days" in page
    assert "“bad” is not an NSN" in page  # the first problems are still listed
    assert report.status_code == 410
    assert "was deleted on 15 Sep 2025" in report.content.decode()


def test_the_daily_housekeeping_runs_it(rejected: ImportBatch) -> None:
    with days_later(91):
        call_command("daily")
    rejected.refresh_from_db()
    assert rejected.files_removed_at is not None
