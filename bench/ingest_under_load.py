"""A large results import while other people use Tohu; and imports killed at random points.

    python -m bench.ingest_under_load [--rows 1000000] [--clients 4] [--database sqlite]
    python -m bench.ingest_under_load --kills 5 --rows 100000

Load: the import (`results_import` of the file, as `tohu results import` runs it) in one process
while another runs `clients` threads, each with its own connection and request handler (as a
server's threads), that in turn sign in (POST /sign-in/, a session written), open a learner's
share link (a view counted) and report one completion through the API (a batch of one recorded),
each as a new visitor, with no pause between, until the import ends. Each client is warmed up by
one request of each kind first (as a server is by its first requests). Figures: the import's
time and its longest write transaction (how long it held the database), and for each kind of
request its count, errors (a 5xx, an unexpected status or an exception) and p50/p99 latency,
beside the same clients' figures for `--baseline` seconds (default 30) before the import, with
nothing else running: the baseline says what the machine gives the clients by themselves.
Targets: 0 errors, every write transaction of the import under 1 s, p99 under 1 s.

Kills: `tohu results import FILE` is killed (SIGKILL) after a random time, `tohu results recover`
runs, and the database is checked: no completion of the killed import visible or left behind,
every batch finished. Then the file is imported whole: each row recorded exactly once.

Each step runs in its own process against a fresh database (an SQLite file in a temporary
directory, or the PostgreSQL database `tohu_ach_bench`, as bench.achievements_ingest).
"""

from __future__ import annotations

import argparse
import json
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from bench.achievements_ingest import PROVIDER_MOE, REPO, _django, _environment, child_setup

PASSWORD = "load-test-password-4821"
TARGET_WRITE_S = 1.0
TARGET_P99_S = 1.0
EXTRA_LEARNERS = 50_000
KINDS = ("sign-in", "share link", "report one")


def child_people(rows: int) -> dict[str, Any]:
    """Accounts for the clients: a results officer with an API key, a learner with a link."""
    _django()
    from datetime import date

    from django.contrib.auth import get_user_model

    from tohu.achievements.services.records import share_link_create
    from tohu.learners.models import Learner
    from tohu.organisations import services as organisation_services
    from tohu.organisations.models import Membership, Organisation, Role

    provider = Organisation.objects.get(moe_number=PROVIDER_MOE)
    users = get_user_model().objects
    officer = users.create_user(username="load-officer", password=PASSWORD)
    Membership.objects.create(user=officer, organisation=provider, role=Role.ADMIN)
    key = organisation_services.api_key_create(
        actor=officer, organisation=provider, name="Load test", scopes=["completions:write"]
    )
    person = users.create_user(username="load-learner", password=PASSWORD)
    first = rows // 4 + 2
    Learner.objects.bulk_create(
        Learner(nsn=f"{n:010d}", family_name=f"Extra{n}", date_of_birth=date(2000, 1, 1))
        for n in range(first, first + EXTRA_LEARNERS)
    )
    learner = Learner.objects.get(nsn=f"{first:010d}")
    learner.user = person
    learner.save()
    link = share_link_create(actor=person, learner=learner, label="Employer", days=30)
    return {"key": key.plaintext, "token": link.token, "first_extra": first}


def child_import(path: Path) -> dict[str, Any]:
    """The import, as `tohu results import` runs it (at the background niceness), with its
    longest write transaction."""
    _django()
    from tohu.core.priority import run_in_background

    run_in_background()
    from bench.achievements_ingest import _peak_mb
    from tohu.achievements.models import Channel, Completion
    from tohu.achievements.results_file import CsvSource
    from tohu.achievements.services import results_import
    from tohu.core.principal import COMMAND
    from tohu.organisations.models import Organisation

    provider = Organisation.objects.get(moe_number=PROVIDER_MOE)
    started = time.perf_counter()
    with path.open("rb") as stream:
        outcome = results_import(
            reporter=COMMAND,
            provider=provider,
            source=CsvSource(stream, name=path.name, size=path.stat().st_size),
            channel=Channel.COMMAND,
        )
    return {
        "seconds": time.perf_counter() - started,
        "rows": outcome.rows_total,
        "recorded": outcome.rows_recorded,
        "visible": Completion.objects.filter(batch=outcome.batch).count(),
        "status": str(outcome.status),
        "longest_write_s": outcome.longest_write,
        "writes_ms": [round(w * 1000) for w in outcome.writes],
        "peak_mb": _peak_mb(),
        **_resident(),
    }


