"""Background work for credentials (run by `tohu worker`)."""

from __future__ import annotations

from django_tasks import task

from tohu.credentials.services.issuing import credentials_sweep


@task()
def issue_credentials() -> dict[str, int]:
    """Revoke the credentials of changed records, issue and sign the missing ones."""
    return credentials_sweep()


def enqueue_issuance() -> None:
    """Queue the sweep (called after a change to completions commits)."""
    issue_credentials.enqueue()
