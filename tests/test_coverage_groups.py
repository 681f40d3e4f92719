"""The coverage bound holds each part of the measured code on its own (tests/coverage_groups.py):
the parts are exactly the measured set, each measured file is in one part, and a part just under
the bound fails as `coverage report` would fail it."""

from __future__ import annotations

import tomllib
from pathlib import Path

from coverage.files import GlobMatcher, prep_patterns

from tests.coverage_groups import GROUPS, below_bound

ROOT = Path(__file__).resolve().parent.parent


def _report_config() -> dict[str, object]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    report: dict[str, object] = config["tool"]["coverage"]["report"]
    return report


def test_the_parts_together_are_exactly_the_measured_set() -> None:
    patterns = [pattern for part in GROUPS.values() for pattern in part]
    assert len(patterns) == len(set(patterns))
    include = _report_config()["include"]
    assert isinstance(include, list)
    assert sorted(patterns) == sorted(include)


def test_every_measured_file_is_in_exactly_one_part() -> None:
    matchers = {
        name: GlobMatcher(prep_patterns([str(ROOT / p) for p in part]), name)
        for name, part in GROUPS.items()
    }
    measured = [
        path for path in sorted((ROOT / "tohu").rglob("*.py")) if "migrations" not in path.parts
    ]
    counts = dict.fromkeys(GROUPS, 0)
    for path in measured:
        parts = [name for name, matcher in matchers.items() if matcher.match(str(path))]
        assert len(parts) <= 1, (path, parts)
        for name in parts:
            counts[name] += 1
    # each part has files (a pattern that matched nothing would hold nothing to the bound)
    assert all(count > 0 for count in counts.values()), counts


def test_a_part_below_the_bound_fails_as_coverage_report_rounds_it() -> None:
    totals = {"rulebook": 99.9, "services": 94.94, "selectors": 94.95, "API": 100.0}
    assert below_bound(totals, 95.0, 1) == ["services"]
    assert below_bound({"services": 94.0, "API": 98.1}, 95.0, 1) == ["services"]
    assert below_bound({"services": 95.0}, 95.0, 1) == []


def test_the_bound_is_not_lowered() -> None:
    fail_under = _report_config()["fail_under"]
    assert isinstance(fail_under, int | float)
    assert fail_under >= 95
