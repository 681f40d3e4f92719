"""What the upload task runs: read, check and record a queued results file in one pass."""

from __future__ import annotations

import logging
from typing import BinaryIO

from django.core.files.storage import default_storage

from tohu.achievements.models import BATCH_STATES, BatchStatus, ImportBatch
from tohu.achievements.results_file import CsvSource
from tohu.achievements.services.ingest import results_import
from tohu.core import clock
from tohu.core.errors import InvalidTransition

logger = logging.getLogger(__name__)


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
