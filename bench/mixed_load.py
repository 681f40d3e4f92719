"""Mixed traffic on the production server, as a busy reporting day brings it.

`python -m bench.mixed_load [--databases sqlite,postgresql] [--duration 60]` (`make bench` runs
it). On each database (a fresh SQLite file; on PostgreSQL a database of the run's own,
`tohu_bench_mixed_<pid>`, created and dropped after) it migrates, loads the demo and 60,000 extra
learners, then serves Tohu with granian (WSGI, 2 workers x 4 threads) and, for `--duration`
seconds, drives at once:

- search: `/` with a rotation of searches (2 keep-alive clients);
- listing: the public page of a micro-credential (2 clients);
- sign-in: the sign-in form fetched, then posted as the demo developer, who has no second factor
  (1 client; Argon2 hashing);
- report: one completion reported through `POST /api/v1/completions` with the provider's API key,
  a new learner each time (1 client);
- import: one `tohu results import` of 50,000 rows, started with the clients.

It prints requests per second, p50 and p99 per kind, and errors (answers other than the one
each kind expects, and failed connections), which must be 0; the exit code is 1 when any are not.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from bench.common import (
    LOOPBACK,
    REPO,
    Database,
    granian_server,
    percentile,
    postgres_reachable,
    postgres_recreate,
    postgres_run_url,
    table,
    tohu_env,
)

DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/tohu_bench_mixed"
IMPORT_ROWS = 50_000
EXTRA_LEARNERS = 60_000
SEARCHES = ["forklift", "first aid", "te reo", "hospitality", "level 4", "safety", "carpentry"]

SEED = """
import json, sys, django
django.setup()
from datetime import date, timedelta
from django.core.management import call_command
from tohu.core.principal import Scope
from tohu.demo.build import build_demo
from tohu.demo.specs import DEMO_PASSWORD
from tohu.learners.models import Learner
from tohu.organisations import services
from tohu.organisations.models import Membership, Role
from tohu.register.models import Accreditation, MicroCredential

call_command("migrate", verbosity=0, interactive=False)
build_demo()
extra = int(sys.argv[2])
Learner.objects.bulk_create(
    Learner(nsn=f"9{n:09d}", family_name=f"Bench{n}", date_of_birth=date(2000, 1, 1))
    for n in range(extra)
)
admin = Membership.objects.filter(role=Role.ADMIN, organisation__moe_number__gt="").select_related(
    "organisation", "user"
)
today = date.today()
for membership in admin:
    accreditation = (
        Accreditation.objects.filter(provider=membership.organisation, status="granted",
                                     granted_on__lte=today - timedelta(days=30),
                                     micro_credential__status="current")
        .select_related("micro_credential").first()
    )
    if accreditation is not None:
        break
else:
    raise SystemExit("no demo provider with an accreditation to report against")
