"""`tohu serve`: run Tohu under granian (WSGI), the production server; whitenoise serves static.

`tohu serve --with-worker` (what `make run` uses) also runs the background worker beside the
server and stops both on one Ctrl+C. Production runs them as separate services instead (see
docs/operations.md), so either can be restarted or scaled alone.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from argparse import ArgumentParser
from types import FrameType
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

# Seconds a process is given to finish what it is doing after the first stop signal, before it
# is told again (the worker then ends its task at once; its import is recovered on next start).
GRACE_SECONDS = 10


def granian_command(options: dict[str, Any]) -> list[str]:
    """Return the granian command line for these options."""
    beside_python = os.path.join(os.path.dirname(sys.executable), "granian")
    granian = shutil.which("granian") or beside_python
    if not os.path.exists(granian):
        raise CommandError("granian is not installed: run `make run` or `pip install granian`.")
    return [
        granian,
        "--interface",
        "wsgi",
        "--host",
        options["host"],
        "--port",
        str(options["port"]),
        "--workers",
        str(options["workers"]),
        "--blocking-threads",
        str(options["threads"]),
        # a worker holding a browser's keep-alive connection would otherwise delay the stop
        "--workers-kill-timeout",
        str(options["kill_timeout"]),
        "--no-ws",
        "tohu.wsgi:application",
    ]


def worker_command() -> list[str]:
    """Return the command line of the background worker, run by the same Python."""
    return [sys.executable, "-m", "tohu.cli", "worker"]


class Supervisor:
    """Run the server and the worker as children; one stop signal stops both, cleanly.

    Each child runs in its own process group, so the terminal's Ctrl+C reaches only this
    process, which passes it on once: a second signal would tell the worker to drop its task.
    """

    def __init__(self, commands: dict[str, list[str]], grace: float = GRACE_SECONDS) -> None:
        self.commands = commands
        self.grace = grace
        self.children: dict[str, subprocess.Popen[bytes]] = {}
        self.stopping_since: float | None = None
        self.forced = False

    def _stop(self, signum: int, frame: FrameType | None) -> None:
        if self.stopping_since is None:
            self.stopping_since = time.monotonic()
            print("Stopping the server and the worker...", file=sys.stderr, flush=True)
            self._signal_all(signal.SIGINT)
        elif not self.forced:
            self._force()

    def _force(self) -> None:
        self.forced = True
        print("Stopping now.", file=sys.stderr, flush=True)
        self._signal_all(signal.SIGTERM)

    def _signal_all(self, signum: int) -> None:
        for child in self.children.values():
            if child.poll() is None:
                child.send_signal(signum)

    def run(self) -> int:
        """Start every child, wait until all have ended, and return the first failure's code."""
        previous = {sig: signal.signal(sig, self._stop) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            for name, command in self.commands.items():
                self.children[name] = subprocess.Popen(command, process_group=0)  # noqa: S603
            while any(child.poll() is None for child in self.children.values()):
                ended = [n for n, c in self.children.items() if c.poll() is not None]
                if ended and self.stopping_since is None:
                    print(f"The {ended[0]} stopped; stopping the rest.", file=sys.stderr)
                    self._stop(signal.SIGTERM, None)
                if (
                    self.stopping_since is not None
                    and not self.forced
                    and time.monotonic() - self.stopping_since > self.grace
                ):
                    self._force()
                if self.forced and time.monotonic() - (self.stopping_since or 0) > 3 * self.grace:
                    for child in self.children.values():
                        if child.poll() is None:
                            child.kill()
                time.sleep(0.1)
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        codes = [child.returncode for child in self.children.values()]
        stopped = (0, -signal.SIGINT, 128 + signal.SIGINT)  # ended, or interrupted as asked
        return next((code for code in codes if code not in stopped), 0)


class Command(BaseCommand):
    help = (
        "Serve Tohu with granian in WSGI mode (static files through whitenoise); "
        "--with-worker also runs the background worker, for one-command local use."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument("--threads", type=int, default=4, help="blocking threads per worker")
        parser.add_argument(
            "--kill-timeout",
            type=int,
            default=5,
            help="seconds a server worker may take to stop before it is killed",
        )
        parser.add_argument(
            "--with-worker",
            action="store_true",
            help="also run the background worker; Ctrl+C stops both (production runs it apart)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        command = granian_command(options)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tohu.settings")
        worker = " and the background worker" if options["with_worker"] else ""
        self.stdout.write(
            f"Tohu is serving on http://{options['host']}:{options['port']}/ "
            f"(database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}){worker}. "
            "Stop with Ctrl+C."
        )
        self.stdout.flush()
        if not options["with_worker"]:
            os.execv(command[0], command)  # noqa: S606 - replaces this process with the server
        code = Supervisor({"server": command, "worker": worker_command()}).run()
        if code:
            raise CommandError(f"stopped with exit code {code}", returncode=code)
