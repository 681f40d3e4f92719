"""Webhook deliveries per second, against raw HTTP posts of the same bodies.

    python -m bench webhooks [--count 2000] [--database both]

For each database (a fresh SQLite file under a temporary directory; on PostgreSQL a database of
this run's own on TOHU_BENCH_POSTGRES_URL, default postgres://postgres@127.0.0.1:5432/, named
`tohu_bench_webhooks_<pid>` and dropped at the end), in a child process of its own:

1. migrates, makes an organisation with an administrator, subscribes one endpoint (the service,
   so the secret is sealed as in production) to a local receiver: a separate process on the
   loopback interface (`http.server`, threads) that reads each body and answers 204;
2. writes `count` messages, each with its delivery to that endpoint, as the outbox does (one
   subject each, so order per subject holds none back);
3. **raw**: posts the same bodies to the same receiver with `http.client`, a connection each
   (as Tohu's fetcher does), one after the other: the baseline, with no database, no signing and
   no address check. It runs before and after Tohu's run and the faster counts (a stricter
   baseline);
4. **Tohu**: `tohu.webhooks.delivery.deliver_due`, the worker's own loop: find what is due, take
   each with its lease, sign it (Standard Webhooks), resolve and check the address, post through
   the careful fetcher, record the attempt and the delivered state in a transaction.

The figure is Tohu's deliveries per second as a fraction of raw posts per second, measured in the
same run against the same receiver (so a busy machine slows both alike). It has no target yet:
the figures are recorded in docs/performance.md to watch. Loopback over http is allowed in the
child as development allows it (`TOHU_WEBHOOKS_ALLOW_LOOPBACK`); production sends only over
https.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import subprocess
import sys
import tempfile
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from bench.common import (
    LOOPBACK,
    free_port,
    postgres_reachable,
    postgres_recreate,
    postgres_run_url,
    table,
    tohu_env,
)

REPO = Path(__file__).resolve().parent.parent
DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/"
OWNER = "bench-webhooks:1"


# --- the receiver (its own process) ---------------------------------------------------------------


class _Answer(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers["Content-Length"]))
        self.send_response(204)
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


def receive(port: int) -> None:
    """Answer 204 to every POST on the loopback port until killed."""
    ThreadingHTTPServer((LOOPBACK, port), _Answer).serve_forever()


# --- the child (one database) ---------------------------------------------------------------------


def _setup(count: int, url: str) -> list[bytes]:
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import transaction

    from tohu.core import clock
    from tohu.organisations.models import Membership, Organisation
    from tohu.webhooks import outbox, sending, services
    from tohu.webhooks.models import Delivery, EventType, Message

    settings.TOHU_WEBHOOKS_ALLOW_LOOPBACK = True
    call_command("migrate", verbosity=0)
    organisation = Organisation.objects.create(
        slug="bench-pte", name="Bench PTE", org_type="pte", moe_number="9999"
    )
    admin = get_user_model().objects.create_user(username="bench-admin", email="a@example.org")
    Membership.objects.create(user=admin, organisation=organisation, role="admin")
    endpoint = services.endpoint_create(
        actor=admin,
        organisation=organisation,
        url=url,
        event_types=[EventType.COMPLETION_RECORDED],
    ).endpoint
    now = clock.now()
    bodies: list[bytes] = []
    with transaction.atomic():
        messages = Message.objects.bulk_create(
            Message(
                msg_id=outbox.new_msg_id(),
                type=EventType.COMPLETION_RECORDED,
                subject=f"achievements.completion:{n}",
                organisation=organisation,
                occurred_at=now,
                payload={
                    "type": EventType.COMPLETION_RECORDED.value,
                    "timestamp": now.isoformat(),
                    "data": {
                        "completion_id": n,
                        "status": "recorded",
                        "replaces": None,
                        "url": f"https://tohu.example.govt.nz/api/v1/completions/{n}",
                        "event": "completion.recorded",
                        "sequence": n,
                    },
                },
                audit_sequence=n,
            )
            for n in range(1, count + 1)
        )
        Delivery.objects.bulk_create(
            Delivery(endpoint=endpoint, message=m, subject=m.subject, next_attempt_at=now)
            for m in messages
        )
    for message in Message.objects.order_by("pk"):
        bodies.append(sending.signed_body(message.payload))
    return bodies


def _raw(bodies: list[bytes], url: str) -> float:
    parts = urlsplit(url)
    started = time.perf_counter()
    for body in bodies:
        connection = http.client.HTTPConnection(parts.hostname or LOOPBACK, parts.port, timeout=10)
        try:
            connection.request(
                "POST", parts.path, body=body, headers={"Content-Type": "application/json"}
            )
            response = connection.getresponse()
            response.read()
            if response.status != 204:
                raise RuntimeError(f"the receiver answered {response.status}")
        finally:
            connection.close()
    return len(bodies) / (time.perf_counter() - started)


def child(count: int, url: str) -> dict[str, Any]:
    """Set up, then time raw posts, Tohu's delivery, and raw posts again."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tohu.settings")
    import django

    django.setup()
    from tohu.webhooks import delivery
    from tohu.webhooks.models import Delivery, DeliveryState

    bodies = _setup(count, url)
    raw_before = _raw(bodies, url)
    started = time.perf_counter()
    attempts = delivery.deliver_due(owner=OWNER)
    tohu_rate = count / (time.perf_counter() - started)
    delivered = Delivery.objects.filter(state=DeliveryState.DELIVERED).count()
    if attempts != count or delivered != count:
        raise RuntimeError(f"{attempts} attempts and {delivered} delivered of {count}")
    raw_after = _raw(bodies, url)
    return {"tohu": tohu_rate, "raw": max(raw_before, raw_after), "count": count}