def _resident() -> dict[str, float]:
    """The process's resident memory at the end, by kind (Linux): its own (anonymous: Python's
    objects, SQLite's page cache) and mapped files' pages (SQLite's memory-mapped database),
    which the kernel can drop; empty where /proc is not."""
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return {}
    kinds = {"RssAnon:": "anonymous_mb", "RssFile:": "file_mb"}
    return {
        kinds[line.split()[0]]: int(line.split()[1]) / 1024
        for line in status.splitlines()
        if line.split() and line.split()[0] in kinds
    }


def _request(client: Any, kind: str, people: dict[str, Any], extra: int) -> tuple[Any, int]:
    """One request of a kind, as a new visitor (no cookies); the response and the status meant."""
    client.cookies.clear()
    if kind == "sign-in":
        return client.post("/sign-in/", {"login": "load-officer", "password": PASSWORD}), 302
    if kind == "share link":
        return client.get(f"/achievements/shared/{people['token']}/"), 200
    body = {
        "completions": [
            {"nsn": f"{extra:010d}", "listing_number": "7001", "date_of_achievement": "2025-05-01"}
        ]
    }
    response = client.post(
        "/api/v1/completions",
        json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {people['key']}",
    )
    return response, 200


def _client_loop(
    kind_offset: int, people: dict[str, Any], stop: Path, results: list[tuple[str, float, str]]
) -> None:
    """One client: warmed up by one request of each kind (as a server is by its first), then
    ready; then requests in turn until the stop file appears."""
    from django.db import connection
    from django.test import Client

    # one handler for the thread, as a server loads its middleware once: a new Client for each
    # request would load it again (WhiteNoise reading every static file: 55 ms a request)
    client = Client()
    extra = people["first_extra"] + 1 + kind_offset
    turn = kind_offset
    try:
        for kind in KINDS:
            _request(client, kind, people, extra)
            extra += 8 if kind == "report one" else 0
        stop.with_name(f"ready-{kind_offset}").touch()
        while not stop.exists():
            kind = KINDS[turn % 3]
            turn += 1
            started = time.perf_counter()
            try:
                response, expected = _request(client, kind, people, extra)
                outcome = "ok" if response.status_code == expected else str(response.status_code)
            except Exception as error:
                outcome = type(error).__name__
            extra += 8 if kind == "report one" else 0
            results.append((kind, time.perf_counter() - started, outcome))
    finally:
        connection.close()


