"""Background tasks for the register (run by `tohu worker`)."""

from __future__ import annotations

from django_tasks import task

from tohu.register.services import micro_credentials_discontinue_expired


@task()
def discontinue_expired() -> list[str]:
    """LOR-8.3: discontinue every expiring listing whose end date has passed."""
    return micro_credentials_discontinue_expired()


@task()
def build_open_data() -> str:
    """Rebuild the open-data files if the register changed since they were built."""
    from tohu.register import open_data

    built = open_data.build()
    if not built["built"]:
        return f"unchanged since {built['generated_at']}"
    return f"built {built['listings']} listings at {built['generated_at']}"
