"""Conditional requests on the API: `ETag` / `If-None-Match` and `Last-Modified` /
`If-Modified-Since` answer 304 Not Modified when nothing changed, so a sync that polls
downloads only what is new.

Django's ConditionalGetMiddleware does the work (an ETag from the body's hash unless the view set
one; the view's `Last-Modified`); this limits it to /api/, whose answers are the same for every
caller with the same key and query.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.middleware.http import ConditionalGetMiddleware

API_PREFIX = "/api/"


class ApiConditionalGetMiddleware(ConditionalGetMiddleware):
    """ConditionalGetMiddleware for the API's answers only."""

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if not request.path.startswith(API_PREFIX):
            return response
        return super().process_response(request, response)
