"""Rate limits on the API: so many requests a minute for each API key, and for each address
that calls without one. Past the limit the answer is 429 with `Retry-After`.

Built on django-ninja's throttling. The counts live in the "limits" cache: files under
TOHU_LIMITS_CACHE_DIR (var/limits), which every web process on the machine reads and writes, so two
processes do not each allow a key its whole limit. Two requests counted at the same instant by two
processes may record one of them only (the cache has no atomic append): the limit can let a
request or two more through, never fewer. Several machines need a shared cache server in its place.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest
from ninja.throttling import SimpleRateThrottle

from tohu.core.principal import KeyPrincipal


class CallerRateThrottle(SimpleRateThrottle):
    """TOHU_API_RATE_PER_KEY for each key; TOHU_API_RATE_ANONYMOUS for each address without."""

    def __init__(self) -> None:
        super().__init__(rate=settings.TOHU_API_RATE_PER_KEY)
        self.cache = caches["limits"]

    def allow_request(self, request: HttpRequest) -> bool:
        # read on each request, so a change of setting (or a test's override) applies at once
        keyed = isinstance(getattr(request, "auth", None), KeyPrincipal)
        self.rate = settings.TOHU_API_RATE_PER_KEY if keyed else settings.TOHU_API_RATE_ANONYMOUS
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)

    def get_cache_key(self, request: HttpRequest) -> str | None:
        principal = getattr(request, "auth", None)
        if isinstance(principal, KeyPrincipal):
            return f"tohu_api_rate_key_{principal.key.pk}"
        return f"tohu_api_rate_address_{self.get_ident(request)}"
