"""The audit events of reviews and the 2025 transition review."""

from enum import StrEnum


class Event(StrEnum):
    """Everything the reviews app records in the audit log."""

    REVIEW_SCHEDULED = "review.scheduled"
    REVIEW_PROMPTED = "review.prompted"
    REVIEW_MARKED_OVERDUE = "review.marked_overdue"
    REVIEW_DRAFT_SAVED = "review.draft_saved"
    REVIEW_SUBMITTED = "review.submitted"
    REVIEW_ACCEPTED = "review.accepted"
    REVIEW_RETURNED = "review.returned"
    REVIEW_ESCALATION_RECORDED = "review.escalation_recorded"
    REVIEW_PERIOD_SET = "review.period_set"
    SCHEMES_IMPORTED = "training_scheme.imported"
    SCHEME_SCOPE_DECIDED = "training_scheme.scope_decided"
    SCHEME_RETIRED = "training_scheme.retired"
    # written as "training_scheme.converting" before the naming convention (event_names.RENAMED)
    SCHEME_CONVERSION_STARTED = "training_scheme.conversion_started"
    SCHEME_CONVERTED = "training_scheme.converted"
    CALENDAR_FEED_CREATED = "calendar_feed.created"
    CALENDAR_FEED_REVOKED = "calendar_feed.revoked"
