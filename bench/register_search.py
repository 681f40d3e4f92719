"""The register search benchmark (issue item 13): `make bench` or `python -m bench.register_search`.

For each database (an SQLite file in a temporary directory; a PostgreSQL database of the run's
own, `tohu_bench_<pid>`, created afresh and dropped after), it migrates, loads the demo and
10,000 synthetic micro-credentials, then:

(a) latency: 20 representative searches (keywords, filters, both) on the search page `/` and
    on `GET /api/v1/micro-credentials`, through Django's test client in-process: warm-up, then N
    timed rounds, each requesting all 40 in a shuffled order; p50 and p95 per search and
    overall, and the queries each request makes (CaptureQueriesContext);
(b) throughput: granian in WSGI mode (2 workers, 1 blocking thread each), driven by keep-alive
    clients for a fixed time on `/healthz` (one SELECT 1), then on the searches in rotation;
    requests per second and the ratio of search to the trivial view.

It prints a table and PASS or FAIL per target, and exits 1 when a target fails (`--no-fail`
only reports). Each database runs in its own child process, because Django reads
DATABASE_URL once, at start-up.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.common import (
    REPO,
    Database,
    granian_server,
    load,
    percentile,
    postgres_reachable,
    postgres_recreate,
    postgres_run_url,
    table,
    tohu_env,
)

SYNTHETIC = 10_000
SEED = 2026
DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/tohu_bench"

# Targets (docs/performance.md).
P95_TARGET_MS_SQLITE = 25.0
MAX_QUERIES = 6
THROUGHPUT_RATIO_TARGET = 0.40

# 20 representative searches: keywords, filters, and both.
SEARCHES: tuple[tuple[str, str], ...] = (
    ("browse, newest first", ""),
    ("words: first aid", "q=first+aid"),
    ("words: licence controller", "q=licence+controller"),
    ("words: whanau (macron folded)", "q=whanau"),
    ("words: cyber security", "q=cyber+security"),
    ("words: te reo maori", "q=te+reo+maori"),
    ("words: skills (thousands match)", "q=skills"),
    ("words: timber framing safety (none match)", "q=timber+framing+safety"),
    ("level 4", "level=4"),
    ("levels 7 to 10", "level=7&level=8&level=9&level=10"),
    ("credits 10 to 20", "credits_min=10&credits_max=20"),
    ("field 11 (broad)", "field=11"),
    ("field 040311 (detailed)", "field=040311"),
    ("developer ringa-hora", "developer=ringa-hora"),
    ("provider open-polytechnic", "provider=open-polytechnic"),
    ("expiring or discontinued", "status=expiring&status=discontinued"),
    ("cookery at levels 3-4", "q=cookery&level=3&level=4"),
    ("care, field 09, current, by title", "q=care&field=09&status=current&sort=title"),
    ("ISB, up to 10 credits, by credits", "developer=isb-services&credits_max=10&sort=credits"),
    ("practice at te-kura, page 2", "q=practice&provider=te-kura&sort=-listed_on&page=2"),
)
SURFACES = {"page": "/", "api": "/api/v1/micro-credentials"}
TRIVIAL = "/healthz"


def _url(surface: str, query: str) -> str:
    return SURFACES[surface] + (f"?{query}" if query else "")


def _must(url: str | None, label: str) -> str:
    if url is None:
        raise SystemExit(f"The search {label!r} has no such page on this data.")
    return url


def search_url(client: Any, surface: str, query: str) -> str | None:
    """The address of a search on a surface ("page" or "api"); None for an API page past the
    last (the search page answers such a page with no results)."""
    return _api_url(client, query) if surface == "api" else _url(surface, query)


def _api_url(client: Any, query: str) -> str | None:
    """The API's address of a search: the API pages by cursor, so page N is reached by
    following `next` from the first page (of the same size as the search page's)."""
    from urllib.parse import parse_qsl, urlencode, urlsplit

    pairs = parse_qsl(query)
    page = int(dict(pairs).get("page", "1"))
    url = _url("api", urlencode([(k, v) for k, v in pairs if k != "page"]))
    for _ in range(page - 1):
        following = client.get(url).json()["next"]
        if following is None:
            return None
        address = urlsplit(following)
        url = f"{address.path}?{address.query}"
    return url


# ---------------------------------------------------------------------------------------------
# Child process: load the data and measure latency in-process.


def _child(out: Path, *, synthetic: int, repetitions: int, warm_up: int) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from tohu.demo.build import add_synthetic, build_demo

    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    migrated = time.perf_counter()
    build_demo()
    add_synthetic(synthetic, seed=SEED)
    if connection.vendor == "postgresql":
        # autovacuum would analyze the new rows within a minute; do not measure before it has
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    loaded = time.perf_counter()
    from tohu.register.models import MicroCredential

    result = {
        "vendor": connection.vendor,
        "server_version": _server_version(connection),
        "micro_credentials": MicroCredential.objects.count(),
        "migrate_seconds": migrated - started,
        "load_seconds": loaded - migrated,
        "latency": _latency(repetitions, warm_up),
    }
    out.write_text(json.dumps(result, indent=2))


def _server_version(connection: Any) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT sqlite_version()")
        else:
            cursor.execute("SHOW server_version")
        return str(cursor.fetchone()[0])


def _latency(repetitions: int, warm_up: int) -> dict[str, list[dict[str, Any]]]:
    """Time every search on both surfaces, interleaved.

    Each round requests every (surface, search) pair once, in an order shuffled with a fixed seed,
    so a slow minute on a shared machine lands on all searches alike instead of on whichever
    surface or search happened to be running then.
    """
    import random

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(SERVER_NAME="127.0.0.1")
    pairs = [(surface, label, query) for surface in SURFACES for label, query in SEARCHES]
    results: dict[tuple[str, str], dict[str, Any]] = {
        (surface, label): {
            "label": label,
            "url": _must(search_url(client, surface, query), label),
            "statuses": set(),
            "queries": [],
            "timings_ms": [],
        }
        for surface, label, query in pairs
    }
    for surface, label, _ in pairs:
        result = results[surface, label]
        for _ in range(max(warm_up, 1)):
            with CaptureQueriesContext(connection) as captured:
                result["statuses"].add(client.get(result["url"]).status_code)
            result["queries"].append(len(captured.captured_queries))
    order = random.Random(SEED)  # noqa: S311 (an order to run requests in, not a secret)
    for _ in range(repetitions):
        order.shuffle(pairs)
        for surface, label, _ in pairs:
            result = results[surface, label]
            begun = time.perf_counter()
            response = client.get(result["url"])
            result["timings_ms"].append((time.perf_counter() - begun) * 1000)
            result["statuses"].add(response.status_code)
    return {
        surface: [
            {**results[surface, label], "statuses": sorted(results[surface, label]["statuses"])}
            for label, _ in SEARCHES
        ]
        for surface in SURFACES
    }


# ---------------------------------------------------------------------------------------------
# Parent process: one child per database, then the production server under load.


@dataclass(frozen=True)
class Options:
    databases: tuple[str, ...]
    postgres_url: str
    synthetic: int
    repetitions: int
    warm_up: int
    duration: float
    connections: int
    workers: int
    threads: int
    no_fail: bool
    json_out: Path | None


def _parse(argv: list[str]) -> Options:
    parser = argparse.ArgumentParser(
        prog="python -m bench.register_search",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--databases", default="sqlite,postgresql", help="comma-separated")
    parser.add_argument(
        "--postgres-url", default=DEFAULT_POSTGRES_URL, help="dropped and created afresh"
    )
    parser.add_argument("--synthetic", type=int, default=SYNTHETIC, help="synthetic listings")
    parser.add_argument("--repetitions", type=int, default=40, help="timed requests per search")
    parser.add_argument("--warm-up", type=int, default=3, help="untimed requests per search")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per load phase")
    parser.add_argument("--connections", type=int, default=4, help="keep-alive clients")
    parser.add_argument("--workers", type=int, default=2, help="granian workers")
    parser.add_argument("--threads", type=int, default=1, help="granian blocking threads")
    parser.add_argument("--no-fail", action="store_true", help="report only; exit 0")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    parser.add_argument("--child", type=Path, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child is not None:
        _child(
            args.child, synthetic=args.synthetic, repetitions=args.repetitions, warm_up=args.warm_up
        )
        raise SystemExit(0)
    return Options(
        databases=tuple(name.strip() for name in args.databases.split(",") if name.strip()),
        postgres_url=args.postgres_url,
        synthetic=args.synthetic,
        repetitions=args.repetitions,
        warm_up=args.warm_up,
        duration=args.duration,
        connections=args.connections,
        workers=args.workers,
        threads=args.threads,
        no_fail=args.no_fail,
        json_out=args.json,
    )


def _database(name: str, options: Options, work: Path) -> Database | str:
    """Prepare a fresh database; return why it was skipped instead, when it cannot be had."""
    if name == "sqlite":
        url = f"sqlite:///{work / 'bench.sqlite3'}"
        return Database("SQLite", url, tohu_env(url, work))
    if name == "postgresql":
        reason = postgres_reachable(options.postgres_url)
        if reason:
            return f"PostgreSQL skipped: {reason}"
        url = postgres_run_url(options.postgres_url)
        postgres_recreate(url)
        return Database("PostgreSQL", url, tohu_env(url, work))
    raise SystemExit(f"Unknown database {name!r}: use sqlite and/or postgresql.")


def _measure(database: Database, options: Options, work: Path) -> dict[str, Any]:
    out = work / "latency.json"
    print(
        f"\n== {database.label}: migrate, demo + {options.synthetic:,} synthetic, latency "
        f"(load average {os.getloadavg()[0]:.1f}) =="
    )
    command = [
        sys.executable,
        "-m",
        "bench.register_search",
        "--child",
        str(out),
        "--synthetic",
        str(options.synthetic),
        "--repetitions",
        str(options.repetitions),
        "--warm-up",
        str(options.warm_up),
    ]
    subprocess.run(command, env=dict(database.env), cwd=REPO, check=True)  # noqa: S603
    figures: dict[str, Any] = json.loads(out.read_text())
    print(
        f"   {figures['micro_credentials']:,} micro-credentials "
        f"({database.label} {figures['server_version']}), loaded in "
        f"{figures['load_seconds']:.1f} s"
    )
    # as shipped: each web process keeps public answers (tohu.register.cache)
    shipped = {**database.env, "TOHU_REGISTER_CACHE_SECONDS": "300"}
    api_urls = [entry["url"] for entry in figures["latency"]["api"]]
    figures["throughput"] = _throughput(
        database, options, work, shipped, "answer cache on", api_urls
    )
    figures["throughput_uncached"] = _throughput(
        database, options, work, database.env, "answer cache off", api_urls
    )
    return figures


def _throughput(
    database: Database,
    options: Options,
    work: Path,
    env: Any,
    cache_label: str,
    api_urls: list[str],
) -> dict[str, Any]:
    print(
        f"== {database.label} ({cache_label}): granian WSGI, {options.workers} workers x "
        f"{options.threads} thread, {options.connections} connections, "
        f"{options.duration:.0f} s per phase =="
    )
    phases = {
        "trivial": [TRIVIAL],
        "page": [_url("page", query) for _, query in SEARCHES],
        "api": api_urls,
    }
    figures: dict[str, Any] = {}
    with granian_server(
        env, workers=options.workers, threads=options.threads, log=work / "granian.log"
    ) as port:
        for phase, paths in phases.items():
            load_average = os.getloadavg()[0]
            result = load(port, paths, seconds=options.duration, connections=options.connections)
            figures[phase] = {
                "load_average_before": load_average,
                "requests": result.requests,
                "seconds": result.seconds,
                "per_second": result.per_second,
                "non_200": result.non_200,
                "statuses": {str(k): v for k, v in sorted(result.statuses.items())},
            }
            print(
                f"   {phase:8} {result.per_second:8.1f} requests/s ({result.non_200} not 200; "
                f"load average before {load_average:.1f})"
            )
    return figures


# ---------------------------------------------------------------------------------------------
# Report.


@dataclass(frozen=True)
class Check:
    target: str
    figure: str
    passed: bool


def _summaries(surface: list[dict[str, Any]]) -> tuple[float, float, int, bool, set[int]]:
    pooled = [t for search in surface for t in search["timings_ms"]]
    queries = [q for search in surface for q in search["queries"]]
    constant = all(len(set(search["queries"])) == 1 for search in surface)
    statuses = {s for search in surface for s in search["statuses"]}
    return percentile(pooled, 0.5), percentile(pooled, 0.95), max(queries), constant, statuses


def _report(label: str, figures: dict[str, Any]) -> list[Check]:
    latency = figures["latency"]
    rows = []
    for page, api in zip(latency["page"], latency["api"], strict=True):
        rows.append(
            [
                page["label"],
                f"{percentile(page['timings_ms'], 0.5):.1f}",
                f"{percentile(page['timings_ms'], 0.95):.1f}",
                "/".join(str(q) for q in sorted(set(page["queries"]))),
                f"{percentile(api['timings_ms'], 0.5):.1f}",
                f"{percentile(api['timings_ms'], 0.95):.1f}",
                "/".join(str(q) for q in sorted(set(api["queries"]))),
                ",".join(str(s) for s in sorted(set(page["statuses"]) | set(api["statuses"]))),
            ]
        )
    checks: list[Check] = []
    summary_rows = []
    for surface in SURFACES:
        p50, p95, most, constant, statuses = _summaries(latency[surface])
        summary_rows.append([f"overall ({surface})", f"{p50:.1f}", f"{p95:.1f}", str(most)])
        if figures["vendor"] == "sqlite":
            checks.append(
                Check(
                    f"{label} {surface}: p95 <= {P95_TARGET_MS_SQLITE:.0f} ms",
                    f"{p95:.1f} ms",
                    p95 <= P95_TARGET_MS_SQLITE,
                )
            )
        checks.append(
            Check(
                f"{label} {surface}: queries per request constant and <= {MAX_QUERIES}",
                f"max {most}, {'constant' if constant else 'varies'}",
                constant and most <= MAX_QUERIES,
            )
        )
        checks.append(
            Check(
                f"{label} {surface}: every search answers 200",
                ",".join(str(s) for s in sorted(statuses)),
                statuses == {200},
            )
        )
    headers = ["search", "page p50", "p95", "queries", "api p50", "p95", "queries", "status"]
    print(f"\n{label}: latency in ms over {len(latency['page'][0]['timings_ms'])} requests each")
    print(table(headers, rows))
    print()
    print(table(["", "p50 ms", "p95 ms", "max queries"], summary_rows))
    throughput = figures["throughput"]
    trivial = throughput["trivial"]["per_second"]
    print()
    t_rows = []
    for phase in ("trivial", "page", "api"):
        rate = throughput[phase]["per_second"]
        ratio = rate / trivial if trivial else 0.0
        t_rows.append(
            [
                {"trivial": TRIVIAL, "page": "search page /", "api": "search API"}[phase],
                f"{rate:.1f}",
                f"{ratio:.0%}",
                str(throughput[phase]["non_200"]),
            ]
        )
        if phase != "trivial":
            checks.append(
                Check(
                    f"{label} {phase}: throughput >= {THROUGHPUT_RATIO_TARGET:.0%} of {TRIVIAL}",
                    f"{ratio:.0%}",
                    ratio >= THROUGHPUT_RATIO_TARGET and throughput[phase]["non_200"] == 0,
                )
            )
    print(table(["served by granian, cache on", "requests/s", "of trivial", "not 200"], t_rows))
    uncached = figures.get("throughput_uncached")
    if uncached:
        base = uncached["trivial"]["per_second"]
        u_rows = [
            [
                phase,
                f"{uncached[phase]['per_second']:.1f}",
                f"{uncached[phase]['per_second'] / base:.0%}" if base else "-",
                str(uncached[phase]["non_200"]),
            ]
            for phase in ("trivial", "page", "api")
        ]
        print("\nThe same with the answer cache off (every request searches; no target):")
        print(
            table(["served by granian, cache off", "requests/s", "of trivial", "not 200"], u_rows)
        )
    return checks


def main(argv: list[str] | None = None) -> int:
    options = _parse(list(sys.argv[1:] if argv is None else argv))
    begun = time.perf_counter()
    print(
        f"Register search benchmark: {platform.python_implementation()} "
        f"{platform.python_version()}, {os.cpu_count()} CPUs, {platform.platform()}"
    )
    results: dict[str, Any] = {}
    checks: list[Check] = []
    skipped: list[str] = []
    for name in options.databases:
        work = Path(tempfile.mkdtemp(prefix=f"tohu-bench-{name}-"))
        try:
            database = _database(name, options, work)
            if isinstance(database, str):
                skipped.append(database)
                print(database)
                continue
            try:
                results[database.label] = _measure(database, options, work)
            finally:
                if database.label == "PostgreSQL":
                    postgres_recreate(database.url, create=False)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    for label, figures in results.items():
        checks += _report(label, figures)
    print("\nTargets:")
    for check in checks:
        print(f"  {'PASS' if check.passed else 'FAIL'}  {check.target}: {check.figure}")
    for reason in skipped:
        print(f"  SKIP  {reason}")
    print(f"\nThe benchmark took {time.perf_counter() - begun:.0f} s.")
    if options.json_out is not None:
        options.json_out.write_text(json.dumps(results, indent=2))
    failed = [check for check in checks if not check.passed]
    return 0 if options.no_fail or not failed else 1


if __name__ == "__main__":
    sys.exit(main())
