"""Applications in the admin: read-only, for support staff to look up a record.

Every change goes through the services (and so through the audit log), never the admin.
"""

from __future__ import annotations

from django.contrib import admin

from tohu.applications.models import Application, StatementOfEquivalency
from tohu.core.admin import ReadOnlyAdmin


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin[Application]):
    list_display = ("id", "application_type", "applicant", "title", "status", "submitted_at")
    list_filter = ("application_type", "status")
    search_fields = ("title", "applicant__name")
    list_select_related = ("applicant",)


@admin.register(StatementOfEquivalency)
class StatementOfEquivalencyAdmin(ReadOnlyAdmin[StatementOfEquivalency]):
    list_display = ("number", "title", "organisation", "level", "credits", "issued_on")
    search_fields = ("number", "title", "organisation__name")
    list_select_related = ("organisation",)
