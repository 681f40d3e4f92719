"""Production settings pass Django's deployment checks; bad settings fail loudly at start."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SECURE_", "DEBUG"))}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_settings_pass_check_deploy() -> None:
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY="k" * 20 + "production-grade-secret-key-with-enough-variety-0123456789",
        ALLOWED_HOSTS="tohu.example.govt.nz",
        SITE_URL="https://tohu.example.govt.nz",
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("site_url", ["", "http://tohu.example.govt.nz"])
def test_production_without_an_https_site_url_fails_check_deploy(site_url: str) -> None:
    result = _manage(
        "check",
        "--deploy",
        DEBUG="0",
        SECRET_KEY="k" * 20 + "production-grade-secret-key-with-enough-variety-0123456789",
        ALLOWED_HOSTS="tohu.example.govt.nz",
        SITE_URL=site_url,
    )
    assert result.returncode != 0
    assert "tohu.E001" in result.stderr
    assert "SITE_URL must be an https address in production" in result.stderr


def test_production_without_a_secret_key_refuses_to_start() -> None:
    result = _manage("check", DEBUG="0", SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_without_an_audit_key_refuses_to_start() -> None:
    result = _manage("check", DEBUG="0", TOHU_AUDIT_KEY="")
    assert result.returncode != 0
    assert "TOHU_AUDIT_KEY must be set when DEBUG is off" in result.stderr
    short = _manage("check", DEBUG="0", TOHU_AUDIT_KEY="c2hvcnQ=")
    assert "TOHU_AUDIT_KEY must decode to 32 bytes, not 5" in short.stderr


def test_a_bad_boolean_names_the_variable() -> None:
    result = _manage("check", DEBUG="perhaps", SECRET_KEY="x")
    assert result.returncode != 0
    assert "DEBUG='perhaps' is not a boolean" in result.stderr


def test_an_unknown_database_address_is_refused() -> None:
    result = _manage("check", DEBUG="1", DATABASE_URL="mysql://root@localhost/tohu")
    assert result.returncode != 0
    assert "DATABASE_URL must be sqlite or postgres" in result.stderr
