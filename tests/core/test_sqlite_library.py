"""The SQLite library: the chosen one is the one Django's connection runs on."""

from __future__ import annotations

import importlib.util
import os
import sys

import pytest
from django.db import connection
from django.db.backends.sqlite3 import base as django_sqlite

from tohu.core import sqlite_library
from tohu.core.env import ImproperSetting

pytestmark = pytest.mark.django_db


def test_the_connection_runs_on_the_library_chosen() -> None:
    # the module Django's SQLite backend bound when it was loaded (the stubs do not declare it)
    database = django_sqlite.Database  # type: ignore[attr-defined]
    if connection.vendor != "sqlite":
        # on PostgreSQL the settings choose no SQLite library: Python's own stays in place
        assert database.__name__ == sys.modules["sqlite3"].dbapi2.__name__ == "sqlite3.dbapi2"
        return
    chosen = os.environ.get("TOHU_SQLITE_LIBRARY") or "auto"
    wheel = importlib.util.find_spec("pysqlite3") is not None
    expected = "pysqlite3.dbapi2" if chosen == "auto" and wheel else "sqlite3.dbapi2"
    assert database.__name__ == expected
    with connection.cursor() as cursor:
        cursor.execute("SELECT sqlite_version()")
        assert cursor.fetchone()[0] == database.sqlite_version


def test_an_unknown_library_is_refused_by_name() -> None:
    with pytest.raises(ImproperSetting, match="TOHU_SQLITE_LIBRARY='sqlcipher' is not one of"):
        sqlite_library.choose("sqlcipher")
