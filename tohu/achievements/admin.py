"""Completions and import batches in the admin, read-only: changes go through the services."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from tohu.achievements.models import Completion, ImportBatch


class _ReadOnly:
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Completion)
class CompletionAdmin(_ReadOnly, admin.ModelAdmin[Completion]):
    list_display = ["nsn", "micro_credential", "provider", "date_of_achievement", "status", "late"]
    list_filter = ["status", "late"]
    search_fields = ["nsn", "micro_credential__listing_number", "provider__name"]
    list_select_related = ["micro_credential__current_version", "provider"]
    raw_id_fields = ["micro_credential", "version", "provider", "batch", "supersedes"]


@admin.register(ImportBatch)
class ImportBatchAdmin(_ReadOnly, admin.ModelAdmin[ImportBatch]):
    list_display = ["pk", "provider", "channel", "file_name", "status", "rows_total", "created_at"]
    list_filter = ["status", "channel"]
    list_select_related = ["provider"]
    exclude = ["problems_preview"]
