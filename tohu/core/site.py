"""The site's own address, for absolute links in exports, documents, emails and credentials.

`SITE_URL` wins when it is set (production must set an https one: see tohu/core/checks.py).
When it is unset, links are built from the request being answered, so a site opened at
http://localhost:8000 links to http://localhost:8000, not to an address it is not served on.
Work done outside a request (a command, a background task) with SITE_URL unset uses
LOCAL_SITE_URL, the address `make run` serves on.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse

LOCAL_SITE_URL = "http://127.0.0.1:8000"

_request_origin: ContextVar[str | None] = ContextVar("tohu_request_origin", default=None)


def site_url() -> str:
    """Return the site's address without a trailing slash (scheme, host and port)."""
    configured: str = settings.SITE_URL
    if configured:
        return configured.rstrip("/")
    return _request_origin.get() or LOCAL_SITE_URL


def absolute_url(path: str) -> str:
    """Return the absolute address of a path on this site (`path` starts with a slash)."""
    return f"{site_url()}{path}"


def request_origin(request: HttpRequest) -> str:
    """Return scheme://host[:port] of the request, as the person's browser addressed it."""
    return f"{request.scheme}://{request.get_host()}"


class SiteUrlMiddleware:
    """Remember the request's origin while it is answered, for site_url() when SITE_URL is unset."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            origin: str | None = request_origin(request)
        except DisallowedHost:  # CommonMiddleware answers this request with a 400
            origin = None
        token = _request_origin.set(origin)
        try:
            return self.get_response(request)
        finally:
            _request_origin.reset(token)
