"""A large import never keeps others waiting, and a killed one leaves nothing behind (SQLite).

Each runs bench/ingest_under_load.py at a small scale: real processes on an SQLite file of their
own (the suite's in-memory database cannot be shared between processes). `make bench` runs the
same at 1,000,000 rows, on PostgreSQL too.
"""

from __future__ import annotations

from bench import ingest_under_load

ROWS = 20_000


def test_an_import_runs_while_others_sign_in_open_links_and_report_without_an_error() -> None:
    figures = ingest_under_load.under_load("sqlite", ROWS, clients=3, baseline=3.0)
    imported, requests, alone = figures["import"], figures["requests"], figures["alone"]
    assert (imported["status"], imported["recorded"], imported["visible"]) == (
        "recorded",
        ROWS,
        ROWS,
    )
    # no write transaction of the import held the database for as long as a second
    assert 0 < imported["longest_write_s"] < ingest_under_load.TARGET_WRITE_S
    for kind, found in requests.items():
        assert found["requests"] > 0, kind
        assert (kind, found["errors"], found["error_kinds"]) == (kind, 0, [])
    # the same clients alone first, warmed up, for the figures to be read against
    assert set(alone) == set(requests)
    for kind, found in alone.items():
        assert found["requests"] > 0, kind
        assert (kind, found["errors"], found["error_kinds"]) == (kind, 0, [])


def test_imports_killed_at_random_points_lose_and_double_nothing() -> None:
    figures = ingest_under_load.killed_at_random("sqlite", ROWS, kills=3, seed=13)
    assert figures["kills"]
    for check in figures["kills"]:
        assert check["unfinished"] == 0, check
        assert check["left_behind"] == 0, check
        assert check["doubled"] == 0, check
        # all or nothing: killed before its last transaction, none; after it, every row
        assert check["visible"] in (0, ROWS), check
    assert figures["final_exit"] == 0
    final = figures["final"]
    assert (final["visible"], final["doubled"], final["unfinished"]) == (ROWS, 0, 0)
