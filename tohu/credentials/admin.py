"""Read-only admin views of keys, status lists and credentials; private keys are never shown."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from tohu.credentials.models import Credential, IssuerKey, StatusList


class _ReadOnly:
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(IssuerKey)
class IssuerKeyAdmin(_ReadOnly, admin.ModelAdmin[IssuerKey]):
    list_display = ["organisation", "number", "status", "public_key_multibase", "created_at"]
    list_filter = ["status"]
    exclude = ["private_key_encrypted"]


@admin.register(StatusList)
class StatusListAdmin(_ReadOnly, admin.ModelAdmin[StatusList]):
    list_display = ["issuer", "purpose", "number", "allocated_count", "size", "changed_at"]
    exclude = ["bits", "allocated"]


@admin.register(Credential)
class CredentialAdmin(_ReadOnly, admin.ModelAdmin[Credential]):
    list_display = ["uuid", "issuer", "state", "signed_at", "created_at"]
    list_filter = ["state"]
    exclude = ["document", "salt"]
    raw_id_fields = ["completion", "replaces", "status_list", "key"]
