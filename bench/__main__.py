"""`python -m bench` (`make bench`): every benchmark, one after the other.

`python -m bench register`, `achievements`, `ingest-load`, `credentials`, `mixed` or `webhooks`
runs one; any further arguments pass through to it (e.g. `python -m bench register --no-fail`).
The exit code is non-zero when any target fails.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from bench import (
    achievements_ingest,
    credentials_signing,
    ingest_under_load,
    mixed_load,
    register_search,
    webhooks_delivery,
)

BENCHMARKS: dict[str, Callable[[list[str]], int]] = {
    "register": register_search.main,
    "achievements": achievements_ingest.main,
    "ingest-load": ingest_under_load.main,
    "credentials": credentials_signing.main,
    "mixed": mixed_load.main,
    "webhooks": webhooks_delivery.main,
}


def main(argv: list[str]) -> int:
    if argv and argv[0] in BENCHMARKS:
        return BENCHMARKS[argv[0]](argv[1:])
    results = [run([]) for run in BENCHMARKS.values()]
    return max(results)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
