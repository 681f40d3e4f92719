"""Environment for the test run, set before Django reads its settings (loaded with `-p`).

Values already in the environment win, so `DATABASE_URL=postgres://... make test` runs the
same suite against PostgreSQL.

Everything the run writes to disk goes under one temporary directory: Tohu's var/ (uploads,
static files), pytest's `tmp_path` directories, and whatever `tempfile` makes. The process that
made it removes it when the run ends, so a run leaves nothing behind in the system's temporary
directory. Processes started by the run (pytest-xdist's workers, subprocesses) inherit it.
"""

from __future__ import annotations

import os
import shutil
import tempfile

import pytest

_made_here: str | None = None
if "TOHU_TEST_TEMP" not in os.environ:
    _made_here = tempfile.mkdtemp(prefix="tohu-tests-")
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


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    """Remove the run's temporary directory, from the process that made it."""
    if _made_here is not None:
        shutil.rmtree(_made_here, ignore_errors=True)
