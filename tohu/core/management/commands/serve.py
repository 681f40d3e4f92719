"""`tohu serve`: run Tohu under granian (WSGI), the production server; whitenoise serves static."""

from __future__ import annotations

import os
import shutil
import sys
from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Serve Tohu with granian in WSGI mode (static files through whitenoise)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument("--threads", type=int, default=4, help="blocking threads per worker")

    def handle(self, *args: Any, **options: Any) -> None:
        beside_python = os.path.join(os.path.dirname(sys.executable), "granian")
        granian = shutil.which("granian") or beside_python
        if not os.path.exists(granian):
            raise CommandError("granian is not installed: run `make run` or `pip install granian`.")
        command = [
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
            "--no-ws",
            "tohu.wsgi:application",
        ]
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tohu.settings")
        self.stdout.write(
            f"Tohu is serving on http://{options['host']}:{options['port']}/ "
            f"(database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}). "
            "Stop with Ctrl+C."
        )
        self.stdout.flush()
        os.execv(granian, command)  # noqa: S606 - replaces this process with the server
