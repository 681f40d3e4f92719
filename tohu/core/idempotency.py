"""`Idempotency-Key` on every POST under /api/: a retried request gets the first answer again,
and is never carried out twice.

The first request with a key inserts its row before the view runs; the unique constraint on
(caller, key) makes a second, concurrent request with the same key fail that insert, so it is
answered 409 "in progress" (with Retry-After) instead of running the view. When the first
finishes, its answer (status, type, body) is kept on the row and replayed to every retry with
the same body; a retry with a different body is refused (422). An answer of 5xx, or a view that
raised, frees the key so the client may try again. Keys are kept for KEEP_HOURS.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext

from tohu.core import clock
from tohu.core.models import IdempotentRequest
from tohu.core.problems import problem_response

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 255
KEEP_HOURS = 24
API_PREFIX = "/api/"


def _caller(request: HttpRequest) -> str:
    credential = request.headers.get("Authorization") or request.headers.get("X-API-Key")
    who = f"key:{credential}" if credential else f"address:{request.META.get('REMOTE_ADDR', '')}"
    return hashlib.sha256(who.encode()).hexdigest()


def _request_hash(request: HttpRequest) -> str:
    digest = hashlib.sha256(f"{request.method} {request.path}\n".encode())
    digest.update(request.body)
    return digest.hexdigest()


def _replay(row: IdempotentRequest) -> HttpResponse:
    response = HttpResponse(bytes(row.body), status=row.status_code, content_type=row.content_type)
    response["Idempotent-Replayed"] = "true"
    return response


def _claim(caller: str, key: str, request_hash: str) -> IdempotentRequest | HttpResponse:
    """Insert the key's row; or answer from the row another request holds."""
    stale = clock.now() - timedelta(hours=KEEP_HOURS)
    IdempotentRequest.objects.filter(caller=caller, key=key, created_at__lt=stale).delete()
    try:
        with transaction.atomic():
            return IdempotentRequest.objects.create(
                caller=caller, key=key, request_hash=request_hash, created_at=clock.now()
            )
    except IntegrityError:
        row = IdempotentRequest.objects.filter(caller=caller, key=key).first()
    if row is None:  # the holder failed and freed the key: the client may try again
        return _in_progress()
    if row.request_hash != request_hash:
        return problem_response(
            status=422,
            detail=gettext("This %(HEADER)s was used for a different request; use a new key.")
            % {"HEADER": HEADER},
            code="idempotency_key_reused",
            field=HEADER,
        )
    if row.completed_at is None:
        return _in_progress()
    return _replay(row)


def _in_progress() -> HttpResponse:
    return problem_response(
        status=409,
        detail=gettext("A request with this %(HEADER)s is still being answered; try again shortly.")
        % {"HEADER": HEADER},
        code="idempotency_in_progress",
        field=HEADER,
        headers={"Retry-After": "1"},
    )


PARAMETER = {
    "name": HEADER,
    "in": "header",
    "required": False,
    "description": (
        "Any unique text up to 255 characters (a UUID is good). A retry with the same key and "
        "body gets the first answer again (`Idempotent-Replayed: true`) and changes nothing; "
        "while the first is still being answered, 409. Kept for 24 hours."
    ),
    "schema": {"type": "string", "minLength": 1, "maxLength": MAX_KEY_LENGTH},
    "example": "5f0c2a7e-1d0b-4d59-9a4e-8c3f2b7d9e61",
}


def document(schema: dict[str, Any]) -> dict[str, Any]:
    """Name the Idempotency-Key header on every POST of the OpenAPI document."""
    for path in schema.get("paths", {}).values():
        operation = path.get("post")
        if operation is not None:
            operation.setdefault("parameters", []).append(PARAMETER)
    return schema


class IdempotencyMiddleware:
    """Honour `Idempotency-Key` on POST requests to the API."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = request.headers.get(HEADER)
        if request.method != "POST" or key is None or not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        if not key or len(key) > MAX_KEY_LENGTH or not key.isprintable() or not key.isascii():
            return problem_response(
                status=400,
                detail=gettext(
                    "%(HEADER)s must be 1 to %(MAX_KEY_LENGTH)s printable ASCII characters."
                )
                % {"HEADER": HEADER, "MAX_KEY_LENGTH": MAX_KEY_LENGTH},
                code="invalid_input",
                field=HEADER,
            )
        claimed = _claim(_caller(request), key, _request_hash(request))
        if isinstance(claimed, HttpResponse):
            return claimed
        try:
            response = self.get_response(request)
        except BaseException:
            claimed.delete()
            raise
        if response.status_code >= 500 or response.streaming:
            claimed.delete()
            return response
        claimed.status_code = response.status_code
        claimed.content_type = response.get("Content-Type", "")
        claimed.body = response.content
        claimed.completed_at = clock.now()
        claimed.save(update_fields=["status_code", "content_type", "body", "completed_at"])
        return response
