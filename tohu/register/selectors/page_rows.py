"""Read the listings on one page of results with one statement written once per database.

A results page shows the same few columns of a listing, its current version and its developer
(`LIST_COLUMNS`). Asking the ORM for them with `select_related` and `only` means compiling that
query again on every search, which costs about as much as running it. The statement here is
built once per database: it joins the page's ids (the search's own subquery, sorted and cut to
the page) to those columns and sorts them again the same way. Its rows become the model
instances the ORM would give: each value goes through the database's and the field's
converters, the developer and the current version are cached on the listing as
`select_related` caches them, and every other field is deferred (read on first use).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Model

from tohu.organisations.models import Organisation
from tohu.register.models import MicroCredential, MicroCredentialVersion
from tohu.register.search import SEARCH_RANK
from tohu.register.selectors.criteria import Sort

Converter = Callable[[Any, Any, Any], Any]

# What a results page reads, as ORM paths (what `QuerySet.only` would take): the source of the
# statement's columns below, and what the tests load through the ORM to compare with it.
LIST_COLUMNS = (
    "listing_number",
    "status",
    "listed_on",
    "status_changed_on",
    "expiring_end_date",
    "discontinued_on",
    "next_review_due",
    "te_hono",
    "developer__slug",
    "developer__name",
    "developer__name_mi",
    "current_version__number",
    "current_version__title",
    "current_version__title_mi",
    "current_version__level",
    "current_version__credits",
    "current_version__nzsced_code",
)


@dataclass(frozen=True)
class _Part:
    """One model's share of a row: its fields in column order and their converters."""

    model: type[Model]
    attnames: tuple[str, ...]
    converters: tuple[tuple[int, tuple[Converter, ...], Any], ...]


# Each order as `listings._ORDERINGS` has it, in SQL over the page: `p` is the page's ids (and
# rank), `m` the listing, `v` its current version. Tests compare every order with the ORM's.
_BY_LISTING_NUMBER = "LENGTH(m.listing_number) ASC, m.listing_number ASC"
ORDER_BY = {
    Sort.RELEVANCE: f"p.{SEARCH_RANK} ASC, {_BY_LISTING_NUMBER}",
    Sort.TITLE: f"LOWER(v.title) ASC, {_BY_LISTING_NUMBER}",
    Sort.NEWEST: f"m.listed_on DESC, {_BY_LISTING_NUMBER}",
    Sort.LEVEL: f"v.level ASC, {_BY_LISTING_NUMBER}",
    Sort.CREDITS: f"v.credits ASC, {_BY_LISTING_NUMBER}",
    Sort.LISTING_NUMBER: _BY_LISTING_NUMBER,
}
_PAGE = "<page>"
_ORDER = "<order>"
_RANK = "<rank>"


@dataclass(frozen=True)
class _Statement:
    # _PAGE stands for the page's ids subquery, _ORDER for its order, _RANK for its rank column
    sql: str
    parts: tuple[_Part, _Part, _Part]


_STATEMENTS: dict[str, _Statement] = {}


def _field_names(prefix: str) -> list[str]:
    return [path.removeprefix(prefix) for path in LIST_COLUMNS if path.startswith(prefix)]


def _part(model: type[Model], names: Sequence[str]) -> _Part:
    # `Model.from_db` takes the values of the fields it is given in the model's own field order
    wanted = {model._meta.get_field(name) for name in names}
    fields = [field for field in model._meta.concrete_fields if field in wanted]
    assert len(fields) == len(wanted), f"{model.__name__}: {names} are not all columns"
    converters = []
    for position, field in enumerate(fields):
        column = field.get_col(model._meta.db_table)
        found = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
        if found:
            converters.append((position, tuple(found), column))
    return _Part(model, tuple(f.attname for f in fields), tuple(converters))


def _statement() -> _Statement:
    if connection.vendor in _STATEMENTS:
        return _STATEMENTS[connection.vendor]
    plain = [name for name in LIST_COLUMNS if "__" not in name]
    listing = _part(MicroCredential, ["id", "developer", "current_version", *plain])
    developer = _part(Organisation, ["id", *_field_names("developer__")])
    version = _part(MicroCredentialVersion, ["id", *_field_names("current_version__")])
    quote = connection.ops.quote_name
    columns = ", ".join(
        f"{alias}.{quote(name)}"
        for alias, part in (("m", listing), ("o", developer), ("v", version))
        for name in part.attnames
    )
    sql = (
        f"SELECT {columns}{_RANK} FROM ({_PAGE}) p "  # noqa: S608
        f"INNER JOIN {quote(MicroCredential._meta.db_table)} m ON m.id = p.pk "
        f"INNER JOIN {quote(Organisation._meta.db_table)} o ON o.id = m.developer_id "
        f"LEFT OUTER JOIN {quote(MicroCredentialVersion._meta.db_table)} v "
        f"ON v.id = m.current_version_id ORDER BY {_ORDER}"
    )
    _STATEMENTS[connection.vendor] = _Statement(sql, (listing, developer, version))
    return _STATEMENTS[connection.vendor]


def _instance(part: _Part, values: list[Any]) -> Model:
    for position, converters, column in part.converters:
        for convert in converters:
            values[position] = convert(values[position], column, connection)
    return part.model.from_db(connection.alias, list(part.attnames), values)


def listings_on_page(
    page_sql: str, page_params: Sequence[Any], sort: Sort
) -> list[MicroCredential]:
    """Return the listings a page's ids subquery selects, in `sort`'s order.

    The subquery is the search's own SQL (`values("pk")`, with the rank for relevance), already
    sorted and cut to the page; its parameters stay bound, nothing from it is pasted in but SQL.
    Ranked listings carry their rank as the ORM's would (`search_rank`), for the next page's
    cursor.
    """
    statement = _statement()
    listing_part, developer_part, version_part = statement.parts
    ranked = sort is Sort.RELEVANCE
    sql = (
        statement.sql.replace(_PAGE, page_sql, 1)
        .replace(_ORDER, ORDER_BY[sort], 1)
        .replace(_RANK, f", p.{SEARCH_RANK}" if ranked else "", 1)
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, list(page_params))
        rows = cursor.fetchall()
    listings = []
    first_developer = len(listing_part.attnames)
    first_version = first_developer + len(developer_part.attnames)
    for row in rows:
        listing = _instance(listing_part, list(row[:first_developer]))
        assert isinstance(listing, MicroCredential)
        developer = _instance(developer_part, list(row[first_developer:first_version]))
        if ranked:
            setattr(listing, SEARCH_RANK, row[-1])
            row = row[:-1]
        version_values = list(row[first_version:])
        version = None if version_values[0] is None else _instance(version_part, version_values)
        MicroCredential.developer.field.set_cached_value(listing, developer)
        MicroCredential.current_version.field.set_cached_value(listing, version)
        listings.append(listing)
    return listings
