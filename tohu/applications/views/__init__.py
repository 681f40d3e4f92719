"""Web pages of applications: the applicant's drafts, the quality assurer's queue and evaluation,
the dashboard, notifications and the public register of statements of equivalency."""

from tohu.applications.views.applicant import (
    application_detail,
    application_edit,
    application_list,
    application_precheck,
    application_start,
    application_submit,
    application_withdraw,
    attachment_delete,
    attachment_download,
    attachment_upload,
    decision_letter,
    information_reply,
)
from tohu.applications.views.evaluation import dashboard, evaluate, evaluate_action, queue
from tohu.applications.views.public import (
    letter_verify,
    notifications,
    notifications_read,
    statement_detail,
    statement_pdf,
    statements,
)

__all__ = [
    "application_detail",
    "application_edit",
    "application_list",
    "application_precheck",
    "application_start",
    "application_submit",
    "application_withdraw",
    "attachment_delete",
    "attachment_download",
    "attachment_upload",
    "dashboard",
    "decision_letter",
    "evaluate",
    "evaluate_action",
    "information_reply",
    "letter_verify",
    "notifications",
    "notifications_read",
    "queue",
    "statement_detail",
    "statement_pdf",
    "statements",
]
