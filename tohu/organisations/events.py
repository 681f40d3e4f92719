"""The audit events of organisations, passed to `tohu.core.audit.record`."""

from __future__ import annotations

from enum import StrEnum


class Event(StrEnum):
    """What happened to an organisation, a membership or an API key."""

    ORGANISATION_CREATED = "organisation.created"
    ORGANISATION_NZBN_SET = "organisation.nzbn_set"
    MEMBERSHIP_CREATED = "membership.created"
    MEMBERSHIP_ENDED = "membership.ended"
    API_KEY_CREATED = "api_key.created"
    API_KEY_REVOKED = "api_key.revoked"
