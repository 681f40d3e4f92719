"""Log lines are JSON with the request's id; error pages show the id; an ordinary 403 or 404
logs one line and no traceback, a server error logs its traceback."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.test import Client, override_settings
from django.urls import path

from tohu.core.logs import ClientErrorsWithoutTraceback, JsonFormatter, RequestIdFilter
from tohu.urls import urlpatterns as tohu_urlpatterns


def _broken(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a fault in Tohu")


def _forbidden(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied


urlpatterns = [
    path("broken/", _broken),
    path("forbidden/", _forbidden),
    *tohu_urlpatterns,
]
handler500 = "tohu.core.views.server_error"


@pytest.fixture
def log_lines() -> Iterator[io.StringIO]:
    """Capture what the console handler writes, with Tohu's own filters and formatter."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    handler.addFilter(ClientErrorsWithoutTraceback())
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield stream
    finally:
        root.removeHandler(handler)


def _lines(stream: io.StringIO) -> list[dict[str, object]]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_each_response_carries_a_request_id(public: Client) -> None:
    first = public.get("/healthz")["X-Request-ID"]
    second = public.get("/healthz")["X-Request-ID"]
    assert len(first) == 32
    assert first != second
    assert public.get("/healthz", HTTP_X_REQUEST_ID="proxy-given-1234")["X-Request-ID"] == (
        "proxy-given-1234"
    )
    assert public.get("/healthz", HTTP_X_REQUEST_ID="<bad id>")["X-Request-ID"] != "<bad id>"


def test_a_404_shows_its_id_and_logs_one_line_without_a_traceback(
    public: Client, log_lines: io.StringIO
) -> None:
    response = public.get("/no-such-page/here/")
    assert response.status_code == 404
    request_id = response["X-Request-ID"]
    assert request_id in response.content.decode()
    lines = _lines(log_lines)
    assert [(line["level"], line["status"], line["request_id"]) for line in lines] == [
        ("WARNING", 404, request_id)
    ]
    assert "exception" not in lines[0]
    assert "Traceback" not in log_lines.getvalue()


@override_settings(ROOT_URLCONF=__name__)
def test_a_403_logs_no_traceback(public: Client, log_lines: io.StringIO) -> None:
    response = public.get("/forbidden/")
    assert response.status_code == 403
    assert response["X-Request-ID"] in response.content.decode()
    assert "Traceback" not in log_lines.getvalue()
    assert _lines(log_lines)[0]["status"] == 403


@override_settings(ROOT_URLCONF=__name__)
def test_a_server_error_shows_its_id_and_logs_the_traceback_under_it(
    db: None, log_lines: io.StringIO
) -> None:
    client = Client(raise_request_exception=False)
    response = client.get("/broken/")
    assert response.status_code == 500
    request_id = response["X-Request-ID"]
    assert f"<code>{request_id}</code>" in response.content.decode()
    (line,) = _lines(log_lines)
    assert (line["level"], line["status"], line["request_id"]) == ("ERROR", 500, request_id)
    assert "RuntimeError: a fault in Tohu" in str(line["exception"])
