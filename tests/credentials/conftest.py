"""Fixtures for the credential tests: the independent JavaScript verifier (tests/js) run by node.

The node tests skip where node or the npm packages are missing, and fail instead under
TOHU_REQUIRE_NODE=1 or TOHU_REQUIRE_BROWSER=1 (as CI runs), like the browser tests.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tohu.credentials.proof.loader import CONTEXTS_DIR

JS_DIR = Path(__file__).resolve().parent.parent / "js"
VECTORS = Path(__file__).resolve().parent / "vectors"

NodeScript = Callable[[str, dict[str, Any]], Any]


def _required() -> bool:
    return "1" in (os.environ.get("TOHU_REQUIRE_NODE"), os.environ.get("TOHU_REQUIRE_BROWSER"))


@pytest.fixture(scope="session")
def node_script() -> NodeScript:
    """Run a script in tests/js with JSON on stdin; return its JSON output."""
    node = shutil.which("node")
    reason = ""
    if node is None:
        reason = "node is not installed (Node 20: apt-get install nodejs npm)"
    elif not (JS_DIR / "node_modules" / "@digitalbazaar" / "vc").exists():
        reason = "the verifier's npm packages are not installed (cd tests/js && npm ci)"
    if reason:
        if _required():
            pytest.fail(f"TOHU_REQUIRE_NODE=1 but {reason}")
        pytest.skip(reason)
    assert node is not None

    def run(script: str, payload: dict[str, Any]) -> Any:
        payload = {"contextsDir": str(CONTEXTS_DIR), **payload}
        completed = subprocess.run(
            [node, str(JS_DIR / script)],
            input=json.dumps(payload),
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
            cwd=JS_DIR,
        )
        if completed.returncode != 0:
            raise AssertionError(f"node {script} failed: {completed.stderr}")
        return json.loads(completed.stdout)

    return run


def vector(name: str) -> dict[str, Any]:
    """Read a published test vector from tests/credentials/vectors."""
    data: dict[str, Any] = json.loads((VECTORS / name).read_text(encoding="utf-8"))
    return data


# The achievement tests' listing, provider and learners, on their frozen day.
from tests.achievements.conftest import (  # noqa: E402
    forklift,
    frozen_today,
    learners,
)

__all__ = ["forklift", "frozen_today", "learners"]
