"""Logs a machine can read: one JSON object a line, each with the request id it belongs to.

Every request gets an id (the `X-Request-ID` a proxy sent, when it is a sensible one, or a new
one), answered back in the `X-Request-ID` header and shown on error pages, so a person can quote it
and an operator can find every line the request logged. An ordinary 403 or 404 logs one line, not
a traceback: the traceback is kept for server errors.
"""

from __future__ import annotations

import json
import logging
import re
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from django.core.signals import request_finished

if TYPE_CHECKING:  # the settings import this module: it loads nothing of Django's
    from django.http import HttpRequest, HttpResponse

_request_id: ContextVar[str] = ContextVar("tohu_request_id", default="-")
_GOOD_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def current_request_id() -> str:
    """Return the id of the request being served ("-" outside a request)."""
    return _request_id.get()


class RequestIdMiddleware:
    """Give each request an id, for its log lines, its error page and its response header."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        offered = request.META.get("HTTP_X_REQUEST_ID", "")
        request_id = offered if _GOOD_ID.match(offered) else uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        # kept until the response is closed: Django logs a 4xx or 5xx answer after the middleware
        _request_id.set(request_id)
        response = self.get_response(request)
        response["X-Request-ID"] = request_id
        return response


def _forget_request_id(**kwargs: object) -> None:
    _request_id.set("-")


request_finished.connect(_forget_request_id, dispatch_uid="tohu.core.logs.forget_request_id")


class RequestIdFilter(logging.Filter):
    """Put the current request id on every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _request_id.get()
        return True


class ClientErrorsWithoutTraceback(logging.Filter):
    """Drop the traceback from a 4xx answer's log line: a 403 or 404 is not a fault in Tohu."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if isinstance(status, int) and status < 500:
            record.exc_info = None
            record.exc_text = None
        return True


class JsonFormatter(logging.Formatter):
    """Format a record as one line of JSON: time, level, logger, message, request id, more."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", _request_id.get()),
        }
        status = getattr(record, "status_code", None)
        if status is not None:
            line["status"] = status
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    """The plain text form, for a person reading a terminal, with the request id."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s")


def logging_config(level: str, form: str) -> dict[str, object]:
    """Return the LOGGING setting: JSON lines (or text) on standard error, request ids on each."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {
            "request_id": {"()": "tohu.core.logs.RequestIdFilter"},
            "client_errors": {"()": "tohu.core.logs.ClientErrorsWithoutTraceback"},
        },
        "formatters": {
            "json": {"()": "tohu.core.logs.JsonFormatter"},
            "text": {"()": "tohu.core.logs.TextFormatter"},
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": form,
                "filters": ["request_id", "client_errors"],
            }
        },
        "root": {"handlers": ["console"], "level": level},
    }
