"""Environment for the test run, set before Django reads its settings (loaded with `-p`).

Values already in the environment win, so `DATABASE_URL=postgres://... make test` runs the
same suite against PostgreSQL.

Everything the run writes to disk goes under one temporary directory: Tohu's var/ (uploads,
static files), pytest's `tmp_path` directories, and whatever `tempfile` makes. The process that
made it removes it when the run ends, so a run leaves nothing behind in the system's temporary
directory. Processes started by the run (pytest-xdist's workers, subprocesses) inherit it.

Stopped with SIGTERM or SIGHUP, the run still ends as if interrupted and removes it; the folder of a
run killed outright (SIGKILL) names its process (`owner.pid`), and the next run removes it once that
process is gone. At the end, the run fails if the system's temporary directory holds a new folder
named like the project's (`tohu-…`, `pytest-of-…`; not the benchmarks') that no live run owns.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import tempfile
from pathlib import Path
from types import FrameType

import pytest

ROOT_PREFIX = "tohu-tests-"
OWNER_FILE = "owner.pid"
# what the project names its temporary folders: test runs' roots and pytest's own root of
# tmp_path folders (were PYTEST_DEBUG_TEMPROOT not set). The benchmarks' work folders
# (tohu-bench-…) are left out: `make bench` running beside the tests makes them in the system's
# temporary directory, while the tests' own runs of bench code make them under TOHU_TEST_TEMP.
WATCHED = re.compile(r"^(tohu-(?!bench-)|pytest-of-)")


def owner_alive(root: Path) -> bool:
    """Whether the run that made `root` may still be going (unknown owners count as alive)."""
    try:
        pid = int((root / OWNER_FILE).read_text(encoding="ascii"))
    except (OSError, ValueError):
        return True  # made by an older run, or being made this instant: not ours to judge
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def abandoned_roots(temp: Path) -> list[Path]:
    """Roots of runs killed outright, whose process is gone."""
    return sorted(
        entry for entry in temp.glob(ROOT_PREFIX + "*") if entry.is_dir() and not owner_alive(entry)
    )


def left_behind(temp: Path, before: set[str], own_root: Path) -> list[str]:
    """Folders named like the project's that appeared in `temp` since `before` and that no live
    run owns (other runs' roots come and go with their runs)."""
    found = []
    for entry in temp.iterdir():
        if entry.name in before or entry == own_root or not WATCHED.match(entry.name):
            continue
        if entry.name.startswith(ROOT_PREFIX) and owner_alive(entry):
            continue
        found.append(entry.name)
    return sorted(found)


_SYSTEM_TEMP = Path(tempfile.gettempdir())
_before: set[str] = set()
_made_here: str | None = None
if "TOHU_TEST_TEMP" not in os.environ:
    for abandoned in abandoned_roots(_SYSTEM_TEMP):
        shutil.rmtree(abandoned, ignore_errors=True)
    _before = {entry.name for entry in _SYSTEM_TEMP.iterdir()}
    _made_here = tempfile.mkdtemp(prefix=ROOT_PREFIX)
    Path(_made_here, OWNER_FILE).write_text(str(os.getpid()), encoding="ascii")
    os.environ["TOHU_TEST_TEMP"] = _made_here
_TEMP = os.environ["TOHU_TEST_TEMP"]
os.environ["TMPDIR"] = _TEMP
# pytest puts its tmp_path directories under this root instead of the system's
os.environ["PYTEST_DEBUG_TEMPROOT"] = _TEMP
# tempfile read TMPDIR when first asked; ask it again
tempfile.tempdir = None

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production-0123456789")
os.environ.setdefault("TOHU_KEY_ENCRYPTION_KEY", "dGVzdC1vbmx5LWtleS1lbmNyeXB0aW9uLWtleS0wMTI=")
os.environ.setdefault("TOHU_AUDIT_KEY", "dGVzdC1vbmx5LWF1ZGl0LWNoZWNrcG9pbnQta2V5LTA=")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("SECURE_COOKIES", "0")
os.environ.setdefault("TOHU_STATIC_MANIFEST", "0")
# a configured address, as production has; tests/core/test_site.py covers SITE_URL unset
os.environ.setdefault("SITE_URL", "http://127.0.0.1:8000")
os.environ.setdefault("TOHU_VAR_DIR", os.path.join(_TEMP, "var"))
os.makedirs(os.path.join(os.environ["TOHU_VAR_DIR"], "static"), exist_ok=True)
# the public register cache has tests of its own (tests/register/test_cache.py)
os.environ.setdefault("TOHU_REGISTER_CACHE_SECONDS", "0")
# the API's rate limits have tests of their own (tests/api/test_rate_limits.py)
os.environ.setdefault("TOHU_API_RATE_PER_KEY", "100000/min")
os.environ.setdefault("TOHU_API_RATE_ANONYMOUS", "100000/min")
os.environ.setdefault("TOHU_TASK_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")
# the suite's own processes keep their priority; tests/operations/test_priority.py sets it
os.environ.setdefault("TOHU_BACKGROUND_NICENESS", "0")


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt(signal.Signals(signum).name)


def pytest_configure(config: pytest.Config) -> None:
    """A run stopped by SIGTERM or SIGHUP ends as if interrupted, so it still cleans up."""
    if _made_here is not None:
        for signum in (signal.SIGTERM, signal.SIGHUP):
            if signal.getsignal(signum) is signal.SIG_DFL:
                signal.signal(signum, _interrupt)


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session: pytest.Session) -> None:
    """Fail the run that left a folder in the system's temporary directory."""
    if _made_here is None:
        return
    leftovers = left_behind(_SYSTEM_TEMP, _before, Path(_made_here))
    if leftovers:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        message = (
            f"The run left these in {_SYSTEM_TEMP} (write under tmp_path or tempfile, which "
            "go to TOHU_TEST_TEMP; a program running beside the tests may have made them): "
            + ", ".join(leftovers)
        )
        if reporter is not None:
            reporter.ensure_newline()
            reporter.write_line(message, red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    """Remove the run's temporary directory, from the process that made it."""
    if _made_here is not None:
        shutil.rmtree(_made_here, ignore_errors=True)
