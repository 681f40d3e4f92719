"""Read-only admin views of keys, status lists and credentials; private keys are never shown."""

from __future__ import annotations

from django.contrib import admin

from tohu.core.admin import ReadOnlyAdmin
from tohu.credentials.models import Credential, IssuerKey, StatusList


@admin.register(IssuerKey)
class IssuerKeyAdmin(ReadOnlyAdmin[IssuerKey]):
    list_display = ["organisation", "number", "status", "public_key_multibase", "created_at"]
    list_filter = ["status"]
    exclude = ["private_key_encrypted"]


@admin.register(StatusList)
class StatusListAdmin(ReadOnlyAdmin[StatusList]):
    list_display = ["issuer", "purpose", "number", "allocated_count", "size", "changed_at"]
    exclude = ["bits", "allocated"]


@admin.register(Credential)
class CredentialAdmin(ReadOnlyAdmin[Credential]):
    list_display = ["uuid", "issuer", "state", "signed_at", "created_at"]
    list_filter = ["state"]
    exclude = ["document", "salt"]
    raw_id_fields = ["completion", "replaces", "status_list", "key"]
