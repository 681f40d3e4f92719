"""The `tohu` command: a thin front for Django's management commands.

`tohu serve`, `tohu worker`, `tohu demo`, `tohu audit verify`, `tohu register discontinue-expired`
and every other management command (`tohu migrate`, `tohu createsuperuser`, ...).
"""

from __future__ import annotations

import os
import signal
import sys

ALIASES: dict[str, list[str]] = {}
HELP_FLAGS = {"--help", "-h"}
# Help never uses the keys, but the settings refuse to load without them when DEBUG is off: give
# help a placeholder of the right form so `tohu serve --help` works on a machine with no keys yet.
HELP_ONLY_KEYS = {
    "SECRET_KEY": "help-only-placeholder-never-used-to-sign-anything",
    "TOHU_KEY_ENCRYPTION_KEY": "aGVscC1vbmx5LXBsYWNlaG9sZGVyLW5ldmVyLXVzZWQ=",
    "TOHU_AUDIT_KEY": "aGVscC1vbmx5LXBsYWNlaG9sZGVyLW5ldmVyLXVzZWQ=",
}


def asks_for_help(args: list[str]) -> bool:
    """Say whether the command line only asks for help (or names no command).

    Only `tohu`, `tohu help ...` and a `-h`/`--help` flag count: a value that happens to be the
    word "help" (an organisation called help) runs the command with the real keys.
    """
    return not args or args[0] == "help" or bool(HELP_FLAGS.intersection(args))


# the exit status of a command stopped by Ctrl+C (128 + SIGINT, as a shell reports it)
INTERRUPTED = 128 + signal.SIGINT


def main(argv: list[str] | None = None) -> None:
    """Run the named management command with the rest of the arguments."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tohu.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv[1:] if argv is None else argv)
    if asks_for_help(args):
        for name, placeholder in HELP_ONLY_KEYS.items():
            if not os.environ.get(name):
                os.environ[name] = placeholder
    if args and args[0] in ALIASES:
        args = ALIASES[args[0]] + args[1:]
    try:
        execute_from_command_line(["tohu", *args])
    except KeyboardInterrupt:
        # Ctrl+C (or `tohu serve` passing it on) before a command has set up its own handling,
        # say while the worker is still starting: stop quietly, as interrupted, not with a
        # traceback
        sys.exit(INTERRUPTED)


if __name__ == "__main__":
    main()
