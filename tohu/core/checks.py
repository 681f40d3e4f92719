"""System checks for settings that Django's own checks do not know about.

tohu.E001 (`check --deploy`, which a production deployment runs): with DEBUG off, SITE_URL must
be set to an https address, since documents, exports, emails and signed credentials carry it.
tohu.E002 (every command): with DEBUG off, a SITE_URL that is set must be https, unless it is a
loopback address (`make run` serves production settings over plain HTTP on 127.0.0.1).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, register

LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}
HINT = "Set SITE_URL to the public https address, e.g. SITE_URL=https://tohu.example.govt.nz"


def _https(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme == "https" and bool(parts.hostname)


@register(Tags.security, deploy=True)
def site_url_is_https(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Production needs SITE_URL, and it must be https."""
    if settings.DEBUG or _https(settings.SITE_URL):
        return []
    found = f"it is {settings.SITE_URL!r}" if settings.SITE_URL else "it is not set"
    return [
        Error(
            f"SITE_URL must be an https address in production ({found}).", hint=HINT, id="tohu.E001"
        )
    ]


@register(Tags.security)
def site_url_is_not_plain_http(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """With DEBUG off, refuse a SITE_URL that is set to anything but https or a loopback address."""
    url = settings.SITE_URL
    if settings.DEBUG or not url or _https(url):
        return []
    parts = urlsplit(url)
    if parts.scheme == "http" and parts.hostname in LOOPBACK_HOSTS:
        return []
    return [
        Error(
            f"SITE_URL={url!r} is not an https address; with DEBUG off it must be.",
            hint=HINT,
            id="tohu.E002",
        )
    ]
