"""The demo framework, built once per test through `build_demo`."""

from __future__ import annotations

import pytest

from tohu.demo.build import DemoSummary, build_demo


@pytest.fixture
def demo(db: None) -> DemoSummary:
    return build_demo()
