"""What the benchmarks share: databases to run against, the production server, a load generator.

Everything stays on the loopback interface and is bounded in time.
"""

from __future__ import annotations

import http.client
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

REPO = Path(__file__).resolve().parent.parent
LOOPBACK = "127.0.0.1"


# ---------------------------------------------------------------------------------------------
# Figures.


def percentile(samples: Sequence[float], fraction: float) -> float:
    """Return the value below which `fraction` of the samples fall (linear interpolation)."""
    if not samples:
        return float("nan")
    if len(samples) == 1:
        return samples[0]
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return cuts[round(fraction * 100) - 1]


def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Lay rows out in columns: text left-aligned, the rest right-aligned."""
    widths = [max(len(str(row[i])) for row in [headers, *rows]) for i in range(len(headers))]

    def line(cells: Sequence[str]) -> str:
        parts = [
            str(cell).ljust(width) if i == 0 else str(cell).rjust(width)
            for i, (cell, width) in enumerate(zip(cells, widths, strict=True))
        ]
        return "  ".join(parts).rstrip()

    rule = "  ".join("-" * width for width in widths)
    return "\n".join([line(headers), rule, *(line(row) for row in rows)])


# ---------------------------------------------------------------------------------------------
# Databases.


@dataclass(frozen=True)
class Database:
    """A database to benchmark: its label, its DATABASE_URL and the environment for Tohu."""

    label: str
    url: str
    env: Mapping[str, str]


def postgres_admin_url(url: str) -> str:
    """Return the same server's `postgres` maintenance database, to create and drop from."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/postgres", scheme="postgresql"))


def postgres_run_url(url: str) -> str:
    """Return `url` naming a database of this run's own (`<name>_<pid>`), so runs never collide."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"{parts.path.rstrip('/')}_{os.getpid()}"))


def _database_name(url: str, required_prefix: str) -> str:
    name = urlsplit(url).path.lstrip("/")
    if not name.startswith(required_prefix):
        raise SystemExit(f"Refusing to drop or create {name!r}: not a {required_prefix}* name.")
    return name


def postgres_recreate(
    url: str, *, required_prefix: str = "tohu_bench", create: bool = True
) -> None:
    """Drop the database named in `url`, then create it afresh unless `create` is False.

    Only names starting with `required_prefix` are touched.
    """
    import psycopg
    from psycopg import sql

    name = _database_name(url, required_prefix)
    with psycopg.connect(postgres_admin_url(url), autocommit=True, connect_timeout=5) as admin:
        admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        if create:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def postgres_reachable(url: str) -> str:
    """Return "" when the server answers, or the reason it does not."""
    try:
        import psycopg

        with psycopg.connect(postgres_admin_url(url), connect_timeout=3):
            return ""
    except Exception as error:  # any failure means: skip PostgreSQL, saying why
        return str(error).strip().splitlines()[0]


def tohu_env(database_url: str, var_dir: Path) -> dict[str, str]:
    """Return the environment Tohu runs with in production, on plain HTTP over loopback."""
    # whitenoise warns (an error under -W error) when STATIC_ROOT is missing
    (var_dir / "static").mkdir(parents=True, exist_ok=True)
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DATABASE_", "TOHU_", "DJANGO_", "GRANIAN_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="tohu.settings",
        DATABASE_URL=database_url,
        SECRET_KEY="benchmark-only-secret-key-" + "x" * 40,
        TOHU_KEY_ENCRYPTION_KEY="YmVuY2gtb25seS1rZXktZW5jcnlwdGlvbi1rZXktMDE=",
        TOHU_AUDIT_KEY="YmVuY2gtb25seS1hdWRpdC1jaGVja3BvaW50LWtleSE=",
        DEBUG="0",
        SECURE_SSL_REDIRECT="0",
        SECURE_COOKIES="0",
        SECURE_HSTS_SECONDS="0",
        ALLOWED_HOSTS=LOOPBACK,
        TOHU_STATIC_MANIFEST="0",
        # latency is measured without the public answer cache: it times the search itself
        TOHU_REGISTER_CACHE_SECONDS="0",
        # every benchmark client comes from one loopback address: the per-address and per-key API
        # limits (tested in tests/api/test_rate_limits.py) would answer 429 and time the refusal
        TOHU_API_RATE_PER_KEY="1000000/min",
        TOHU_API_RATE_ANONYMOUS="1000000/min",
        TOHU_VAR_DIR=str(var_dir),
        LOG_LEVEL="ERROR",
        PYTHONPATH=str(REPO),
    )
    return env


# ---------------------------------------------------------------------------------------------
# The production server.


def free_port() -> int:
    """Return a TCP port on the loopback interface that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind((LOOPBACK, 0))
        port: int = probe.getsockname()[1]
        return port


