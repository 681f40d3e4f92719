"""SQLite table hints: they reach SQLite's SQL wherever the query goes, change no result, and
never reach PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import DatabaseError, connection
from django.db.models import Count, QuerySet
from django.test.utils import CaptureQueriesContext

from tests.factories import OrganisationFactory
from tohu.core.sqlite_hints import indexed_by, not_indexed
from tohu.organisations.models import Organisation

pytestmark = pytest.mark.django_db

ON_SQLITE = connection.vendor == "sqlite"


@pytest.fixture
def organisations() -> list[Organisation]:
    return [OrganisationFactory.create(name=f"Org {n}", slug=f"org-{n:02}") for n in range(12)]


def sql_of(queryset: QuerySet[Any, Any]) -> list[str]:
    """Run the query afresh and return the SQL it sent."""
    with CaptureQueriesContext(connection) as captured:
        list(queryset.all())
    return [query["sql"] for query in captured]


def test_not_indexed_changes_no_result_through_filter_values_slice_and_count(
    organisations: list[Organisation],
) -> None:
    plain = Organisation.objects.filter(slug__gte="org-03").order_by("-slug")
    hinted = not_indexed(Organisation.objects.filter(slug__gte="org-03")).order_by("-slug")
    assert list(hinted) == list(plain)
    assert list(hinted.values_list("slug", flat=True)[2:5]) == ["org-09", "org-08", "org-07"]
    assert hinted.count() == plain.count() == 9
    assert hinted.aggregate(n=Count("pk")) == {"n": 9}


def test_the_hint_follows_the_query_and_leaves_the_original_alone(
    organisations: list[Organisation],
) -> None:
    base = Organisation.objects.filter(slug__startswith="org-")
    hinted = not_indexed(base).filter(name__startswith="Org").values("pk")[:3]
    [sql] = sql_of(hinted)
    assert ("NOT INDEXED" in sql) is ON_SQLITE
    [plain_sql] = sql_of(base)
    assert "INDEXED" not in plain_sql
    with CaptureQueriesContext(connection) as captured:
        assert not_indexed(base).count() == 12
    assert ("NOT INDEXED" in captured[0]["sql"]) is ON_SQLITE


def test_a_hinted_subquery_keeps_its_hint_after_its_alias(
    organisations: list[Organisation],
) -> None:
    # inside another query the table is renamed (U0): the hint has to follow the new alias
    inner = not_indexed(Organisation.objects.filter(slug__lte="org-02")).values("pk")
    outer = Organisation.objects.filter(pk__in=inner).order_by("slug")
    assert [o.slug for o in outer] == ["org-00", "org-01", "org-02"]
    [sql] = sql_of(outer)
    assert ('"organisations_organisation" U0 NOT INDEXED' in sql) is ON_SQLITE


def an_index_of_organisations() -> str:
    """A real index on the table, by name (SQLite's; PostgreSQL is never told one)."""
    if not ON_SQLITE:
        return "organisations_organisation_slug_key"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = %s",
            ["organisations_organisation"],
        )
        names = sorted(str(row[0]) for row in cursor.fetchall())
        return next(name for name in names if name.isidentifier())


def test_indexed_by_reaches_sqlite_alone_which_refuses_an_index_it_does_not_have(
    organisations: list[Organisation],
) -> None:
    through = indexed_by(Organisation.objects.all(), an_index_of_organisations()).order_by("slug")
    assert [o.slug for o in through] == [f"org-{n:02}" for n in range(12)]
    [sql] = sql_of(through)
    assert ("INDEXED BY" in sql) is ON_SQLITE
    missing = indexed_by(Organisation.objects.all(), "no_such_index")
    if ON_SQLITE:
        with pytest.raises(DatabaseError, match="no such index"):
            list(missing)
    else:
        # PostgreSQL never sees the hint, so the name it gives is never looked for
        [missing_sql] = sql_of(missing)
        assert "INDEXED" not in missing_sql
        assert missing.count() == 12


def test_an_index_name_is_an_identifier_never_sql() -> None:
    with pytest.raises(ValueError, match="Not an index name"):
        indexed_by(Organisation.objects.all(), "x; DROP TABLE organisations_organisation")
