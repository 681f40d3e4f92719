"""The audit log in the admin: read only, since rows are never changed or deleted."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from tohu.core.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin[AuditEvent]):
    list_display = ["sequence", "occurred_at", "actor_label", "event", "subject_type", "subject_id"]
    list_filter = ["event"]
    search_fields = ["actor_label", "event", "subject_id"]
    date_hierarchy = "occurred_at"
    ordering = ["-sequence"]
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
