"""Completions and import batches in the admin, read-only: changes go through the services."""

from __future__ import annotations

from django.contrib import admin

from tohu.achievements.models import Completion, ImportBatch
from tohu.core.admin import ReadOnlyAdmin


@admin.register(Completion)
class CompletionAdmin(ReadOnlyAdmin[Completion]):
    list_display = ["nsn", "micro_credential", "provider", "date_of_achievement", "status", "late"]
    list_filter = ["status", "late"]
    search_fields = ["nsn", "micro_credential__listing_number", "provider__name"]
    list_select_related = ["micro_credential__current_version", "provider"]
    raw_id_fields = ["micro_credential", "version", "provider", "batch", "supersedes"]


@admin.register(ImportBatch)
class ImportBatchAdmin(ReadOnlyAdmin[ImportBatch]):
    list_display = ["pk", "provider", "channel", "file_name", "status", "rows_total", "created_at"]
    list_filter = ["status", "channel"]
    list_select_related = ["provider"]
    exclude = ["problems_preview"]
