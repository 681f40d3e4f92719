"""Tell SQLite how to read a query's main table: `NOT INDEXED` or `INDEXED BY <index>`.

SQLite's planner keeps no statistics on how many rows a filter keeps (it is built without STAT4),
and a few register searches need a plan it cannot know is better. The hint goes on the query's
base table through Django's own per-database compile hook (`as_sqlite`), so it follows the query
through every later `filter`, `values`, slice, count and download, and PostgreSQL never sees it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from django.db.models import Model, QuerySet
from django.db.models.sql.datastructures import BaseTable

if TYPE_CHECKING:
    from django.db.backends.base.base import BaseDatabaseWrapper
    from django.db.models.sql.compiler import SQLCompiler

M = TypeVar("M", bound=Model)


class HintedTable(BaseTable):
    """The base table, written with an SQLite hint after its name and alias."""

    def __init__(self, table_name: str, alias: str | None, hint: str) -> None:
        super().__init__(table_name, alias)
        self.hint = hint

    def as_sqlite(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper
    ) -> tuple[str, Sequence[Any]]:
        sql, params = self.as_sql(compiler, connection)
        return f"{sql} {self.hint}", params

    def relabeled_clone(self, change_map: dict[str | None, str]) -> HintedTable:
        alias = change_map.get(self.table_alias, self.table_alias)
        return HintedTable(self.table_name, alias, self.hint)

    @property
    def identity(self) -> tuple[Any, ...]:
        return (type(self), self.table_name, self.table_alias, self.hint)


def _hinted(queryset: QuerySet[M], hint: str) -> QuerySet[M]:
    hinted = queryset.all()  # a copy, with an alias map of its own
    query = hinted.query
    alias = query.get_initial_alias()
    query.alias_map[alias] = HintedTable(query.alias_map[alias].table_name, alias, hint)
    return hinted


def not_indexed(queryset: QuerySet[M]) -> QuerySet[M]:
    """Read the main table by its rowid only: never drive the query from one of its indexes."""
    return _hinted(queryset, "NOT INDEXED")


def indexed_by(queryset: QuerySet[M], index: str) -> QuerySet[M]:
    """Read the main table through this one index (SQLite fails the query if it cannot)."""
    if not index.isidentifier():
        raise ValueError(f"Not an index name: {index!r}")
    return _hinted(queryset, f"INDEXED BY {index}")
