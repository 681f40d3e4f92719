"""The audit events of the learner index, passed to `tohu.core.audit.record`."""

from __future__ import annotations

from enum import StrEnum


class Event(StrEnum):
    """What happened to a learner's entry."""

    LEARNER_REGISTERED = "learner.registered"
    LEARNER_LINKED = "learner.account_linked"
    LEARNER_CREDENTIAL_NAME_SET = "learner.credential_name_set"
