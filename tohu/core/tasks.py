"""Background tasks of the foundation (run by `tohu worker`, or daily by `tohu daily`)."""

from __future__ import annotations

from django_tasks import task

from tohu.core import audit


@task()
def checkpoint_audit_chain() -> str:
    """Sign the audit chain's head (published at /audit/checkpoints.json)."""
    made = audit.checkpoint()
    return "empty chain" if made is None else f"checkpoint at event #{made.sequence}"
