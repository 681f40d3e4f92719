"""The learner index in the admin, to look learners up; changes go through the services."""

from __future__ import annotations

from django.contrib import admin

from tohu.core.admin import ReadOnlyAdmin
from tohu.learners.models import Learner


@admin.register(Learner)
class LearnerAdmin(ReadOnlyAdmin[Learner]):
    list_display = ["nsn", "family_name", "given_names", "date_of_birth", "user"]
    search_fields = ["nsn", "family_name", "given_names"]
    list_select_related = ["user"]
