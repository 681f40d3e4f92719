"""The test run's own environment: nothing written outside one temporary directory, and
property tests that do not fail on a busy machine."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from django.conf import settings
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings


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
