"""An import holds SQLite to a small page cache and no memory map, and gives them back after."""

from __future__ import annotations

import pytest
from django.db import connection

from tohu.achievements.services import staging


def pragma(name: str) -> int | None:
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA {name}")
        row = cursor.fetchone()
    # an in-memory database (the test database) has no memory map to report
    return None if row is None else int(row[0])


@pytest.mark.django_db
def test_an_import_runs_with_a_small_cache_and_restores_the_settings() -> None:
    if connection.vendor != "sqlite":
        pytest.skip("page cache and memory map are SQLite settings")
    before = (pragma("cache_size"), pragma("mmap_size"))
    assert before[0] == -65536  # as tohu.settings sets it
    with staging.import_memory():
        assert pragma("cache_size") == -staging.IMPORT_CACHE_KIB
        assert pragma("mmap_size") in (0, None)
    assert (pragma("cache_size"), pragma("mmap_size")) == before


@pytest.mark.django_db
def test_the_settings_come_back_when_the_import_fails() -> None:
    if connection.vendor != "sqlite":
        pytest.skip("page cache and memory map are SQLite settings")
    before = (pragma("cache_size"), pragma("mmap_size"))
    with pytest.raises(RuntimeError), staging.import_memory():
        raise RuntimeError("the file could not be read")
    assert (pragma("cache_size"), pragma("mmap_size")) == before
