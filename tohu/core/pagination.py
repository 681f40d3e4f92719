"""One way to page through every list the API serves: an opaque cursor and a limit.

A page is read by keyset (`id > the last id of the page before`, or after the last row's sort
keys for a list in another order: `sign_position`), so rows inserted while a client pages
through a list never shift what it has still to read: nothing is skipped and nothing comes
twice. The cursor is signed, so it is opaque and a changed one is refused (400).
The answer carries the next page's address twice: `next` in the body and `Link: rel="next"`.
`updated_since` keeps only what changed at or after a time, for a nightly sync.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any, TypeVar
from urllib.parse import urlencode

from django.core import signing
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.http import http_date
from django.utils.translation import gettext
from ninja import Field, Schema
from pydantic import field_validator

from tohu.core.errors import InvalidInput, Problem
from tohu.core.site import absolute_url

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
SALT = "tohu.api.cursor"
M = TypeVar("M", bound=Model)
UPDATED_SINCE_DESCRIPTION = (
    "Only items created or changed at or after this time (ISO 8601 with its zone, "
    "e.g. 2026-05-01T00:00:00+12:00)."
)
NOT_A_CURSOR = "is not a cursor from this API: use the `next` address as given"


class PageQuery(Schema):
    """The paging parameters every list takes."""

    cursor: str | None = Field(
        None, description="Opaque: the `cursor` of the `next` address of the page before."
    )
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Items per page.")
    updated_since: datetime | None = Field(None, description=UPDATED_SINCE_DESCRIPTION)

    @field_validator("updated_since")
    @classmethod
    def _in_utc(cls, value: datetime | None) -> datetime | None:
        return None if value is None else in_utc(value)


def in_utc(value: datetime) -> datetime:
    """`updated_since` in UTC; ValueError without a zone or out of range."""
    # the database takes zone offsets only up to 15:59: compare in UTC whatever was sent
    if value.tzinfo is None:
        raise ValueError("give the time with its zone, e.g. 2026-05-01T00:00:00+12:00")
    try:
        return value.astimezone(UTC)
    except OverflowError:
        raise ValueError("is out of range") from None


def sign_position(position: dict[str, Any]) -> str:
    """The opaque cursor of a keyset position (JSON values: the last row's sort keys)."""
    return signing.dumps(position, salt=SALT)


def read_position(cursor: str) -> dict[str, Any]:
    """The position a cursor of `sign_position` holds; ValueError for one not made here."""
    try:
        value = signing.loads(cursor, salt=SALT)
    except signing.BadSignature:
        raise ValueError(NOT_A_CURSOR) from None
    if not isinstance(value, dict):
        raise ValueError(NOT_A_CURSOR)
    return value


def encode_cursor(last_id: int) -> str:
    return sign_position({"after": last_id})


def decode_cursor(cursor: str | None) -> int:
    """The id the page starts after; 0 for the first page. A cursor not made here: 400."""
    if not cursor:
        return 0
    try:
        after = int(read_position(cursor)["after"])
    except (KeyError, TypeError, ValueError):
        problem = Problem(None, NOT_A_CURSOR, field="cursor")
        raise InvalidInput(
            gettext("The request is not valid: cursor: is not a cursor from this API."),
            field="cursor",
            problems=[problem],
        ) from None
    return max(0, after)


def keyset_page(queryset: QuerySet[M], query: PageQuery) -> tuple[list[M], str | None]:
    """One page of `queryset` in id order after the cursor, and the next page's cursor."""
    after = decode_cursor(query.cursor)
    rows = list(queryset.filter(pk__gt=after).order_by("pk")[: query.limit + 1])
    more = len(rows) > query.limit
    rows = rows[: query.limit]
    return rows, encode_cursor(rows[-1].pk) if more and rows else None


def next_url(request: HttpRequest, cursor: str | None) -> str | None:
    """The address of the next page: this request's with the cursor replaced."""
    if cursor is None:
        return None
    params = [(k, v) for k, values in request.GET.lists() for v in values if k != "cursor"]
    params.append(("cursor", cursor))
    return absolute_url(f"{request.path}?{urlencode(params)}")


def page_body(
    request: HttpRequest,
    response: HttpResponse,
    items: Sequence[Any],
    cursor: str | None,
    last_modified: datetime | None = None,
) -> dict[str, Any]:
    """The page's body, with `Link: rel="next"` and `Last-Modified` set on the response."""
    address = next_url(request, cursor)
    if address:
        response["Link"] = f'<{address}>; rel="next"'
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified.timestamp())
    return {"items": list(items), "next": address}


def page_schema(name: str, item: type[Schema]) -> type[Schema]:
    """The schema of a page of `item`: {"items": [...], "next": url or null}."""
    fields: dict[str, Any] = {
        "__annotations__": {"items": list[item], "next": str | None},  # type: ignore[valid-type]
        "next": Field(description="The next page's address; null on the last page."),
    }
    return type(name, (Schema,), fields)
