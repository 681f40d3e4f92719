"""How long Tohu keeps results files: uploads and error reports carry learners' NSNs, names and
dates of birth, and are needed only until the provider has read the outcome (Privacy Act 2020,
information privacy principle 9). The completions, the batch's counts and its first problems
stay; the files go after `TOHU_RESULTS_FILES_KEEP_DAYS`."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext

from tohu.achievements.events import Event
from tohu.achievements.models import BatchStatus, ImportBatch
from tohu.core import audit, clock
from tohu.core.errors import DomainError
from tohu.core.principal import SYSTEM
from tohu.organisations.models import Organisation


def results_files_due(*, now: datetime | None = None) -> list[ImportBatch]:
    """Finished batches whose files are older than the keeping period and still held."""
    now = now or clock.now()
    before = now - timedelta(days=settings.TOHU_RESULTS_FILES_KEEP_DAYS)
    return list(
        ImportBatch.objects.filter(
            status__in=BatchStatus.finished(), finished_at__lt=before, files_removed_at=None
        )
        .filter(~Q(upload="") | ~Q(error_report=""))
        .order_by("finished_at", "pk")
    )


def results_files_remove(*, now: datetime | None = None) -> list[int]:
    """Remove the files of every batch past the keeping period; return those batches' ids.

    Each file is deleted before its batch says so, so a crash part-way leaves a batch that the
    next run finishes (deleting a file already gone is harmless). Running it twice removes
    nothing the second time.
    """
    now = now or clock.now()
    removed: list[int] = []
    for batch in results_files_due(now=now):
        files = [path for path in (batch.upload, batch.error_report) if path]
        for path in files:
            default_storage.delete(path)
        with transaction.atomic():
            updated = ImportBatch.objects.filter(pk=batch.pk, files_removed_at=None).update(
                upload="", error_report="", files_removed_at=now
            )
            if not updated:
                continue  # another run got there first
            audit.record(
                Event.RESULTS_FILES_REMOVED,
                actor=SYSTEM,
                subject=batch,
                detail={
                    "files": len(files),
                    "finished_at": batch.finished_at.isoformat() if batch.finished_at else None,
                    "keep_days": settings.TOHU_RESULTS_FILES_KEEP_DAYS,
                },
                actor_label="Tohu (results file retention)",
            )
        removed.append(batch.pk)
    return removed


def results_files_kept_bytes(provider: Organisation) -> int:
    """Return the bytes of results files (uploads and error reports) kept for the provider."""
    total = 0
    kept = ImportBatch.objects.filter(provider=provider, files_removed_at=None).filter(
        ~Q(upload="") | ~Q(error_report="")
    )
    for upload, error_report in kept.values_list("upload", "error_report"):
        for path in (upload, error_report):
            if path and default_storage.exists(path):
                total += default_storage.size(path)
    return total


def upload_quota_check(*, provider: Organisation, size: int) -> None:
    """Refuse an upload that would take the provider past its quota of kept results files."""
    quota = int(settings.TOHU_RESULTS_UPLOAD_QUOTA_BYTES)
    kept = results_files_kept_bytes(provider)
    if kept + size > quota:
        raise DomainError(
            gettext(
                "%(name)s has %(size)s of results files kept, and this file (%(size2)s) would "
                "take it past its quota of %(size3)s. Files are deleted "
                "%(TOHU_RESULTS_FILES_KEEP_DAYS)s days after their import finishes; "
                "until then, send a smaller file or ask the quality assurer to raise the "
                "quota."
            )
            % {
                "name": provider.name,
                "size": _size(kept),
                "size2": _size(size),
                "size3": _size(quota),
                "TOHU_RESULTS_FILES_KEEP_DAYS": settings.TOHU_RESULTS_FILES_KEEP_DAYS,
            },
            code="quota",
            field="file",
            status=413,
        )


def _size(size: int) -> str:
    megabytes = size / (1024 * 1024)
    return f"{megabytes / 1024:.1f} GB" if megabytes >= 1024 else f"{megabytes:.1f} MB"
