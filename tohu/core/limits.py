"""How much a request may send, per address, refused with 413 before a byte of the body is read.

Django reads (and spools to disk) a multipart body before any view can refuse it, so the check
is made on the `Content-Length` header, first thing: a form takes a small body, a results-file
upload the results-file limit, an application document the attachment limit, the API its own.
A person who is not signed in gets the small limit everywhere: no anonymous request may make
Tohu write a large file to disk. The file limits themselves are checked again, with a message
naming the file, by the forms.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tohu.core.problems import problem_response

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

# room for the multipart framing and the form's other fields around a file of the largest size
MULTIPART_ROOM = 64 * 1024


def _results_file() -> int:
    return int(settings.TOHU_RESULTS_FILE_MAX_BYTES) + MULTIPART_ROOM


def _document() -> int:
    return int(settings.TOHU_APPLICATION_ATTACHMENT_MAX_BYTES) + MULTIPART_ROOM


def _api() -> int:
    return int(settings.TOHU_API_MAX_BYTES)


def _form() -> int:
    return int(settings.TOHU_FORM_MAX_BYTES)


# (address, limit, whether a signed-in person is needed for it): the first match wins
ROUTES: list[tuple[re.Pattern[str], Callable[[], int], bool]] = [
    (re.compile(r"^/achievements/provider/[^/]+/upload/$"), _results_file, True),
    (re.compile(r"^/applications/\d+/(attachments|reply)/$"), _document, True),
    (re.compile(r"^/reviews/transition/import/$"), _document, True),
    (re.compile(r"^/api/v1/applications/\d+/attachments$"), _document, False),
    (re.compile(r"^/api/v1/"), _api, False),
]


def body_limit(path: str, signed_in: bool) -> int:
    """Return how many bytes a request to this address may send."""
    for pattern, limit, needs_person in ROUTES:
        if pattern.match(path):
            return limit() if signed_in or not needs_person else _form()
    return _form()


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB" if size >= 1024 * 1024 else f"{size // 1024} KB"


def too_large(request: HttpRequest, size: int, limit: int) -> HttpResponse:
    """Answer 413 saying how much was sent and how much this address takes."""
    detail = (
        f"The request is too large: it sends {_megabytes(size)} and this address takes at most "
        f"{_megabytes(limit)}."
    )
    if request.path_info.startswith("/api/"):
        response: HttpResponse = problem_response(
            status=413, detail=detail, code="too_large", extra={"limit": limit}
        )
    else:
        response = render(request, "413.html", {"detail": detail}, status=413)
    return response


class BodySizeLimitMiddleware:
    """Refuse with 413, before reading it, a body larger than its address takes."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            size = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            size = 0  # Django reads no body it cannot measure
        if size > 0:
            user: AnonymousUser | None = getattr(request, "user", None)
            signed_in = bool(user is not None and user.is_authenticated)
            limit = body_limit(request.path_info, signed_in)
            if size > limit:
                return too_large(request, size, limit)
        return self.get_response(request)
