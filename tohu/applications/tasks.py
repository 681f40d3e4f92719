"""Background tasks for applications (run by `tohu worker`)."""

from __future__ import annotations

from django_tasks import task

from tohu.applications.services import information_requests_remind_overdue


@task()
def remind_overdue_information_requests() -> list[str]:
    """LOR-13.1: remind applicants, once, whose reply to a request for information is overdue."""
    return information_requests_remind_overdue()