# --- the parent ----------------------------------------------------------------------------------


def bench_database(database: str, count: int) -> dict[str, Any]:
    """Run the child against one database with its own receiver; return its figures."""
    with tempfile.TemporaryDirectory(prefix="tohu-bench-webhooks-") as tmp:
        workdir = Path(tmp)
        postgres = ""
        if database == "sqlite":
            database_url = f"sqlite:///{workdir / 'bench.sqlite3'}"
        else:
            base = os.environ.get("TOHU_BENCH_POSTGRES_URL", DEFAULT_POSTGRES)
            postgres = postgres_run_url(base.rstrip("/") + "/tohu_bench_webhooks")
            postgres_recreate(postgres)
            database_url = postgres
        env = tohu_env(database_url, workdir)
        env["TOHU_TASK_BACKEND"] = "django_tasks.backends.dummy.DummyBackend"
        port = free_port()
        receiver = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "bench.webhooks_delivery", "--receive", str(port)],
            cwd=REPO,
            env=env,
        )
        try:
            _wait_listening(port)
            done = subprocess.run(  # noqa: S603
                [
                    sys.executable,
                    "-m",
                    "bench.webhooks_delivery",
                    "--child",
                    f"http://{LOOPBACK}:{port}/hooks",
                    "--count",
                    str(count),
                ],
                cwd=REPO,
                env=env,
                capture_output=True,
                text=True,
                check=False,
                timeout=3600,
            )
        finally:
            receiver.kill()
            receiver.wait()
            if postgres:
                postgres_recreate(postgres, create=False)
        if done.returncode != 0:
            raise RuntimeError(f"{database} failed:\n{done.stderr[-4000:]}")
        figures: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return {"database": database, **figures, "ratio": figures["tohu"] / figures["raw"]}


def _wait_listening(port: int) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            http.client.HTTPConnection(LOOPBACK, port, timeout=1).connect()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"the receiver never listened on port {port}")


def report(results: list[dict[str, Any]]) -> str:
    rows = [
        [
            r["database"],
            str(r["count"]),
            f"{r['raw']:.0f}/s",
            f"{r['tohu']:.0f}/s",
            f"{r['ratio']:.3f}",
        ]
        for r in results
    ]
    return table(["database", "deliveries", "raw posts", "Tohu", "Tohu / raw"], rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench webhooks", description=__doc__)
    parser.add_argument("--count", type=int, default=2000, help="deliveries per database")
    parser.add_argument("--database", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--no-fail", action="store_true", help="accepted, as by every benchmark")
    parser.add_argument("--child", metavar="URL", help=argparse.SUPPRESS)
    parser.add_argument("--receive", type=int, metavar="PORT", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.receive:
        receive(args.receive)
        return 0
    if args.child:
        print(json.dumps(child(args.count, args.child)))
        return 0
    databases = ["sqlite", "postgresql"] if args.database == "both" else [args.database]
    results = []
    for database in databases:
        if database == "postgresql":
            base = os.environ.get("TOHU_BENCH_POSTGRES_URL", DEFAULT_POSTGRES)
            why = postgres_reachable(base.rstrip("/") + "/postgres")
            if why:
                print(f"PostgreSQL skipped: {why}")
                continue
        results.append(bench_database(database, args.count))
    print("Webhook deliveries against raw HTTP posts of the same bodies (one receiver, loopback)\n")
    print(report(results))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
