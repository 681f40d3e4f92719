"""`tohu serve --with-worker` (what `make run` runs) starts the server and the worker together,
and one Ctrl+C stops both, promptly, leaving no process behind, even with a browser's keep-alive
connection open."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

TOHU = str(Path(sys.executable).with_name("tohu"))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _ours(marker: str) -> list[int]:
    """Return the ids of running processes started with this run's marker in their environment."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            environ = (entry / "environ").read_bytes()
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if marker.encode() in environ and state != "Z":
            found.append(int(entry.name))
    return found


def _anonymous_gigabyte_is_refused_unread(port: int) -> bool:
    """Announce a 1 GB upload, send 64 KB of it, and expect 413 at once."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as raw:
        raw.sendall(
            b"POST /achievements/provider/any/upload/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: multipart/form-data; boundary=xyz\r\n"
            b"Content-Length: 1073741824\r\n\r\n" + b"x" * 65536
        )
        started = time.monotonic()
        answer = raw.recv(4096)
        took = time.monotonic() - started
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert took < 10
    return True


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="finds the processes through /proc")
def test_one_ctrl_c_stops_the_server_and_the_worker(tmp_path: Path) -> None:
    marker = f"TOHU_SERVE_TEST={tmp_path.name}"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'tohu.sqlite3'}",
        "TOHU_VAR_DIR": str(tmp_path / "var"),
        "TOHU_SERVE_TEST": tmp_path.name,
        "TOHU_TASK_BACKEND": "django_tasks_db.DatabaseBackend",
    }
    (tmp_path / "var" / "static").mkdir(parents=True)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    subprocess.run([TOHU, "migrate", "--noinput", "-v0"], env=env, check=True, timeout=600)
    port = _free_port()
    process = subprocess.Popen(
        [TOHU, "serve", "--with-worker", "--port", str(port), "--workers", "1"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                connection.request("GET", "/healthz")
                response = connection.getresponse()
                response.read()
                if response.status == 200:
                    break
                connection.close()
            except OSError:
                connection.close()
            assert time.monotonic() < deadline, "the server did not answer"
            time.sleep(0.5)
        assert _anonymous_gigabyte_is_refused_unread(port)
        # the worker beats, so the server reports itself ready
        while True:
            probe = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            probe.request("GET", "/health/ready")
            ready = probe.getresponse()
            ready.read()
            probe.close()
            if ready.status == 200:
                break
            assert time.monotonic() < deadline + 60, "the worker's heartbeat never arrived"
            time.sleep(0.5)
        # the connection stays open (keep-alive), as a browser's does
        workers = [
            pid for pid in _ours(marker)
            if b"worker" in Path(f"/proc/{pid}/cmdline").read_bytes()
        ]  # fmt: skip
        assert workers, "the background worker is not running beside the server"
        started = time.monotonic()
        process.send_signal(signal.SIGINT)
        output, _ = process.communicate(timeout=60)
        took = time.monotonic() - started
        connection.close()
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, output.decode()
    assert took < 15, f"stopping took {took:.1f} s"
    time.sleep(0.5)
    assert _ours(marker) == [], "a process was left running after Ctrl+C"
    assert b"Traceback" not in output
    # the worker's heartbeat waits for the apps to load before its first query
    assert b"Accessing the database during app initialization" not in output
