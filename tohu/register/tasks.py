"""Background tasks for the register (run by `tohu worker`)."""

from __future__ import annotations

from django_tasks import task

from tohu.register.services import micro_credentials_discontinue_expired


@task()
def discontinue_expired() -> list[str]:
    """LOR-8.3: discontinue every expiring listing whose end date has passed."""
    return micro_credentials_discontinue_expired()