key = services.api_key_create(
    actor=membership.user, organisation=membership.organisation, name="bench",
    scopes=[s.value for s in Scope],
).plaintext
listings = list(MicroCredential.objects.values_list("listing_number", flat=True)[:50])
json.dump({
    "key": key, "moe": membership.organisation.moe_number,
    "listing": accreditation.micro_credential.listing_number,
    "date": (today - timedelta(days=7)).isoformat(),
    "listings": listings, "username": "developer", "password": DEMO_PASSWORD,
}, open(sys.argv[1], "w"))
"""


@dataclass
class Kind:
    """One kind of request: its samples, its errors."""

    name: str
    clients: int
    samples: list[float] = field(default_factory=list)
    errors: int = 0
    error_examples: list[str] = field(default_factory=list)


def _client(
    port: int, kind: Kind, step: Callable[[http.client.HTTPConnection, int], bool], stop: float
) -> None:
    connection = http.client.HTTPConnection(LOOPBACK, port, timeout=60)
    index = 0
    while time.monotonic() < stop:
        started = time.perf_counter()
        try:
            ok = step(connection, index)
        except (OSError, http.client.HTTPException) as error:
            ok = False
            kind.error_examples.append(repr(error))
            connection.close()
            connection = http.client.HTTPConnection(LOOPBACK, port, timeout=60)
        kind.samples.append(time.perf_counter() - started)
        if not ok:
            kind.errors += 1
        index += 1
    connection.close()


def _get(connection: http.client.HTTPConnection, path: str) -> tuple[int, bytes, Any]:
    connection.request("GET", path, headers={"Accept-Encoding": "identity"})
    response = connection.getresponse()
    return response.status, response.read(), response


def _steps(seed: dict[str, Any], client_number: int) -> dict[str, Callable[..., bool]]:
    def search(connection: http.client.HTTPConnection, i: int) -> bool:
        status, _, _ = _get(connection, "/?" + urlencode({"q": SEARCHES[i % len(SEARCHES)]}))
        return status == 200

    def listing(connection: http.client.HTTPConnection, i: int) -> bool:
        number = seed["listings"][i % len(seed["listings"])]
        status, _, _ = _get(connection, f"/micro-credentials/{number}/")
        return status == 200

    def sign_in(connection: http.client.HTTPConnection, i: int) -> bool:
        connection.request("GET", "/sign-in/")
        response = connection.getresponse()
        page = response.read().decode()
        cookie = response.getheader("Set-Cookie", "")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        csrf = re.search(r"csrftoken=([^;]+)", cookie)
        if response.status != 200 or token is None or csrf is None:
            return False
        body = urlencode(
            {
                "csrfmiddlewaretoken": token.group(1),
                "login": seed["username"],
                "password": seed["password"],
            }
        )
        connection.request(
            "POST",
            "/sign-in/",
            body=body,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": f"csrftoken={csrf.group(1)}",
                "Referer": f"http://{LOOPBACK}/sign-in/",
            },
        )
        answer = connection.getresponse()
        answer.read()
        return answer.status == 302

    def report(connection: http.client.HTTPConnection, i: int) -> bool:
        # learners 9000000000.. are the import's; the reports take theirs from the top down
        nsn = f"9{EXTRA_LEARNERS - 1 - (client_number * 100_000 + i):09d}"
        one = {"nsn": nsn, "listing_number": seed["listing"], "date_of_achievement": seed["date"]}
        body = json.dumps({"completions": [one]})
        connection.request(
            "POST",
            "/api/v1/completions",
            body=body,
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {seed['key']}"},
        )
        answer = connection.getresponse()
        content = answer.read()
        return answer.status == 200 and b'"recorded": 1' in content.replace(b'":1', b'": 1')

    return {"search": search, "listing": listing, "sign-in": sign_in, "report": report}


def _run(database: Database, duration: float, work: Path) -> dict[str, Any]:
    seed_path = work / "seed.json"
    print(f"\n== {database.label}: migrate, demo, {EXTRA_LEARNERS:,} learners ==", flush=True)
    subprocess.run(  # noqa: S603 - our own interpreter, fixed arguments
        [sys.executable, "-c", SEED, str(seed_path), str(EXTRA_LEARNERS)],
        env=dict(database.env),
        cwd=REPO,
        check=True,
    )
    seed = json.loads(seed_path.read_text())
    results = work / "import.csv"
    with results.open("w") as file:
        file.write("nsn,listing_number,date_of_achievement\n")
        for n in range(IMPORT_ROWS):
            file.write(f"9{n:09d},{seed['listing']},{seed['date']}\n")
    kinds = [Kind("search", 2), Kind("listing", 2), Kind("sign-in", 1), Kind("report", 1)]
    # every simulated person signs in from 127.0.0.1: lift the per-address limits a national
    # day's many addresses would never meet
    env = {
        **database.env,
        "TOHU_SIGN_IN_FAILURE_LIMIT": "1000000",
        "TOHU_SIGN_IN_RATE_PER_ADDRESS": "1000000",
    }
    print(
        f"== {database.label}: granian 2 workers x 4 threads, {duration:.0f} s of mixed traffic "
        f"and a {IMPORT_ROWS:,}-row import (load average {os.getloadavg()[0]:.1f}) ==",
        flush=True,
    )
    with granian_server(env, workers=2, threads=4, log=work / "granian.log") as port:
        importing = subprocess.Popen(  # noqa: S603 - our own tohu, fixed arguments
            [str(Path(sys.executable).with_name("tohu")), "results", "import", str(results),
             "--provider", seed["moe"]],
            env=env, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        import_started = time.monotonic()
        stop = time.monotonic() + duration
        threads = []
        for kind in kinds:
            for number in range(kind.clients):
                step = _steps(seed, number)[kind.name]
                thread = threading.Thread(target=_client, args=(port, kind, step, stop))
                thread.start()
                threads.append(thread)
        for thread in threads:
            thread.join(timeout=duration + 120)
        out, _ = importing.communicate(timeout=1800)
        import_seconds = time.monotonic() - import_started
    figures: dict[str, Any] = {
        "import": {
            "rows": IMPORT_ROWS,
            "exit_code": importing.returncode,
            "seconds": import_seconds,
            "output": out.decode().strip().splitlines()[-1:] if out else [],
        }
    }
    for kind in kinds:
        samples = sorted(kind.samples)
        figures[kind.name] = {
            "requests": len(samples),
            "per_second": len(samples) / duration,
            "p50_ms": percentile(samples, 0.50) * 1000 if samples else None,
            "p99_ms": percentile(samples, 0.99) * 1000 if samples else None,
            "errors": kind.errors,
            "error_examples": kind.error_examples[:3],
        }
    return figures


def _report(label: str, figures: dict[str, Any]) -> int:
    rows = []
    errors = 0
    for name in ("search", "listing", "sign-in", "report"):
        kind = figures[name]
        errors += kind["errors"]
        rows.append(
            [
                name,
                f"{kind['requests']:,}",
                f"{kind['per_second']:.1f}",
                f"{kind['p50_ms']:.0f}",
                f"{kind['p99_ms']:.0f}",
                str(kind["errors"]),
            ]
        )
    imported = figures["import"]
    print(f"\n{label}:")
    print(table(["kind", "requests", "per s", "p50 ms", "p99 ms", "errors"], rows))
    print(
        f"import: {imported['rows']:,} rows, exit code {imported['exit_code']}, "
        f"{imported['seconds']:.0f} s ({' '.join(imported['output'])})"
    )
    return int(errors) + int(imported["exit_code"] != 0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.mixed_load", description=__doc__)
    parser.add_argument("--databases", default="sqlite,postgresql", help="comma-separated")
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES_URL)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of traffic")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    print(f"Mixed load: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
    results: dict[str, Any] = {}
    failures = 0
    for name in (n.strip() for n in args.databases.split(",") if n.strip()):
        work = Path(tempfile.mkdtemp(prefix=f"tohu-bench-mixed-{name}-"))
        try:
            if name == "sqlite":
                url = f"sqlite:///{work / 'bench.sqlite3'}"
                database = Database("SQLite", url, tohu_env(url, work))
            else:
                reason = postgres_reachable(args.postgres_url)
                if reason:
                    print(f"PostgreSQL skipped: {reason}")
                    continue
                url = postgres_run_url(args.postgres_url)
                postgres_recreate(url)
                database = Database("PostgreSQL", url, tohu_env(url, work))
            try:
                results[database.label] = _run(database, args.duration, work)
            finally:
                if name != "sqlite":
                    postgres_recreate(url, create=False)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    for label, figures in results.items():
        failures += _report(label, figures)
    if args.json is not None:
        args.json.write_text(json.dumps(results, indent=2))
    print("\nerrors: " + ("none" if not failures else f"{failures} (must be 0)"))
    return 0 if not failures else 1


if __name__ == "__main__":
    sys.exit(main())
