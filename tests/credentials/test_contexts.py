"""The shipped JSON-LD contexts are exactly what their npm packages hold."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from tests.credentials.conftest import JS_DIR, NodeScript
from tohu.credentials.proof.loader import CONTEXTS_DIR


def test_shipped_contexts_equal_the_npm_packages(node_script: NodeScript, tmp_path: Path):
    node = shutil.which("node")
    assert node is not None
    subprocess.run(
        [node, str(JS_DIR / "vendor-contexts.mjs"), str(tmp_path)], check=True, cwd=JS_DIR
    )
    shipped = sorted(path.name for path in CONTEXTS_DIR.iterdir() if path.suffix != ".md")
    assert sorted(path.name for path in tmp_path.iterdir()) == shipped
    for name in shipped:
        assert (tmp_path / name).read_bytes() == (CONTEXTS_DIR / name).read_bytes(), name
