"""Hypothesis settings for the property tests.

Property tests check what happens, not how fast: Hypothesis's deadline (200 ms an example) and
its too-slow health check time each example by the wall clock, so on a machine busy with other
work they failed tests that were right. Speed is measured in bench/. The health checks that do
not depend on time (examples filtered away, data too large) still apply.

A test's own `suppress_health_check` replaces the profile's list rather than adding to it, so a
test that suppresses another check writes `suppress_health_check=suppressed(HealthCheck.…)`
(`tests/test_environment.py` checks every property test).
"""

from __future__ import annotations

from hypothesis import HealthCheck, settings

WALL_CLOCK_CHECKS = (HealthCheck.too_slow,)

settings.register_profile("tohu", deadline=None, suppress_health_check=list(WALL_CLOCK_CHECKS))


def suppressed(*checks: HealthCheck) -> list[HealthCheck]:
    """The wall-clock health checks, which no property test runs, and `checks`."""
    return [*WALL_CLOCK_CHECKS, *checks]
