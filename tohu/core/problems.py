"""Problem details (RFC 9457): the one shape of every error the API answers.

Every 4xx from /api/v1/ is `application/problem+json` with `type`, `title`, `status` and `detail`,
plus Tohu's `code`, `rule_id` and `field`, and for bad input an `errors` list whose items say where
(row, column), what was sent (value), which rule (rule_id) and what is wrong (message). The
OpenAPI document describes it once, as `ProblemOut`, and every operation lists the statuses it can
answer with it (see `document_error_responses`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.utils.translation import gettext_lazy
from ninja import Field, Schema
from pydantic import ConfigDict

from tohu.core.site import absolute_url
from tohu.rulebook.problems import Problem

MEDIA_TYPE = "application/problem+json"
MAX_VALUE_LENGTH = 200

TITLES = {
    400: gettext_lazy("The request is not valid"),
    401: gettext_lazy("An API key is needed"),
    403: gettext_lazy("Not allowed"),
    404: gettext_lazy("Not found"),
    405: gettext_lazy("Method not allowed"),
    409: gettext_lazy("Conflict"),
    413: gettext_lazy("The request is too large"),
    422: gettext_lazy("The content breaks a rule"),
    429: gettext_lazy("Too many requests"),
}


CODES = {
    400: "invalid_input",
    401: "unauthenticated",
    403: "not_allowed",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    422: "rejected",
    429: "throttled",
}


class ProblemErrorOut(Schema):
    """One thing wrong with the input: where it is, what was sent and which rule it breaks."""

    row: int | None = Field(
        None, description="The row (results file) or list item (API), from 1; null for a field."
    )
    column: str = Field(description="The column, field or parameter at fault.")
    value: str | None = Field(None, description="The value sent, as text (cut at 200 characters).")
    rule_id: str | None = Field(None, description="The rule broken (docs: rules page), if any.")
    message: str = Field(description="What is wrong, in words fit to show a person.")


class ProblemOut(Schema):
    """An error, as RFC 9457 problem details (`application/problem+json`)."""

    model_config = ConfigDict(
        extra="allow",
        json_schema_extra={
            "examples": [
                {
                    "type": "https://tohu.example/api/v1/problems/invalid-input",
                    "title": "The request is not valid",
                    "status": 400,
                    "detail": "The request is not valid: level: must be from 1 to 10",
                    "code": "invalid_input",
                    "field": "level",
                    "errors": [
                        {
                            "row": None,
                            "column": "level",
                            "value": "11",
                            "rule_id": None,
                            "message": "must be from 1 to 10",
                        }
                    ],
                }
            ]
        },
    )

    type: str = Field(description="A URI naming the kind of problem.")
    title: str = Field(description="A short summary of the kind of problem.")
    status: int = Field(description="The HTTP status code.")
    detail: str = Field(description="What went wrong this time, in words fit to show a person.")
    code: str = Field(description="The kind of problem as a short word, e.g. not_found.")
    rule_id: str | None = Field(None, description="The rule at fault, if one is.")
    field: str | None = Field(None, description="The first field or parameter at fault, if any.")
    errors: list[ProblemErrorOut] = Field(
        default_factory=list, description="For bad input: every problem found, in order."
    )


def error_item(problem: Problem) -> dict[str, Any]:
    """One item of a problem's `errors` list (`ProblemErrorOut`): the field is its column."""
    return {
        "row": problem.row,
        "column": problem.field,
        "value": problem.value,
        "rule_id": problem.rule_id,
        "message": problem.message,
    }


def problem_type(code: str) -> str:
    """The `type` URI of a kind of problem."""
    return absolute_url(f"/api/v1/problems/{code.replace('_', '-')}")


def as_value(value: Any) -> str | None:
    """A sent value as text for `errors[].value`: None stays None, long text is cut."""
    if value is None:
        return None
    text = value if isinstance(value, str) else json.dumps(value, default=str, ensure_ascii=False)
    return text[:MAX_VALUE_LENGTH]


def problem_body(
    *,
    status: int,
    detail: str,
    code: str,
    rule_id: str | None = None,
    field: str | None = None,
    errors: Iterable[Problem] = (),
    extra: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": problem_type(code),
        "title": str(TITLES.get(status, gettext_lazy("Error"))),
        "status": status,
        "detail": detail,
        "code": code,
        "rule_id": rule_id,
        "field": field,
        "errors": [error_item(e) for e in errors],
    }
    return {**body, **(extra or {})}


