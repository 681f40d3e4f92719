"""A cache of the public register's pages and API answers, for people who are not signed in.

The register is read far more than it changes. An answer is kept under a key made of the
request (path, query, htmx header), the day, and the audit chain's last hash: every
change Tohu makes writes an audit event in the same transaction, so any change anywhere makes
every cached answer unreachable at once. Signed-in people always get a fresh answer (their pages
carry their own navigation and tokens).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import cache, wraps
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils import translation

from tohu.core import clock
from tohu.core.models import AuditChainHead
from tohu.core.site import site_url

View = Callable[..., HttpResponseBase]
KEPT_HEADERS = (
    "Content-Type",
    "Content-Disposition",
    "Vary",
    "Link",
    "Last-Modified",
    "HX-Push-Url",
)


@cache
def _generation_sql() -> str:
    # built once per process: quoting names on every request would cost what the ORM did
    table = connection.ops.quote_name(AuditChainHead._meta.db_table)
    column = connection.ops.quote_name(AuditChainHead._meta.get_field("last_hash").column)
    return f"SELECT {column} FROM {table} WHERE id = 1"  # noqa: S608 - names from the model


def generation() -> str:
    # the hash, not the number: a number can come round again after a rolled-back transaction.
    # One plain statement: on a cache hit this is the only query, and building it through the
    # ORM cost more than running it.
    with connection.cursor() as cursor:
        cursor.execute(_generation_sql())
        row = cursor.fetchone()
    return str(row[0]) if row else ""


def _key(request: HttpRequest) -> str:
    parts = [
        # answers carry absolute links, built from the request when SITE_URL is unset
        site_url(),
        request.path,
        request.META.get("QUERY_STRING", ""),
        # an answer is in one language (te reo Māori or English): each has its own entry
        translation.get_language() or "",
        request.headers.get("HX-Request", ""),
        request.headers.get("HX-Target", ""),
        request.headers.get("HX-History-Restore-Request", ""),
        clock.today().isoformat(),
        generation(),
    ]
    return "register:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _cacheable(response: HttpResponseBase) -> bool:
    # a response that sets a cookie (session, CSRF) belongs to one visitor only
    return (
        isinstance(response, HttpResponse) and response.status_code == 200 and not response.cookies
    )


def public_cache(view: View) -> View:
    """Serve anonymous GET requests from the cache; fill it on a miss."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        enabled = settings.TOHU_REGISTER_CACHE_SECONDS > 0
        if not enabled or request.method != "GET" or request.user.is_authenticated:
            return view(request, *args, **kwargs)
        cache = caches["default"]
        key = _key(request)
        kept = cache.get(key)
        if kept is not None:
            content, headers = kept
            return HttpResponse(content, headers=headers)
        response = view(request, *args, **kwargs)
        if _cacheable(response):
            assert isinstance(response, HttpResponse)
            headers = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
            cache.set(key, (response.content, headers), settings.TOHU_REGISTER_CACHE_SECONDS)
        return response

    return wrapper
