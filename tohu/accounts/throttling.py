"""Sign-in throttling on top of django-axes: per account and address, and per address alone.

django-axes pauses a username tried from one address after a few failures. Password spraying
tries one or two common passwords against many usernames from the same address, which never
trips that count; so the address alone is paused too, after more failures in the same cool-off
window across all the usernames it tried.
"""

from __future__ import annotations

from typing import Any

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest


def address_failures(request: HttpRequest) -> int:
    """Count the failed sign-ins from the request's address within the cool-off window."""
    total = AccessAttempt.objects.filter(
        ip_address=getattr(request, "axes_ip_address", None),
        attempt_time__gte=get_cool_off_threshold(request),
    ).aggregate(total=Sum("failures_since_start"))["total"]
    return int(total or 0)


class SprayAwareHandler(AxesDatabaseHandler):  # type: ignore[misc]
    """Lock out a username at one address, or the address itself once it tried too many."""

    def get_failures(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        failures = int(super().get_failures(request, credentials))
        if address_failures(request) >= settings.TOHU_SIGN_IN_ADDRESS_FAILURE_LIMIT:
            # the address is paused: report it as at the limit, whatever username it tries
            request.tohu_address_locked_out = True  # type: ignore[attr-defined]
            return max(failures, int(get_failure_limit(request, credentials)))
        return failures
