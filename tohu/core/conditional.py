"""Conditional requests on the API: `ETag` / `If-None-Match` and `Last-Modified` /
`If-Modified-Since` answer 304 Not Modified when nothing changed, so a sync that polls
downloads only what is new.

Django's ConditionalGetMiddleware does the work (an ETag from the body's hash unless the view set
one; the view's `Last-Modified`); this limits it to /api/, whose answers are the same for every
caller with the same key and query.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import wraps
from typing import Any

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.middleware.http import ConditionalGetMiddleware
from django.utils.http import http_date

API_PREFIX = "/api/"
View = Callable[..., HttpResponseBase]


class ApiConditionalGetMiddleware(ConditionalGetMiddleware):
    """ConditionalGetMiddleware for the API's answers only."""

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if not request.path.startswith(API_PREFIX):
            return response
        return super().process_response(request, response)


def last_modified(response: HttpResponseBase, when: datetime) -> None:
    """Say when what the response shows last changed (`Last-Modified`, whole seconds)."""
    response["Last-Modified"] = http_date(when.timestamp())


def conditional_get(view: View) -> View:
    """Answer a page's GET with its ETag (the body's hash unless the view set one) and 304 when
    the request's `If-None-Match` or `If-Modified-Since` says the client has it: what the
    middleware above does for the API, for a document served outside /api/. Put it outside a
    cache, so a kept answer is compared too."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response = view(request, *args, **kwargs)
        return ConditionalGetMiddleware(lambda _: response).process_response(request, response)

    return wrapper
