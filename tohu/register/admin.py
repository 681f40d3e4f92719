"""Reference data the quality assurer keeps in the admin: NZSCED fields of study.

Listings, versions, status and accreditations change only through the services.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest

from tohu.core import audit
from tohu.register.events import Event
from tohu.register.models import FieldOfStudy


@admin.register(FieldOfStudy)
class FieldOfStudyAdmin(admin.ModelAdmin[FieldOfStudy]):
    list_display = ("code", "name", "level", "parent")
    list_filter = ("level",)
    search_fields = ("code", "name")
    ordering = ("code",)
    autocomplete_fields = ("parent",)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        # the code is the key other records point at; a wrong code is deleted, not renamed
        return ("code",) if obj is not None else ()

    def save_model(
        self, request: HttpRequest, obj: FieldOfStudy, form: ModelForm[FieldOfStudy], change: bool
    ) -> None:
        super().save_model(request, obj, form, change)
        audit.record(
            Event.FIELD_OF_STUDY_CHANGED,
            actor=request.user,
            subject=obj,
            detail={
                "action": "changed" if change else "added",
                "code": obj.code,
                "name": obj.name,
                "level": obj.level,
                "parent": obj.parent_id,
            },
        )

    def delete_model(self, request: HttpRequest, obj: FieldOfStudy) -> None:
        removed = (obj.code, obj.name)
        super().delete_model(request, obj)
        _record_deleted(request, *removed)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[FieldOfStudy]) -> None:
        removed = list(queryset.values_list("code", "name"))
        super().delete_queryset(request, queryset)
        for code, name in removed:
            _record_deleted(request, code, name)


def _record_deleted(request: HttpRequest, code: str, name: str) -> None:
    # the deleted row has no key left, so the subject is named by its code
    audit.record(
        Event.FIELD_OF_STUDY_CHANGED,
        actor=request.user,
        subject=audit.Subject(type="register.fieldofstudy", id=code),
        detail={"action": "deleted", "code": code, "name": name},
    )
