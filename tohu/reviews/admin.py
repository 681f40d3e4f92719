"""Reviews in the admin: read-only, for looking things up; every change goes through a service."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from tohu.reviews.models import Review, TrainingScheme


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Review)
class ReviewAdmin(ReadOnlyAdmin):
    list_display = ["pk", "kind", "organisation", "due_on", "status", "transition_2025"]
    list_filter = ["kind", "status", "transition_2025"]
    list_select_related = ["organisation"]
    search_fields = ["micro_credential__listing_number", "training_scheme__reference"]


@admin.register(TrainingScheme)
class TrainingSchemeAdmin(ReadOnlyAdmin):
    list_display = ["reference", "title", "provider", "cohort", "duration_weeks", "scope", "status"]
    list_filter = ["scope", "status", "cohort"]
    list_select_related = ["provider"]
    search_fields = ["reference", "title"]
