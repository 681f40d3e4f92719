"""Uploads processed in the background: the file is kept, a batch is queued, and a task checks
it (with progress the page polls) and then records it in one transaction."""

from __future__ import annotations

import logging
from functools import partial
from typing import BinaryIO

from django.core.files.base import File
from django.core.files.storage import default_storage
from django.db import transaction

from tohu.achievements.events import Event
from tohu.achievements.models import BatchStatus, Channel, ImportBatch
from tohu.achievements.results_file import CsvSource
from tohu.achievements.services.ingest import Progress, check_reporter, results_import
from tohu.achievements.services.retention import upload_quota_check
from tohu.core import audit, clock
from tohu.core.effects import after_commit
from tohu.core.principal import Principal, user_id_of
from tohu.organisations.models import Organisation

logger = logging.getLogger(__name__)


def upload_queue(
    *,
    reporter: Principal,
    provider: Organisation,
    upload: File[bytes],
    file_name: str,
    partial: bool,
) -> ImportBatch:
    """Keep the uploaded file and queue its import; the task starts after commit."""
    check_reporter(reporter, provider)
    upload_quota_check(provider=provider, size=upload.size or 0)
    with transaction.atomic():
        path = default_storage.save(f"results/uploads/{provider.slug}.csv", upload)
        batch = ImportBatch.objects.create(
            provider=provider,
            channel=Channel.UPLOAD,
            file_name=file_name[:255],
            partial=partial,
            status=BatchStatus.QUEUED,
            submitted_by_id=user_id_of(reporter),
            upload=path,
            progress_total=upload.size or 0,
        )
        audit.record(
            Event.RESULTS_QUEUED,
            actor=reporter,
            subject=batch,
            detail={"file_name": batch.file_name, "partial": partial},
        )
        from tohu.achievements.tasks import process_upload

        after_commit(partial_enqueue(process_upload, batch.pk))
    return batch


def partial_enqueue(task: object, batch_id: int) -> partial[object]:
    return partial(task.enqueue, batch_id)  # type: ignore[attr-defined]


def _save_progress(batch_id: int, progress: Progress) -> None:
    ImportBatch.objects.filter(pk=batch_id).update(
        progress_done=progress.bytes_read, progress_total=progress.size, rows_total=progress.rows
    )


def upload_process(batch_id: int) -> str:
    """Check the file (saving progress as it goes), then record it in one transaction."""
    batch = ImportBatch.objects.select_related("provider", "submitted_by").get(pk=batch_id)
    if batch.status != BatchStatus.QUEUED:
        return batch.status
    ImportBatch.objects.filter(pk=batch_id).update(status=BatchStatus.CHECKING)
    # an upload is a person's, checked again as that person when the worker records it
    reporter = batch.submitted_by
    try:
        return _check_then_record(batch, reporter)
    except Exception as error:
        logger.exception("results upload %s failed", batch_id)
        ImportBatch.objects.filter(pk=batch_id).update(
            status=BatchStatus.FAILED,
            message=f"The file could not be processed ({type(error).__name__}). Nothing was "
            "recorded; send it again, or ask for help if it fails again.",
            finished_at=clock.now(),
        )
        return BatchStatus.FAILED


def _open(batch: ImportBatch) -> CsvSource:
    size = default_storage.size(batch.upload)
    stream: BinaryIO = default_storage.open(batch.upload, "rb")  # type: ignore[assignment]
    return CsvSource(stream, name=batch.file_name, size=size)


def _check_then_record(batch: ImportBatch, reporter: Principal | None) -> str:
    source = _open(batch)
    with source.stream:
        checked = results_import(
            reporter=reporter,
            provider=batch.provider,
            source=source,
            channel=batch.channel,
            partial=batch.partial,
            dry_run=True,
            progress=lambda progress: _save_progress(batch.pk, progress),
        )
    if checked.ok:
        ImportBatch.objects.filter(pk=batch.pk).update(status=BatchStatus.RECORDING)
    source = _open(batch)
    with source.stream:
        outcome = results_import(
            reporter=reporter,
            provider=batch.provider,
            source=source,
            channel=batch.channel,
            partial=batch.partial,
            batch=batch,
        )
    return outcome.status
