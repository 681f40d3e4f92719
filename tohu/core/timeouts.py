"""A page whose database work runs past its time is cut off and says so, with 503.

On PostgreSQL each web process's statements carry `statement_timeout`
(`TOHU_WEB_STATEMENT_TIMEOUT_SECONDS`); when one is cancelled the request's transaction is
rolled back whole, and this middleware answers a page (or the API's JSON) that says what
happened, instead of a server error. Nothing the request did is kept.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

logger = logging.getLogger(__name__)
MESSAGE = (
    "This took too long, and Tohu stopped it; nothing was changed. Try again in a few "
    "minutes, or narrow what you asked for (a shorter date range, fewer filters)."
)


def is_statement_timeout(error: BaseException) -> bool:
    """Say whether the database cancelled a statement for running past its time."""
    cause = error.__cause__
    return type(cause).__name__ == "QueryCanceled" or "statement timeout" in str(error)


class StatementTimeoutMiddleware:
    """Answer 503 with a clear message when the database cut a statement off."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, OperationalError) or not is_statement_timeout(exception):
            return None
        logger.warning("statement timeout on %s %s", request.method, request.path)
        if request.path_info.startswith("/api/"):
            body = {"detail": MESSAGE, "status": 503, "code": "timeout"}
            return JsonResponse(body, status=503)
        return render(request, "503.html", {"detail": MESSAGE}, status=503)
