"""Background work for achievements (run by `tohu worker`)."""

from __future__ import annotations

from django_tasks import task

from tohu.achievements.services.retention import results_files_remove
from tohu.achievements.services.upload_processing import upload_process


@task()
def process_upload(batch_id: int) -> str:
    """Check and record an uploaded results file, reporting progress on its batch."""
    return upload_process(batch_id)


@task()
def remove_old_results_files() -> list[int]:
    """Delete uploads and error reports kept longer than TOHU_RESULTS_FILES_KEEP_DAYS."""
    return results_files_remove()
