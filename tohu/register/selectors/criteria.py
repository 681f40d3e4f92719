"""Search criteria: what a search of the register may ask for, checked in one place.

The web page and the API both read their query strings through `search_criteria_from`, so a
mistake gets the same words in both (e.g. "level: must be a whole number from 1 to 10").
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from django.conf import settings
from django.utils.translation import gettext

from tohu.core import pagination
from tohu.core.errors import InvalidInput, Problem
from tohu.register import search
from tohu.register.models import ListingStatus
from tohu.rulebook import CREDITS, LEVELS

MAX_QUERY_LENGTH = 200
MAX_PAGE_SIZE = 100
MAX_PAGE = 1_000_000


class Sort(StrEnum):
    """The orders a search can come back in; each ends with the listing number."""

    RELEVANCE = "relevance"
    TITLE = "title"
    NEWEST = "-listed_on"
    LEVEL = "level"
    CREDITS = "credits"
    LISTING_NUMBER = "listing_number"


PARAMETERS = (
    "q",
    "level",
    "credits_min",
    "credits_max",
    "field",
    "developer",
    "provider",
    "status",
    "sort",
    "page",
    "page_size",
)
# The API pages by cursor (tohu.core.pagination), the page for people by page number.
API_PARAMETERS = (*PARAMETERS[:-2], "updated_since", "cursor", "limit")
MULTIPLE = frozenset({"level", "status"})


@dataclass(frozen=True)
class SearchCriteria:
    """A checked search of the register; build one with `search_criteria_from`."""

    q: str = ""
    levels: tuple[int, ...] = ()
    credits_min: int | None = None
    credits_max: int | None = None
    field: str = ""
    developer: str = ""
    provider: str = ""
    statuses: tuple[str, ...] = ()
    sort: Sort | None = None
    page: int = 1
    page_size: int = 20
    updated_since: datetime | None = None
    # where a cursor's page starts: the last row before it, as `Position` (API only)
    after: Position | None = None

    @property
    def terms(self) -> tuple[str, ...]:
        return search.search_terms(self.q)

    @property
    def is_browse(self) -> bool:
        """True when nothing narrows the register: no words and no filters, only an order."""
        return self == SearchCriteria(
            sort=self.sort, page=self.page, page_size=self.page_size, after=self.after
        )

    @property
    def is_words_only(self) -> bool:
        """True when words are all that narrows the register: no filters."""
        plain = SearchCriteria(
            q=self.q, sort=self.sort, page=self.page, page_size=self.page_size, after=self.after
        )
        return bool(self.q) and self == plain

    @property
    def effective_sort(self) -> Sort:
        """Relevance needs words to rank by; without them the newest listings come first."""
        if self.sort is None or (self.sort is Sort.RELEVANCE and not self.q):
            return Sort.RELEVANCE if self.q else Sort.NEWEST
        return self.sort

    def query_items(self, *, page: int | None = None) -> list[tuple[str, str]]:
        """Return the criteria as query-string pairs (defaults left out), on another page."""
        pairs: list[tuple[str, str]] = [("q", self.q)] if self.q else []
        pairs += [("level", str(level)) for level in self.levels]
        for name in ("credits_min", "credits_max", "field", "developer", "provider"):
            value = getattr(self, name)
            if value not in (None, ""):
                pairs.append((name, str(value)))
        pairs += [("status", status) for status in self.statuses]
        if self.sort is not None:
            pairs.append(("sort", self.sort.value))
        page = self.page if page is None else page
        if page != 1:
            pairs.append(("page", str(page)))
        if self.page_size != default_page_size():
            pairs.append(("page_size", str(self.page_size)))
        return pairs

    def on_page(self, page: int) -> SearchCriteria:
        return replace(self, page=page)


@dataclass(frozen=True)
class Position:
    """The last listing of a page in its order: the sort's key (none when the order is the
    listing number alone) and the listing number, unique, that breaks ties. The cursor of the
    next page holds it, signed (`tohu.core.pagination.sign_position`).

    The key is what the order compares: the relevance score, the title as listed (the database
    lower-cases both sides alike), the day listed, the level or the credits.
    """

    sort: Sort
    key: float | str | date | int | None
    listing_number: str

    def cursor(self) -> str:
        key = self.key.isoformat() if isinstance(self.key, date) else self.key
        return pagination.sign_position(
            {"sort": self.sort.value, "key": key, "after": self.listing_number}
        )


def _key_from(sort: Sort, raw: Any) -> float | str | date | int | None:
    """The sort key a cursor carries, as its order compares it; ValueError if it is not one."""
    if sort is Sort.LISTING_NUMBER:
        if raw is not None:
            raise ValueError(raw)
        return None
    if sort is Sort.RELEVANCE and isinstance(raw, int | float) and not isinstance(raw, bool):
        if not math.isfinite(raw):
            raise ValueError(raw)
        return float(raw)
    if sort is Sort.TITLE and isinstance(raw, str):
        return raw
    if sort is Sort.NEWEST and isinstance(raw, str):
        return date.fromisoformat(raw)
    if sort in (Sort.LEVEL, Sort.CREDITS) and isinstance(raw, int) and not isinstance(raw, bool):
        return raw
    raise ValueError(raw)


def position_from(cursor: str, sort: Sort) -> Position:
    """The position a cursor of `Position.cursor` holds, for a search in `sort` order.

    ValueError for a cursor not made here, or made for another order.
    """
    value = pagination.read_position(cursor)
    if value.get("sort") != sort.value:
        raise ValueError("was made for another order: use the `next` address as given")
    number = value.get("after")
    if not isinstance(number, str) or not _LISTING_NUMBER.fullmatch(number):
        raise ValueError(pagination.NOT_A_CURSOR)
    try:
        key = _key_from(sort, value.get("key"))
    except (TypeError, ValueError):
        raise ValueError(pagination.NOT_A_CURSOR) from None
    return Position(sort, key, number)


def default_page_size() -> int:
    return min(int(settings.TOHU_SEARCH_PAGE_SIZE), MAX_PAGE_SIZE)


# ---------------------------------------------------------------------------------------------
# Parsing: one validator for the web form and the API.

_WHOLE_NUMBER = re.compile(r"[0-9]{1,9}")
_LISTING_NUMBER = re.compile(r"[0-9A-Za-z-]{1,12}")
_SLUG = re.compile(r"[-a-zA-Z0-9_]{1,80}")
_FIELD_CODE = re.compile(r"[0-9]{2}(?:[0-9]{2}){0,2}")


class _Problems:
    """Collect problems with the search parameters, one per field at most."""

    def __init__(self) -> None:
        self.found: dict[str, str] = {}

    def add(self, name: str, message: str) -> None:
        self.found.setdefault(name, message)

    def raise_if_any(self) -> None:
        if not self.found:
            return
        problems = [Problem(None, text, field=name) for name, text in self.found.items()]
        summary = "; ".join(f"{p.field}: {p.message}" for p in problems)
        raise InvalidInput(
            gettext("The search is not valid: %(summary)s") % {"summary": summary},
            field=problems[0].field,
            problems=problems,
        )


def _whole_number(raw: str, allowed: range, name: str, problems: _Problems) -> int | None:
    text = raw.strip()
    if _WHOLE_NUMBER.fullmatch(text) and int(text) in allowed:
        return int(text)
    problems.add(name, f"must be a whole number from {allowed.start} to {allowed.stop - 1}")
    return None


def _values(params: Mapping[str, Sequence[str]], name: str) -> list[str]:
    return [value for value in params.get(name, []) if value.strip()]


def _single(params: Mapping[str, Sequence[str]], name: str, problems: _Problems) -> str | None:
    values = _values(params, name)
    if len(values) > 1:
        problems.add(name, "give one value only")
        return None
    return values[0].strip() if values else None


def _check_unknown(
    params: Mapping[str, Sequence[str]], known: Sequence[str], problems: _Problems
) -> None:
    for name in params:
        if name not in known:
            problems.add(name, f"is not a search filter (use {', '.join(known)})")


def _parse_text(params: Mapping[str, Sequence[str]], problems: _Problems) -> str:
    values = _values(params, "q")
    if len(values) > 1:
        problems.add("q", "give one value only")
        return ""
    text = " ".join(values[0].split()) if values else ""
    if len(text) > MAX_QUERY_LENGTH:
        problems.add("q", f"must be at most {MAX_QUERY_LENGTH} characters")
        return ""
    return text


def _parse_levels(params: Mapping[str, Sequence[str]], problems: _Problems) -> tuple[int, ...]:
    levels = {_whole_number(raw, LEVELS, "level", problems) for raw in _values(params, "level")}
    return tuple(sorted(level for level in levels if level is not None))


def _parse_credits(
    params: Mapping[str, Sequence[str]], problems: _Problems
) -> tuple[int | None, int | None]:
    bounds: list[int | None] = []
    for name in ("credits_min", "credits_max"):
        raw = _single(params, name, problems)
        bounds.append(None if raw is None else _whole_number(raw, CREDITS, name, problems))
    low, high = bounds
    if low is not None and high is not None and low > high:
        problems.add("credits_min", "must not be more than credits_max")
    return low, high


def _parse_pattern(
    params: Mapping[str, Sequence[str]],
    name: str,
    pattern: re.Pattern[str],
    message: str,
    problems: _Problems,
) -> str:
    raw = _single(params, name, problems)
    if raw is None:
        return ""
    if not pattern.fullmatch(raw):
        problems.add(name, message)
        return ""
    return raw


def _parse_statuses(params: Mapping[str, Sequence[str]], problems: _Problems) -> tuple[str, ...]:
    known = [status.value for status in ListingStatus]
    chosen: list[str] = []
    for raw in _values(params, "status"):
        status = raw.strip().lower()
        if status not in known:
            problems.add("status", f"must be one of {', '.join(known)}")
        elif status not in chosen:
            chosen.append(status)
    return tuple(chosen)


def _parse_sort(params: Mapping[str, Sequence[str]], problems: _Problems) -> Sort | None:
    raw = _single(params, "sort", problems)
    if raw is None:
        return None
    try:
        return Sort(raw)
    except ValueError:
        problems.add("sort", f"must be one of {', '.join(sort.value for sort in Sort)}")
        return None


def _parse_paging(params: Mapping[str, Sequence[str]], problems: _Problems) -> tuple[int, int]:
    raw_page = _single(params, "page", problems)
    raw_size = _single(params, "page_size", problems)
    page = (
        1 if raw_page is None else _whole_number(raw_page, range(1, MAX_PAGE + 1), "page", problems)
    )
    size = (
        default_page_size()
        if raw_size is None
        else _whole_number(raw_size, range(1, MAX_PAGE_SIZE + 1), "page_size", problems)
    )
    return page or 1, size or default_page_size()


def _parse_updated_since(
    params: Mapping[str, Sequence[str]], problems: _Problems
) -> datetime | None:
    raw = _single(params, "updated_since", problems)
    if raw is None:
        return None
    try:
        return pagination.in_utc(datetime.fromisoformat(raw))
    except ValueError as error:
        message = str(error) if "zone" in str(error) or "range" in str(error) else ""
        problems.add(
            "updated_since",
            message or "must be a time in ISO 8601 with its zone, e.g. 2026-05-01T00:00:00+12:00",
        )
        return None


def _parse_cursor(
    params: Mapping[str, Sequence[str]], sort: Sort, problems: _Problems
) -> tuple[int, Position | None]:
    """The limit and the position a cursor search starts after (none for the first page)."""
    raw_limit = _single(params, "limit", problems)
    limit = (
        default_page_size()
        if raw_limit is None
        else _whole_number(raw_limit, range(1, MAX_PAGE_SIZE + 1), "limit", problems)
    )
    raw_cursor = _single(params, "cursor", problems)
    position = None
    if raw_cursor is not None:
        try:
            position = position_from(raw_cursor, sort)
        except ValueError as error:
            problems.add("cursor", str(error))
    return limit or default_page_size(), position


def search_criteria_from(
    params: Mapping[str, Sequence[str]], *, by_cursor: bool = False
) -> SearchCriteria:
    """Check search parameters (name to list of values, as `QueryDict.lists()` gives them).

    Blank values count as absent. Raise InvalidInput naming every parameter at fault. The page
    for people pages by number (`page`, `page_size`); the API, `by_cursor`, takes `cursor`,
    `limit` and `updated_since` instead (`API_PARAMETERS`).
    """
    problems = _Problems()
    _check_unknown(params, API_PARAMETERS if by_cursor else PARAMETERS, problems)
    q = _parse_text(params, problems)
    levels = _parse_levels(params, problems)
    credits_min, credits_max = _parse_credits(params, problems)
    field_code = _parse_pattern(
        params, "field", _FIELD_CODE, "must be an NZSCED code of 2, 4 or 6 digits", problems
    )
    slug_message = "must be an organisation's short name (letters, digits and hyphens)"
    developer = _parse_pattern(params, "developer", _SLUG, slug_message, problems)
    provider = _parse_pattern(params, "provider", _SLUG, slug_message, problems)
    statuses = _parse_statuses(params, problems)
    sort = _parse_sort(params, problems)
    updated_since, after = None, None
    if by_cursor:
        page = 1
        effective = SearchCriteria(q=q, sort=sort).effective_sort
        page_size, after = _parse_cursor(params, effective, problems)
        updated_since = _parse_updated_since(params, problems)
    else:
        page, page_size = _parse_paging(params, problems)
    problems.raise_if_any()
    return SearchCriteria(
        q=q,
        levels=levels,
        credits_min=credits_min,
        credits_max=credits_max,
        field=field_code,
        developer=developer,
        provider=provider,
        statuses=statuses,
        sort=sort,
        page=page,
        page_size=page_size,
        updated_since=updated_since,
        after=after,
    )