def problem_response(
    *,
    status: int,
    detail: str,
    code: str,
    rule_id: str | None = None,
    field: str | None = None,
    errors: Iterable[Problem] = (),
    extra: Mapping[str, Any] | None = None,
    headers: Mapping[str, str] | None = None,
) -> HttpResponse:
    """An `application/problem+json` answer."""
    body = problem_body(
        status=status,
        detail=detail,
        code=code,
        rule_id=rule_id,
        field=field,
        errors=errors,
        extra=extra,
    )
    content = json.dumps(body, cls=DjangoJSONEncoder, ensure_ascii=False)
    response = HttpResponse(content, status=status, content_type=MEDIA_TYPE)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def error_at(path: Sequence[str | int], message: str, value: Any = None) -> Problem:
    """A problem at a path in the body or query: `completions.3.nsn` is row 4, column nsn."""
    parts = list(path)
    rows = [i for i, part in enumerate(parts) if isinstance(part, int)]
    row = None
    if rows and not isinstance(parts[-1], int):
        row = int(parts[rows[0]]) + 1
        parts = parts[rows[0] + 1 :]
    column = ".".join(str(part) for part in parts) or "request"
    return Problem(None, message, field=column, row=row, value=as_value(value))


def errors_from_validation(items: Sequence[Mapping[str, Any]]) -> list[Problem]:
    """pydantic's errors as problem errors: `completions.3.grade` is row 4, column grade."""
    found = []
    for item in items:
        source, *location = item.get("loc", ("body",))
        if source == "body" and len(location) > 1:
            # ninja puts the view's parameter name (payload, report, ...) first: not the sender's
            location = location[1:]
        rows = [i for i, part in enumerate(location) if isinstance(part, int)]
        row = None
        if rows and location and not isinstance(location[-1], int):
            row = int(location[rows[0]]) + 1
            location = location[rows[0] + 1 :]
        column = ".".join(str(part) for part in location) or "request"
        found.append(
            Problem(
                None,
                str(item.get("msg", "is not valid")),
                field=column,
                row=row,
                value=as_value(item.get("input")) if item.get("type") != "missing" else None,
            )
        )
    return found


# ---------------------------------------------------------------------------------------------
# The OpenAPI document: every operation names each problem it can answer.

DESCRIPTIONS = {
    400: "The request is not valid: `errors` names each field or parameter at fault.",
    401: "No API key, or one that is unknown, revoked or expired.",
    403: "The key or person may not do this.",
    404: "Not found, or not yours to see.",
    409: "The state changed underneath the request, or the request repeats a different one.",
    413: "The request body is larger than this endpoint accepts.",
    422: "The content breaks a rule: `errors` says which row, column, value and rule.",
    429: "Too many requests for this key: wait the seconds in `Retry-After`.",
}
WRITE_METHODS = frozenset({"post", "put", "patch", "delete"})


def _statuses(method: str, operation: Mapping[str, Any]) -> list[int]:
    statuses = {400, 429}
    if operation.get("security"):
        statuses |= {401, 403}
    if any(p.get("in") == "path" for p in operation.get("parameters", [])):
        statuses.add(404)
    if method in WRITE_METHODS:
        statuses |= {403, 409, 413, 422}
    return sorted(statuses)


def _example(status: int) -> dict[str, Any]:
    return problem_body(status=status, detail=DESCRIPTIONS[status], code=CODES[status])


def document_error_responses(schema: dict[str, Any]) -> dict[str, Any]:
    """Give every operation a problem response for each error status it can answer."""
    reference = {"$ref": "#/components/schemas/ProblemOut"}
    for path in schema.get("paths", {}).values():
        for method, operation in path.items():
            if method not in WRITE_METHODS | {"get", "head"}:
                continue
            responses = {str(c): r for c, r in operation.get("responses", {}).items()}
            operation["responses"] = responses
            declared = {int(code) for code in responses if code.isdigit()}
            for status in sorted(declared | set(_statuses(method, operation))):
                if status < 400:
                    continue
                responses[str(status)] = {
                    "description": DESCRIPTIONS.get(status, "An error."),
                    "content": {MEDIA_TYPE: {"schema": reference, "example": _example(status)}},
                    **(
                        {"headers": {"Retry-After": RETRY_AFTER}}
                        if status == 429
                        else {"headers": {"WWW-Authenticate": WWW_AUTHENTICATE}}
                        if status == 401
                        else {}
                    ),
                }
    return schema


RETRY_AFTER = {
    "description": "Seconds to wait before trying again.",
    "schema": {"type": "integer", "minimum": 1},
}
WWW_AUTHENTICATE = {
    "description": "How to authenticate: `Bearer`.",
    "schema": {"type": "string"},
}
