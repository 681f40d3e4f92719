"""The learner index in the admin, to look learners up; changes go through the services."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from tohu.learners.models import Learner


@admin.register(Learner)
class LearnerAdmin(admin.ModelAdmin[Learner]):
    list_display = ["nsn", "family_name", "given_names", "date_of_birth", "user"]
    search_fields = ["nsn", "family_name", "given_names"]
    list_select_related = ["user"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
