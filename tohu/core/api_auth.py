"""API key authentication for the routers under /api/v1/, below both the apps and `tohu.api`.

An endpoint that takes an organisation's key says which scope it needs: `auth=keyed(scope)`.
The key arrives as `Authorization: Bearer <key>` or `X-API-Key: <key>`; an unknown, revoked or
expired key answers 401, a key without the scope 403. The endpoint then reads its principal
with `key_principal(request)` and passes it to the services, which ask `can()` like for anyone.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext
from ninja.security import APIKeyHeader, HttpBearer

from tohu.core import clock
from tohu.core.errors import NotAllowed, NotFound
from tohu.core.principal import KeyPrincipal, Scope, parse_scopes


def _authenticate(request: HttpRequest, key: str | None, scope: Scope) -> KeyPrincipal | None:
    from tohu.organisations.services import api_key_authenticate

    if not key:
        return None
    try:
        api_key = api_key_authenticate(key)
    except NotFound:
        return None
    principal = KeyPrincipal(key=api_key, scopes=parse_scopes(api_key.scopes), today=clock.today())
    if not principal.allows(scope):
        raise NotAllowed(
            gettext("This API key may not do this: it needs the scope %(value)s.")
            % {"value": scope.value}
        )
    return principal


class BearerKey(HttpBearer):
    """`Authorization: Bearer tohu_...`: an organisation's API key."""

    def __init__(self, scope: Scope) -> None:
        super().__init__()
        self.scope = scope

    def authenticate(self, request: HttpRequest, token: str) -> KeyPrincipal | None:
        return _authenticate(request, token, self.scope)


class HeaderKey(APIKeyHeader):
    """`X-API-Key: tohu_...`: the same key in a header of its own."""

    param_name = "X-API-Key"

    def __init__(self, scope: Scope) -> None:
        super().__init__()
        self.scope = scope

    def authenticate(self, request: HttpRequest, key: str | None) -> KeyPrincipal | None:
        return _authenticate(request, key, self.scope)


def keyed(scope: Scope) -> list[Any]:
    """The `auth=` of an endpoint that takes an organisation's key with `scope`."""
    return [BearerKey(scope), HeaderKey(scope)]


def key_principal(request: HttpRequest) -> KeyPrincipal:
    """The key that authenticated the request (ninja keeps it as `request.auth`)."""
    principal = getattr(request, "auth", None)
    if not isinstance(principal, KeyPrincipal):
        raise NotAllowed(gettext("An organisation's API key is needed."))
    return principal
