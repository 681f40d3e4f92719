"""The credential app's audit events."""

from enum import StrEnum


class Event(StrEnum):
    """What the credential services write to the audit log."""

    ISSUER_KEY_CREATED = "issuer_key.created"
    ISSUER_KEY_ROTATED = "issuer_key.rotated"
    ISSUER_KEY_COMPROMISED = "issuer_key.compromised"
    CREDENTIALS_ISSUED = "credentials.issued"
    CREDENTIAL_REVOKED = "credential.revoked"
    CREDENTIAL_SUSPENDED = "credential.suspended"
    CREDENTIAL_REINSTATED = "credential.reinstated"
    WALLET_EXCHANGE_CREATED = "wallet_exchange.created"
    WALLET_EXCHANGE_COMPLETED = "wallet_exchange.completed"
    WALLET_EXCHANGE_REFUSED = "wallet_exchange.presentation_refused"
