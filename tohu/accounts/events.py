"""The audit events of accounts: passwords, second factors, identity providers."""

from __future__ import annotations

from enum import StrEnum


class Event(StrEnum):
    """What happened to an account or an identity provider."""

    USER_SIGNED_IN = "user.signed_in"
    # older rows only: failed sign-ins now go to django-axes' log, not the chain
    USER_SIGN_IN_FAILED = "user.sign_in_failed"
    PASSWORD_CHANGED = "user.password_changed"
    PASSWORD_RESET = "user.password_reset"
    PASSWORD_RESET_REQUESTED = "user.password_reset_requested"
    SECOND_FACTOR_ADDED = "user.second_factor_added"
    SECOND_FACTOR_REMOVED = "user.second_factor_removed"
    IDENTITY_PROVIDER_CONFIGURED = "identity_provider.configured"
    IDENTITY_PROVIDER_REMOVED = "identity_provider.removed"
    IDENTITY_LINKED = "user.identity_linked"
    LANGUAGE_CHOSEN = "user.language_chosen"
