"""Uploads processed in the background: the file is kept and a batch is queued here; the task
(`tohu.achievements.tasks.process_upload`, running `upload_processing.upload_process`) reads,
checks and records it a chunk at a time, with the progress its page polls."""

from __future__ import annotations

import functools
import logging
import uuid

from django.core.files.base import File
from django.core.files.storage import default_storage
from django.db import transaction

from tohu.achievements.events import Event
from tohu.achievements.models import BatchStatus, Channel, ImportBatch
from tohu.achievements.services.ingest import check_reporter
from tohu.achievements.services.retention import upload_quota_check
from tohu.achievements.tasks import process_upload
from tohu.core import audit
from tohu.core.effects import after_commit
from tohu.core.errors import DomainError
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
        after_commit(functools.partial(process_upload.enqueue, batch.pk))
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