def child_load(clients: int, stop: Path, people_json: str) -> dict[str, Any]:
    """Requests from `clients` threads until the stop file appears."""
    _django()
    from django.test.utils import setup_test_environment

    setup_test_environment()
    people = json.loads(people_json)
    results: list[tuple[str, float, str]] = []
    threads = [
        threading.Thread(target=_client_loop, args=(n, people, stop, results))
        for n in range(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    figures: dict[str, Any] = {}
    for kind in KINDS:
        times = sorted(t for k, t, _ in results if k == kind)
        errors = [o for k, _, o in results if k == kind and o != "ok"]
        figures[kind] = {
            "requests": len(times),
            "errors": len(errors),
            "error_kinds": sorted(set(errors)),
            "p50_s": times[len(times) // 2] if times else 0.0,
            "p99_s": times[min(len(times) - 1, int(len(times) * 0.99))] if times else 0.0,
        }
    return figures


def child_check() -> dict[str, Any]:
    """After kills and recovery: what is visible, what is left behind, what is unfinished."""
    _django()
    from django.db.models import Count

    from tohu.achievements.models import BatchStatus, Completion, ImportBatch

    statuses = dict(ImportBatch.objects.values_list("status").annotate(n=Count("pk")).order_by())
    unfinished_batches = ImportBatch.objects.exclude(status__in=BatchStatus.finished())
    doubled = (
        Completion.every_row.filter(status="recorded")
        .values("nsn", "version")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .count()
    )
    return {
        "batches": statuses,
        "unfinished": unfinished_batches.count(),
        "visible": Completion.objects.count(),
        "all_rows": Completion.every_row.count(),
        "left_behind": Completion.every_row.exclude(batch__status=BatchStatus.RECORDED).count(),
        "doubled": doubled,
    }


CHILDREN = {
    "setup": lambda a: child_setup(a.rows, Path(a.file)),
    "people": lambda a: child_people(a.rows),
    "import": lambda a: child_import(Path(a.file)),
    "load": lambda a: child_load(a.clients, Path(a.stop), a.people),
    "check": lambda a: child_check(),
}


# --- the parent ----------------------------------------------------------------------------------


def _command(step: str, **args: Any) -> list[str]:
    command = [sys.executable, "-m", "bench.ingest_under_load", "--child", step]
    for key, value in args.items():
        command += [f"--{key}", str(value)]
    return command


def _run(step: str, env: dict[str, str], **args: Any) -> dict[str, Any]:
    done = subprocess.run(  # noqa: S603
        _command(step, **args), env=env, cwd=REPO, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"{step} failed:\n{done.stderr[-4000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _started(step: str, env: dict[str, str], **args: Any) -> subprocess.Popen[str]:
    return subprocess.Popen(  # noqa: S603
        _command(step, **args),
        env=env,
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _finished(process: subprocess.Popen[str], step: str) -> dict[str, Any]:
    out, err = process.communicate(timeout=7200)
    if process.returncode != 0:
        raise RuntimeError(f"{step} failed:\n{err[-4000:]}")
    result: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    return result


def _wait_ready(load: subprocess.Popen[str], workdir: Path, clients: int) -> None:
    """Until every client has warmed up (or its process has ended: `_finished` says why)."""
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and load.poll() is None:
        if all((workdir / f"ready-{n}").exists() for n in range(clients)):
            time.sleep(1.0)  # a moment of the clients' own pace before the import starts
            return
        time.sleep(0.1)


def under_load(database: str, rows: int, clients: int, baseline: float) -> dict[str, Any]:
    """Run the clients alone, then the import while they work; return the figures."""
    with tempfile.TemporaryDirectory(prefix="tohu-bench-load-") as tmp:
        workdir = Path(tmp)
        # every client signs in from one address: lift the per-address sign-in limit that a
        # day's many addresses would never meet
        env = {**_environment(database, workdir), "TOHU_SIGN_IN_RATE_PER_ADDRESS": "1000000"}
        path, stop = workdir / "results.csv", workdir / "stop"
        _run("setup", env, rows=rows, file=path)
        people = _run("people", env, rows=rows)
        alone = {}
        if baseline > 0:
            first_stop = workdir / "alone" / "stop"
            first_stop.parent.mkdir()
            load = _started(
                "load", env, clients=clients, stop=first_stop, people=json.dumps(people)
            )
            try:
                _wait_ready(load, first_stop.parent, clients)
                time.sleep(baseline)
            finally:
                first_stop.touch()
            alone = _finished(load, "load")
            people["first_extra"] += 10_000  # learners the baseline's reports did not use
        load = _started("load", env, clients=clients, stop=stop, people=json.dumps(people))
        try:
            _wait_ready(load, workdir, clients)  # the clients are at work before the import
            imported = _run("import", env, file=path)
        finally:
            stop.touch()
        requests = _finished(load, "load")
    return {
        "database": database,
        "rows": rows,
        "import": imported,
        "requests": requests,
        "alone": alone,
    }


def killed_at_random(database: str, rows: int, kills: int, seed: int) -> dict[str, Any]:
    """Kill `tohu results import` at random points, recover, check; then import it whole."""
    chooser = random.Random(seed)  # noqa: S311 - when to kill, not a secret
    with tempfile.TemporaryDirectory(prefix="tohu-bench-kill-") as tmp:
        workdir = Path(tmp)
        env = _environment(database, workdir)
        path = workdir / "results.csv"
        _run("setup", env, rows=rows, file=path)
        # how long a whole import takes here, to kill anywhere within it
        command = [sys.executable, "manage.py", "results", "import", str(path)]
        command += ["--provider", PROVIDER_MOE, "--dry-run"]
        started = time.perf_counter()
        subprocess.run(command, env=env, cwd=REPO, capture_output=True, check=False)  # noqa: S603
        span = time.perf_counter() - started
        checks = []
        for _ in range(kills):
            process = subprocess.Popen(  # noqa: S603
                command[:-1],
                env=env,
                cwd=REPO,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            after = chooser.uniform(0.2, span)
            time.sleep(after)
            process.send_signal(signal.SIGKILL)
            process.wait()
            recover = [sys.executable, "manage.py", "results", "recover"]
            subprocess.run(recover, env=env, cwd=REPO, capture_output=True, check=True)  # noqa: S603
            check = _run("check", env)
            check["killed_after_s"] = round(after, 2)
            check["finished_first"] = process.returncode == 0
            checks.append(check)
            if check["visible"]:
                break  # it finished before the kill: the file is recorded
        whole = subprocess.run(command[:-1], env=env, cwd=REPO, capture_output=True, text=True)  # noqa: S603
        final = _run("check", env)
    return {
        "database": database,
        "rows": rows,
        "kills": checks,
        "final": final,
        "final_exit": whole.returncode,
    }


def report_load(figures: dict[str, Any]) -> tuple[str, bool]:
    imported, requests = figures["import"], figures["requests"]
    writes = sorted(imported["writes_ms"]) or [0]
    errors = sum(kind["errors"] for kind in requests.values())
    worst_p99 = max(kind["p99_s"] for kind in requests.values())
    checks = {
        "errors": errors == 0,
        "write under 1 s": imported["longest_write_s"] < TARGET_WRITE_S,
        "p99 under 1 s": worst_p99 < TARGET_P99_S,
        "recorded": imported["visible"] == figures["rows"],
    }
    lines = [
        f"{figures['database']}: import of {figures['rows']:,} rows under load: "
        f"{imported['seconds']:.1f} s, longest write transaction "
        f"{imported['longest_write_s'] * 1000:.0f} ms, peak {imported['peak_mb']:.0f} MB"
        + (
            f" (at the end {imported['anonymous_mb']:.0f} MB its own, "
            f"{imported['file_mb']:.0f} MB of mapped files)"
            if "file_mb" in imported
            else ""
        ),
        f"  {len(writes)} write transactions, median {writes[len(writes) // 2]} ms, "
        f"max {writes[-1]} ms",
    ]
    alone = figures.get("alone") or {}
    for kind, found in requests.items():
        line = (
            f"  {kind:<11} {found['requests']:>6} requests, {found['errors']} errors "
            f"{found['error_kinds'] or ''}, p50 {found['p50_s'] * 1000:.0f} ms, "
            f"p99 {found['p99_s'] * 1000:.0f} ms"
        )
        if kind in alone and alone[kind]["p99_s"]:
            base = alone[kind]
            line += (
                f"; alone {base['requests']} requests, {base['errors']} errors, "
                f"p50 {base['p50_s'] * 1000:.0f} ms, p99 {base['p99_s'] * 1000:.0f} ms "
                f"(p99 under the import {found['p99_s'] / base['p99_s']:.2f} of alone)"
            )
        lines.append(line)
    lines.append("  " + ", ".join(f"{k}: {'ok' if ok else 'MISSED'}" for k, ok in checks.items()))
    return "\n".join(lines), all(checks.values())


def report_kills(figures: dict[str, Any]) -> tuple[str, bool]:
    final = figures["final"]
    clean = all(
        c["unfinished"] == 0 and c["left_behind"] == 0 and c["doubled"] == 0
        for c in figures["kills"]
    )
    whole = final["visible"] == figures["rows"] and final["doubled"] == 0
    lines = [
        f"{figures['database']}: {len(figures['kills'])} import(s) of {figures['rows']:,} "
        "rows killed at random points"
    ]
    for check in figures["kills"]:
        lines.append(
            f"  killed after {check['killed_after_s']} s: batches {check['batches']}, "
            f"visible {check['visible']}, left behind {check['left_behind']}, "
            f"doubled {check['doubled']}, unfinished {check['unfinished']}"
        )
    lines.append(
        f"  then imported whole: {final['visible']:,} visible, {final['doubled']} doubled; "
        f"{'ok' if clean and whole else 'MISSED'}"
    )
    return "\n".join(lines), clean and whole


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.ingest_under_load")
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--database", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument(
        "--baseline", type=float, default=30.0, help="Seconds of the clients alone first (0: none)."
    )
    parser.add_argument("--kills", type=int, default=0, help="Kill imports instead (how many).")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--json", help="Also write the figures to this file.")
    parser.add_argument("--child", choices=sorted(CHILDREN), help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    parser.add_argument("--stop", help=argparse.SUPPRESS)
    parser.add_argument("--people", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(CHILDREN[args.child](args), default=str))
        return 0
    databases = ["sqlite", "postgres"] if args.database == "both" else [args.database]
    all_figures, passed = [], True
    for database in databases:
        if args.kills:
            figures = killed_at_random(database, args.rows, args.kills, args.seed)
            text, ok = report_kills(figures)
        else:
            figures = under_load(database, args.rows, args.clients, args.baseline)
            text, ok = report_load(figures)
        print(text, flush=True)
        all_figures.append(figures)
        passed = passed and ok
    if args.json:
        Path(args.json).write_text(json.dumps(all_figures, indent=2, default=str))
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
