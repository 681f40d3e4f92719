"""Applications in the admin: read-only, for support staff to look up a record.

Every change goes through the services (and so through the audit log), never the admin.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from tohu.applications.models import Application, StatementOfEquivalency


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    list_display = ("id", "application_type", "applicant", "title", "status", "submitted_at")
    list_filter = ("application_type", "status")
    search_fields = ("title", "applicant__name")
    list_select_related = ("applicant",)


@admin.register(StatementOfEquivalency)
class StatementOfEquivalencyAdmin(ReadOnlyAdmin):
    list_display = ("number", "title", "organisation", "level", "credits", "issued_on")
    search_fields = ("number", "title", "organisation__name")
    list_select_related = ("organisation",)
