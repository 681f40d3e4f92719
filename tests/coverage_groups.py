"""Hold each part of the measured code to the coverage bound on its own.

`make coverage` runs this after `coverage report`, on the data the suite just wrote (`.coverage`).
`coverage report` holds the rulebook, the services, the selectors and the API to `fail_under`
taken together; a large, well-covered part could then hide a weak one. This holds each of the
four to the same bound (`fail_under`, rounded as `coverage report` rounds it), prints one line
per part, and exits non-zero naming every part below it, with that part's files and missing
lines.

The parts' file patterns together must be exactly `[tool.coverage.report] include` in
pyproject.toml (`tests/test_coverage_groups.py` checks it), so a file is never measured overall
but left out of its part.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Mapping

import coverage
from coverage.exceptions import NoDataError
from coverage.results import should_fail_under

GROUPS: dict[str, tuple[str, ...]] = {
    "rulebook": ("tohu/rulebook/*",),
    "services": ("tohu/*/services.py", "tohu/*/services/*"),
    "selectors": ("tohu/*/selectors.py", "tohu/*/selectors/*"),
    "API": ("tohu/*/api*.py", "tohu/api.py"),
}


def below_bound(totals: Mapping[str, float], fail_under: float, precision: int) -> list[str]:
    """The parts whose total is under the bound, as `coverage report --fail-under` decides."""
    return [
        name for name, total in totals.items() if should_fail_under(total, fail_under, precision)
    ]


def main() -> int:
    cov = coverage.Coverage()
    cov.load()
    fail_under = float(cov.config.fail_under)
    precision = int(cov.config.precision)
    totals: dict[str, float] = {}
    reports: dict[str, str] = {}
    for name, patterns in GROUPS.items():
        report = io.StringIO()
        try:
            totals[name] = cov.report(include=list(patterns), file=report)
        except NoDataError:
            print(f"No coverage data for the {name} ({', '.join(patterns)}): run the suite first.")
            return 2
        reports[name] = report.getvalue()
    for name, total in totals.items():
        print(f"{name:<10} {total:.{precision}f} %  (bound {fail_under:.{precision}f} %)")
    failing = below_bound(totals, fail_under, precision)
    for name in failing:
        print(f"\n{name}: below the bound on its own.\n{reports[name]}")
    if failing:
        print(f"Coverage failure: {', '.join(failing)} below fail-under={fail_under}.")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
