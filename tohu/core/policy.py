"""The policy in force: NZQA's policy values as configured (see `tohu.rulebook.policy`)."""

from __future__ import annotations

from django.conf import settings

from tohu.rulebook.policy import Policy


def current() -> Policy:
    """Return the configured policy values (the `TOHU_POLICY` setting)."""
    policy: Policy = settings.TOHU_POLICY
    return policy
