"""The admin's one rule, shared by every app, and the audit log in it.

The admin is for looking records up: every change goes through a service (and so through the
audit log), never the admin. `ReadOnlyAdmin` shows rows and changes nothing; `NoChangeAdmin`
also lets the admin add a row, which its `save_model` hands to the service that adds one.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from tohu.core.models import AuditEvent

_M = TypeVar("_M", bound=Model)


class NoChangeAdmin(admin.ModelAdmin[_M]):
    """Rows are shown and never changed or deleted here."""

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyAdmin(NoChangeAdmin[_M]):
    """Rows are shown and never added, changed or deleted here."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin[AuditEvent]):
    list_display = ["sequence", "occurred_at", "actor_label", "event", "subject_type", "subject_id"]
    list_filter = ["event"]
    search_fields = ["actor_label", "event", "subject_id"]
    date_hierarchy = "occurred_at"
    ordering = ["-sequence"]
    show_full_result_count = False
