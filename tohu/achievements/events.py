"""The achievement app's audit events."""

from enum import StrEnum


class Event(StrEnum):
    """What the achievement services write to the audit log."""

    RESULTS_RECORDED = "results.recorded"
    RESULTS_REJECTED = "results.rejected"
    RESULTS_QUEUED = "results.queued"
    RESULTS_FAILED = "results.failed"
    RESULTS_FILES_REMOVED = "results.files_removed"
    COMPLETION_CORRECTED = "completion.corrected"
    COMPLETION_WITHDRAWN = "completion.withdrawn"
    SHARE_LINK_CREATED = "share_link.created"
    SHARE_LINK_REVOKED = "share_link.revoked"
