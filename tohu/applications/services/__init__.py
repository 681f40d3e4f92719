"""Every change to an application, one function per action (see each module)."""

from tohu.applications.services.decisions import (
    ConditionTerms,
    application_approve,
    application_decline,
)
from tohu.applications.services.drafts import (
    EDITABLE_FIELDS,
    application_create,
    application_submit,
    application_update,
    application_withdraw,
    attachment_add,
    attachment_remove,
    clean_changes,
)
from tohu.applications.services.evaluation import (
    application_assign,
    application_begin_evaluation,
    application_criteria,
    criterion_judge,
    evaluator_hours_record,
    information_reply,
    information_request,
    information_requests_remind_overdue,
)
from tohu.applications.services.notifications import (
    notification_mark_read,
    notifications_mark_all_read,
)

__all__ = [
    "EDITABLE_FIELDS",
    "ConditionTerms",
    "application_approve",
    "application_assign",
    "application_begin_evaluation",
    "application_create",
    "application_criteria",
    "application_decline",
    "application_submit",
    "application_update",
    "application_withdraw",
    "attachment_add",
    "attachment_remove",
    "clean_changes",
    "criterion_judge",
    "evaluator_hours_record",
    "information_reply",
    "information_request",
    "information_requests_remind_overdue",
    "notification_mark_read",
    "notifications_mark_all_read",
]
