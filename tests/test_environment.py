"""The test run's own environment: nothing written outside one temporary directory, and
property tests that do not fail on a busy machine."""

from __future__ import annotations

import importlib
import inspect
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from tests import environment


def test_everything_the_run_writes_goes_under_its_temporary_directory(tmp_path: Path) -> None:
    root = Path(os.environ["TOHU_TEST_TEMP"])
    assert root.name.startswith("tohu-tests-")
    assert Path(tempfile.gettempdir()) == root
    assert root in tmp_path.parents
    media: str = settings.STORAGES["default"]["OPTIONS"]["location"]  # type: ignore[index]
    assert root in Path(media).parents
    assert root in Path(settings.STATIC_ROOT).parents


def test_property_tests_run_without_wall_clock_limits() -> None:
    current = hypothesis_settings()
    assert current.deadline is None
    assert HealthCheck.too_slow in current.suppress_health_check
    assert HealthCheck.filter_too_much not in current.suppress_health_check


def _property_tests() -> Iterator[tuple[str, Any]]:
    tests = Path(__file__).resolve().parent
    for path in sorted(tests.rglob("test_*.py")):
        module = importlib.import_module(
            ".".join(path.relative_to(tests.parent).with_suffix("").parts)
        )
        for name, value in vars(module).items():
            for test in [value, *vars(value).values()] if inspect.isclass(value) else [value]:
                if getattr(test, "is_hypothesis_test", False):
                    yield f"{module.__name__}.{name}", test


def test_no_property_test_puts_the_wall_clock_limits_back() -> None:
    found = dict(_property_tests())
    assert (
        "tests.register.test_bad_input.test_any_query_string_answers_200_or_400_never_500" in found
    )
    limited = {
        name: (chosen.deadline, chosen.suppress_health_check)
        for name, test in found.items()
        if (chosen := test._hypothesis_internal_use_settings).deadline is not None
        or HealthCheck.too_slow not in chosen.suppress_health_check
    }
    assert limited == {}, "use tests.properties.suppressed(...) for suppress_health_check"


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def _root(temp: Path, name: str, owner: int | None) -> Path:
    root = temp / name
    root.mkdir()
    if owner is not None:
        (root / environment.OWNER_FILE).write_text(str(owner), encoding="ascii")
    return root


def test_this_run_s_directory_names_a_live_process() -> None:
    root = Path(os.environ["TOHU_TEST_TEMP"])
    assert environment.owner_alive(root)
    pid = int((root / environment.OWNER_FILE).read_text(encoding="ascii"))
    assert pid in (os.getpid(), os.getppid())


def test_roots_of_runs_killed_outright_are_found_and_no_others(tmp_path: Path) -> None:
    dead = _root(tmp_path, "tohu-tests-dead", _dead_pid())
    _root(tmp_path, "tohu-tests-live", os.getpid())
    _root(tmp_path, "tohu-tests-older", None)  # no owner named: never removed
    _root(tmp_path, "elsewhere", _dead_pid())
    assert environment.abandoned_roots(tmp_path) == [dead]


def test_folders_named_like_the_project_s_that_appear_during_the_run_are_reported(
    tmp_path: Path,
) -> None:
    _root(tmp_path, "tohu-bench-old", None)
    own = _root(tmp_path, "tohu-tests-own", os.getpid())
    before = {entry.name for entry in tmp_path.iterdir()}
    _root(tmp_path, "tohu-tests-other-live", os.getpid())
    _root(tmp_path, "tohu-tests-other-killed", _dead_pid())
    _root(tmp_path, "tohu-bench-of-make-bench", None)  # made beside the tests, not by them
    _root(tmp_path, "tohu-other-new", None)
    _root(tmp_path, "pytest-of-root", None)
    _root(tmp_path, "someone-else", None)
    (tmp_path / "tohu-a-file").write_text("x", encoding="ascii")
    assert environment.left_behind(tmp_path, before, own) == [
        "pytest-of-root",
        "tohu-a-file",
        "tohu-other-new",
        "tohu-tests-other-killed",
    ]


def test_a_run_stopped_with_sigterm_removes_its_directory(tmp_path: Path) -> None:
    system_temp = tmp_path / "system"
    system_temp.mkdir()
    started = tmp_path / "started"
    (tmp_path / "pytest.ini").write_text("[pytest]\n", encoding="ascii")
    (tmp_path / "test_waits.py").write_text(
        "import pathlib, time\n"
        "def test_waits():\n"
        f"    pathlib.Path({str(started)!r}).write_text('yes')\n"
        "    time.sleep(120)\n",
        encoding="ascii",
    )
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in ("TOHU_TEST_TEMP", "PYTEST_DEBUG_TEMPROOT", "PYTEST_ADDOPTS")
        and not name.startswith(("PYTEST_XDIST", "COV_CORE"))
    }
    env["TMPDIR"] = str(system_temp)
    env["PYTHONPATH"] = str(Path(__file__).resolve().parent.parent)
    # only the environment plugin, so the run starts quickly
    env["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    ini, test = str(tmp_path / "pytest.ini"), str(tmp_path / "test_waits.py")
    process = subprocess.Popen(
        [sys.executable, "-m", "pytest", "-q", "-c", ini, "-p", "tests.environment", test],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while not started.exists():
            assert process.poll() is None, process.communicate()[0]
            assert time.monotonic() < deadline, "the run did not start its test"
            time.sleep(0.1)
        assert [p.name[:11] for p in system_temp.iterdir()] == [environment.ROOT_PREFIX]
        process.send_signal(signal.SIGTERM)
        output = process.communicate(timeout=60)[0].decode()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == pytest.ExitCode.INTERRUPTED, output
    assert "KeyboardInterrupt" in output
    assert list(system_temp.iterdir()) == []
