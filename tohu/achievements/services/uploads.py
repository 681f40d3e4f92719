"""Uploads processed in the background: the file is kept, a batch is queued, and a task reads,
checks and records it a chunk at a time, with the progress its page polls."""

from __future__ import annotations

import logging
import uuid
from functools import partial
from typing import BinaryIO

from django.core.files.base import File
from django.core.files.storage import default_storage
from django.db import transaction

from tohu.achievements.events import Event
from tohu.achievements.models import BATCH_STATES, BatchStatus, Channel, ImportBatch
from tohu.achievements.results_file import CsvSource
from tohu.achievements.services.ingest import check_reporter, results_import
from tohu.achievements.services.retention import upload_quota_check
from tohu.core import audit, clock
from tohu.core.effects import after_commit
from tohu.core.errors import DomainError, InvalidTransition
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
        path = _keep(upload, f"results/uploads/{provider.slug}-{uuid.uuid4().hex}.csv")
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


def _keep(upload: File[bytes], name: str) -> str:
    """Store the file under a name of its own; if the disk fails, leave no part of it behind."""
    try:
        return default_storage.save(name, upload)
    except OSError as error:
        logger.error("results file not stored (%s): %s", name, error)
        try:
            default_storage.delete(name)
        except OSError:
            logger.exception("the part of %s written could not be removed", name)
        raise DomainError(
            "Tohu could not keep the file: the server's storage is full or unavailable. "
            "Nothing was recorded or kept; try again later, and tell the quality assurer's "
            "support team if it happens again.",
            code="storage_unavailable",
            field="file",
            status=503,
        ) from error


def partial_enqueue(task: object, batch_id: int) -> partial[object]:
    return partial(task.enqueue, batch_id)  # type: ignore[attr-defined]


def upload_process(batch_id: int) -> str:
    """Read, check and record an uploaded file in one pass; a failure is said on the batch."""
    batch = ImportBatch.objects.select_related("provider", "submitted_by").get(pk=batch_id)
    if batch.status != BatchStatus.QUEUED:
        return batch.status
    # an upload is a person's, checked again as that person when the worker records it
    reporter = batch.submitted_by
    try:
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
    except InvalidTransition:
        return ImportBatch.objects.get(pk=batch_id).status
    except Exception as error:
        # the import took back what it wrote and failed the batch; a file that could not even
        # be opened fails here
        logger.exception("results upload %s failed", batch_id)
        failable = BATCH_STATES.sources(BatchStatus.FAILED, by="upload_process")
        ImportBatch.objects.filter(pk=batch_id, status__in=failable).update(
            status=BatchStatus.FAILED,
            message=f"The file could not be processed ({type(error).__name__}). Nothing was "
            "recorded; send it again, or ask for help if it fails again.",
            finished_at=clock.now(),
        )
        return ImportBatch.objects.get(pk=batch_id).status
    return outcome.status


def _open(batch: ImportBatch) -> CsvSource:
    size = default_storage.size(batch.upload)
    stream: BinaryIO = default_storage.open(batch.upload, "rb")  # type: ignore[assignment]
    return CsvSource(stream, name=batch.file_name, size=size)
