"""The `tohu` command: a thin front for Django's management commands.

`tohu serve`, `tohu worker`, `tohu demo`, `tohu audit verify`, `tohu register discontinue-expired`
and every other management command (`tohu migrate`, `tohu createsuperuser`, ...).
"""

from __future__ import annotations

import os
import sys

ALIASES: dict[str, list[str]] = {}


def main(argv: list[str] | None = None) -> None:
    """Run the named management command with the rest of the arguments."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tohu.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in ALIASES:
        args = ALIASES[args[0]] + args[1:]
    execute_from_command_line(["tohu", *args])


if __name__ == "__main__":
    main()
