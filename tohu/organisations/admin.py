"""Organisations and memberships in the admin.

Adding goes through the services, so each addition is audited like any other; existing rows are
shown read only, and API keys are managed on the organisation's own page.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.forms import ModelForm
from django.http import HttpRequest

from tohu.core.admin import NoChangeAdmin, ReadOnlyAdmin
from tohu.organisations import services
from tohu.organisations.models import ApiKey, Membership, Organisation


def _adopt(target: Any, saved: Any) -> None:
    # the admin goes on to use the object it built (its id for the change message and redirect)
    target.__dict__.update({k: v for k, v in saved.__dict__.items() if k != "_state"})
    target._state.adding = False


class MembershipInline(admin.TabularInline[Membership, Organisation]):
    model = Membership
    fields = ("user", "role", "created_at")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Organisation)
class OrganisationAdmin(NoChangeAdmin[Organisation]):
    list_display = ["name", "name_mi", "org_type", "moe_number", "nzbn", "slug"]
    list_filter = ["org_type"]
    search_fields = ["name", "name_mi", "moe_number", "nzbn", "slug"]
    fields = ["name", "name_mi", "org_type", "moe_number", "nzbn", "slug", "email", "website"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_inlines(self, request: HttpRequest, obj: Organisation | None) -> list[type[Any]]:
        # members show on an existing organisation; they are added on the membership page
        return [] if obj is None else [MembershipInline]

    def save_model(
        self, request: HttpRequest, obj: Organisation, form: ModelForm[Organisation], change: bool
    ) -> None:
        created = services.organisation_create(
            actor=request.user,
            name=obj.name,
            name_mi=obj.name_mi,
            org_type=obj.org_type,
            moe_number=obj.moe_number,
            nzbn=obj.nzbn,
            slug=obj.slug,
            email=obj.email,
            website=obj.website,
        )
        _adopt(obj, created)


@admin.register(Membership)
class MembershipAdmin(NoChangeAdmin[Membership]):
    list_display = ["user", "organisation", "role", "created_at"]
    list_filter = ["role", "organisation__org_type"]
    search_fields = ["user__username", "user__email", "organisation__name"]
    list_select_related = ["user", "organisation"]
    autocomplete_fields = ["organisation"]
    raw_id_fields = ["user"]
    fields = ["user", "organisation", "role"]

    def save_model(
        self, request: HttpRequest, obj: Membership, form: ModelForm[Membership], change: bool
    ) -> None:
        membership = services.membership_add(
            actor=request.user, organisation=obj.organisation, user=obj.user, role=obj.role
        )
        _adopt(obj, membership)


@admin.register(ApiKey)
class ApiKeyAdmin(ReadOnlyAdmin[ApiKey]):
    list_display = ["name", "organisation", "prefix", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["name", "prefix", "organisation__name"]
    list_select_related = ["organisation"]
    exclude = ["key_hash"]
