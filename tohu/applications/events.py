"""The audit events of applications, passed to `tohu.core.audit.record`."""

from enum import StrEnum


class Event(StrEnum):
    """What happened to an application."""

    CREATED = "application.created"
    UPDATED = "application.updated"
    ATTACHMENT_ADDED = "application.attachment_added"
    ATTACHMENT_REMOVED = "application.attachment_removed"
    SUBMITTED = "application.submitted"
    WITHDRAWN = "application.withdrawn"
    ASSIGNED = "application.assigned"
    EVALUATION_STARTED = "application.evaluation_started"
    CRITERION_JUDGED = "application.criterion_judged"
    HOURS_RECORDED = "application.hours_recorded"
    INFORMATION_REQUESTED = "application.information_requested"
    INFORMATION_PROVIDED = "application.information_provided"
    INFORMATION_OVERDUE_REMINDED = "application.information_overdue_reminded"
    APPROVED = "application.approved"
    DECLINED = "application.declined"
    STATEMENT_ISSUED = "equivalency.statement_issued"
