"""The one guard on text Tohu cannot store: NUL characters, lone surrogates and broken UTF-8.

PostgreSQL refuses a NUL (U+0000) in text, and neither database can store a lone surrogate
(U+D800 to U+DFFF, which JSON can spell as `\\ud800`). Rather than let such text reach a query
and fail there as a server error, the address (path and query string) and JSON bodies are checked
once, on the way in, and refused with 400 and a message naming where the character is. Form bodies
are checked field by field by the forms themselves (Django's `CharField` refuses NUL), and API
bodies again by their schemas.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import unquote_to_bytes

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tohu.core.problems import error_at, problem_response


def unsafe_character(text: str) -> str | None:
    """Say what is wrong with `text` if it holds a character Tohu cannot store, else None."""
    for character in text:
        code = ord(character)
        if code == 0:
            return "contains a NUL character (U+0000), which is not allowed"
        if 0xD800 <= code <= 0xDFFF:
            return f"contains a lone surrogate (U+{code:04X}), which is not text"
    return None


def _query_problems(raw: bytes) -> Iterator[tuple[str, str]]:
    for part in raw.split(b"&"):
        if not part:
            continue
        name_raw, _, value_raw = part.partition(b"=")
        try:
            name = unquote_to_bytes(name_raw.replace(b"+", b" ")).decode("utf-8")
        except UnicodeDecodeError:
            yield "query", "has a parameter name that is not UTF-8 text"
            continue
        try:
            value = unquote_to_bytes(value_raw.replace(b"+", b" ")).decode("utf-8")
        except UnicodeDecodeError:
            yield name, "is not UTF-8 text"
            continue
        problem = unsafe_character(name) or unsafe_character(value)
        if problem:
            yield name if unsafe_character(name) is None else "query", problem


def _json_problems(value: Any, where: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        problem = unsafe_character(value)
        if problem:
            yield where or "body", problem
    elif isinstance(value, dict):
        for key, item in value.items():
            inner = f"{where}.{key}" if where else str(key)
            problem = unsafe_character(str(key))
            if problem:
                yield where or "body", f"has a field name that {problem}"
            else:
                yield from _json_problems(item, inner)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _json_problems(item, f"{where}.{index}" if where else str(index))


def request_problems(request: HttpRequest) -> list[tuple[str, str]]:
    """Return (where, what) for every unstorable character in the request's address or JSON."""
    problems: list[tuple[str, str]] = []
    path_problem = unsafe_character(request.path_info)
    if path_problem:
        problems.append(("address", path_problem))
    query = request.META.get("QUERY_STRING", "")
    if query:
        # WSGI hands the query string over as latin-1: get its bytes back, then decode strictly
        try:
            raw = query.encode("latin-1")
        except UnicodeEncodeError:
            raw = query.encode("utf-8", errors="surrogatepass")
        problems.extend(_query_problems(raw))
    content_type = request.META.get("CONTENT_TYPE", "")
    if "json" in content_type and request.method not in ("GET", "HEAD"):
        try:
            document = json.loads(request.body)
        except (ValueError, UnicodeDecodeError):
            document = None  # the API answers a body that is not JSON with its own 400
        except RequestDataTooBig:
            document = None  # the view refuses it (413 on the API) when it reads the body
        if document is not None:
            problems.extend(_json_problems(document, ""))
    return problems


def refusal(request: HttpRequest, problems: list[tuple[str, str]]) -> HttpResponse:
    """Answer 400 naming each place at fault: JSON for the API, a page for people."""
    summary = "; ".join(f"{where}: {what}" for where, what in problems)
    detail = f"The request is not valid: {summary}"
    if request.path_info.startswith("/api/"):
        errors = [
            error_at([int(p) if p.isdigit() else p for p in where.split(".")], what)
            for where, what in problems
        ]
        return problem_response(
            status=400,
            detail=detail,
            code="invalid_input",
            field=errors[0].field,
            errors=errors,
        )
    return render(request, "400.html", {"detail": detail, "problems": problems}, status=400)


class InputGuardMiddleware:
    """Refuse with 400 a request whose address or JSON body holds text no database can store."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        problems = request_problems(request)
        if problems:
            return refusal(request, problems)
        return self.get_response(request)
