"""The audit events of the register, passed to `tohu.core.audit.record`."""

from __future__ import annotations

from enum import StrEnum


class Event(StrEnum):
    """What happened to a listing, an accreditation or the fields of study."""

    MICRO_CREDENTIAL_LISTED = "micro_credential.listed"
    MICRO_CREDENTIAL_VERSION_ADDED = "micro_credential.version_added"
    MICRO_CREDENTIAL_STATUS_CHANGED = "micro_credential.status_changed"
    MICRO_CREDENTIAL_REMOVED = "micro_credential.removed"
    # a change to the listing's review schedule (REV-period)
    MICRO_CREDENTIAL_NEXT_REVIEW_SET = "micro_credential.next_review_set"
    ACCREDITATION_GRANTED = "accreditation.granted"
    ACCREDITATION_ENDED = "accreditation.ended"
    FIELD_OF_STUDY_CHANGED = "field_of_study.changed"
