"""`tohu ... --help` works on a machine that has no SECRET_KEY or key-encryption key yet."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tohu.cli import asks_for_help, main

TOHU = str(Path(sys.executable).with_name("tohu"))
COMMANDS = ["serve", "worker", "demo", "audit", "results", "reviews", "daily", "migrate", "keys"]


def _without_keys() -> dict[str, str]:
    keys = ("SECRET_KEY", "TOHU_KEY_ENCRYPTION_KEY", "TOHU_AUDIT_KEY")
    env = {k: v for k, v in os.environ.items() if k not in keys}
    env["DEBUG"] = "0"
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return env


@pytest.mark.parametrize("command", COMMANDS)
def test_help_needs_no_keys(command: str) -> None:
    done = subprocess.run(
        [TOHU, command, "--help"], env=_without_keys(), capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert f"usage: tohu {command}" in done.stdout


def test_the_command_list_needs_no_keys() -> None:
    done = subprocess.run([TOHU], env=_without_keys(), capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "serve" in done.stdout


def test_a_real_command_still_refuses_to_start_without_keys() -> None:
    done = subprocess.run(
        [TOHU, "check"], env=_without_keys(), capture_output=True, text=True, timeout=120
    )
    assert done.returncode != 0
    assert "SECRET_KEY must be set" in done.stderr


def test_only_a_help_flag_or_the_help_command_counts_as_help() -> None:
    assert asks_for_help([])
    assert asks_for_help(["help", "serve"])
    assert asks_for_help(["serve", "-h"])
    assert not asks_for_help(["keys", "rotate", "help"])


def test_ctrl_c_before_a_command_handles_it_stops_quietly_as_interrupted(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # say the worker is still importing its start-up steps when Ctrl+C arrives
    def interrupted(argv: list[str]) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("django.core.management.execute_from_command_line", interrupted)
    with pytest.raises(SystemExit) as stopped:
        main(["worker"])
    assert stopped.value.code == 130
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