def granian_command(port: int, *, workers: int, threads: int) -> list[str]:
    """Serve tohu.wsgi with granian in WSGI mode, as `tohu serve` does."""
    granian = Path(sys.executable).with_name("granian")
    return [
        str(granian),
        "--interface",
        "wsgi",
        "--host",
        LOOPBACK,
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--blocking-threads",
        str(threads),
        "--log-level",
        "warning",
        "--working-dir",
        str(REPO),
        "tohu.wsgi:application",
    ]


def _get_status(port: int, path: str, timeout: float) -> int:
    connection = http.client.HTTPConnection(LOOPBACK, port, timeout=timeout)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


@contextmanager
def granian_server(
    env: Mapping[str, str], *, workers: int, threads: int, log: Path, ready_path: str = "/healthz"
) -> Iterator[int]:
    """Run granian for the duration of the block and yield its port; stop it cleanly after."""
    port = free_port()
    with log.open("wb") as log_file:
        process = subprocess.Popen(  # noqa: S603 - our own interpreter's granian, fixed arguments
            granian_command(port, workers=workers, threads=threads),
            env=dict(env),
            cwd=REPO,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            _wait_ready(process, port, ready_path, log)
            yield port
        finally:
            _stop(process)


def _wait_ready(process: subprocess.Popen[bytes], port: int, path: str, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"granian stopped while starting:\n{log.read_text()[-2000:]}")
        try:
            if _get_status(port, path, timeout=2) == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"granian did not answer {path} within 60 s:\n{log.read_text()[-2000:]}")


def _stop(process: subprocess.Popen[bytes]) -> None:
    # the server leads its own process group (start_new_session): signal it and its workers
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGINT)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)


# ---------------------------------------------------------------------------------------------
# The load generator.


@dataclass
class LoadResult:
    """What a fixed-duration run achieved."""

    requests: int = 0
    seconds: float = 0.0
    statuses: Counter[int] = field(default_factory=Counter)
    failures: int = 0

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def non_200(self) -> int:
        return self.failures + sum(n for status, n in self.statuses.items() if status != 200)


def _client_loop(
    port: int,
    paths: Sequence[str],
    offset: int,
    stop_at: float,
    result: LoadResult,
    lock: threading.Lock,
) -> None:
    statuses: Counter[int] = Counter()
    failures = 0
    connection = http.client.HTTPConnection(LOOPBACK, port, timeout=30)
    index = offset
    while time.monotonic() < stop_at:
        path = paths[index % len(paths)]
        index += 1
        try:
            connection.request("GET", path, headers={"Accept-Encoding": "identity"})
            response = connection.getresponse()
            response.read()
            statuses[response.status] += 1
        except (OSError, http.client.HTTPException):
            failures += 1
            connection.close()
            connection = http.client.HTTPConnection(LOOPBACK, port, timeout=30)
    connection.close()
    with lock:
        result.statuses.update(statuses)
        result.failures += failures
        result.requests += sum(statuses.values())


def load(
    port: int, paths: Sequence[str], *, seconds: float, connections: int, warm_up: float = 1.0
) -> LoadResult:
    """Drive the server from `connections` keep-alive clients for `seconds`, after a warm-up."""
    if warm_up:
        _run_clients(port, paths, seconds=warm_up, connections=connections)
    return _run_clients(port, paths, seconds=seconds, connections=connections)


def _run_clients(
    port: int, paths: Sequence[str], *, seconds: float, connections: int
) -> LoadResult:
    result = LoadResult()
    lock = threading.Lock()
    started = time.monotonic()
    stop_at = started + seconds
    threads = [
        threading.Thread(
            target=_client_loop, args=(port, paths, i * 7, stop_at, result, lock), daemon=True
        )
        for i in range(connections)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 60)
    result.seconds = time.monotonic() - started
    return result
