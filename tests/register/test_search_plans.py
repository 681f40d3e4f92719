"""How SQLite runs a search with words: the full-text index drives, every listing is read by id.

SQLite keeps no statistics on how many rows a filter keeps, and newer releases (3.51) guess a
filter on status or developer to be narrow: left to itself, it reads the listings through that
index and runs the whole MATCH again for each one (4 s for "skills" among current listings, by
title, on 10,000 listings, against 5 ms). These tests read the plan SQLite chose for the count,
the page and the download of such searches, on whichever SQLite Tohu runs on (CI runs both).
PostgreSQL plans its own way, with statistics: there they check that no SQLite hint reaches it.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection

from tests.register.conftest import Register
from tohu.register.selectors import listings, search_criteria_from

FILTERS = [
    {},
    {"status": "current"},
    {"status": ["expiring", "discontinued"]},
    {"developer": "ringa-hora"},
    {"provider": "open-polytechnic"},
    {"level": "4"},
    {"field": "06"},
    {"credits_min": "5", "credits_max": "20"},
]
SORTS = ["relevance", "title", "credits", "-listed_on"]
FTS = "register_search_fts"
LISTINGS = re.compile(r"\b(?:SCAN|SEARCH) (?:register_microcredential|m)\b(?! USING COVERING)")


def plan(sql: str) -> list[tuple[int, int, str]]:
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
        return [(row[0], row[1], row[3]) for row in cursor.fetchall()]


def index_drives(steps: list[tuple[int, int, str]]) -> bool:
    """True when, in every loop that reads both, the full-text index is the outer one."""
    for fts_id, parent, _ in (step for step in steps if f" {FTS} " in f"{step[2]} "):
        listings_inside = [
            step_id for step_id, p, detail in steps if p == parent and LISTINGS.search(detail)
        ]
        if any(step_id < fts_id for step_id in listings_inside):
            return False
    return True


@pytest.mark.parametrize("sort", SORTS)
@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: "&".join(f) or "words")
def test_the_full_text_index_drives_the_count_page_and_download(
    register: Register, filters: dict[str, Any], sort: str, count_queries: Any
) -> None:
    query = {name: value if isinstance(value, list) else [value] for name, value in filters.items()}
    criteria = search_criteria_from({**query, "q": ["support"], "sort": [sort], "page_size": ["2"]})
    with count_queries() as captured:
        listings.micro_credential_search(user=None, criteria=criteria)
        list(listings.micro_credentials_matching(user=None, criteria=criteria))
    on_sqlite = connection.vendor == "sqlite"
    marker = f"{FTS} MATCH" if on_sqlite else "plainto_tsquery"
    statements = [q["sql"] for q in captured if marker in q["sql"]]
    assert statements, "the search read the full-text index"
    if not on_sqlite:
        assert not any("INDEXED" in sql for sql in statements)
        return
    for sql in statements:
        steps = plan(sql)
        assert any(FTS in detail for _, _, detail in steps)
        assert index_drives(steps), "\n".join(detail for _, _, detail in steps)
