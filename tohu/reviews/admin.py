"""Reviews in the admin: read-only, for looking things up; every change goes through a service."""

from __future__ import annotations

from django.contrib import admin

from tohu.core.admin import ReadOnlyAdmin
from tohu.reviews.models import Review, TrainingScheme


@admin.register(Review)
class ReviewAdmin(ReadOnlyAdmin[Review]):
    list_display = ["pk", "kind", "organisation", "due_on", "status", "transition_2025"]
    list_filter = ["kind", "status", "transition_2025"]
    list_select_related = ["organisation"]
    search_fields = ["micro_credential__listing_number", "training_scheme__reference"]


@admin.register(TrainingScheme)
class TrainingSchemeAdmin(ReadOnlyAdmin[TrainingScheme]):
    list_display = ["reference", "title", "provider", "cohort", "duration_weeks", "scope", "status"]
    list_filter = ["scope", "status", "cohort"]
    list_select_related = ["provider"]
    search_fields = ["reference", "title"]
