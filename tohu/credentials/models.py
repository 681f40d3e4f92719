"""Verifiable credentials: issuers' keys, the credentials issued for completions, status lists.

Private keys are stored only encrypted under the key-encryption key (`tohu.credentials.keys`).
"""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy

from tohu.core.states import StateMachine, move

# Bitstring Status List: at least 131,072 entries a list, so one entry hides among many (the
# specification's herd-privacy minimum); indexes are handed out at random.
STATUS_LIST_SIZE = 131_072


class KeyStatus(models.TextChoices):
    ACTIVE = "active", gettext_lazy("Active (signs new credentials)")
    RETIRED = "retired", gettext_lazy("Retired (kept so what it signed still verifies)")
    COMPROMISED = "compromised", gettext_lazy("Compromised (removed; what it signed is revoked)")


_BY = "tohu.credentials.services"

# Rotation retires the active key (it stays in the DID document); a compromised key is removed,
# whether active or retired, and what it signed is re-issued.
KEY_STATES = StateMachine(
    "issuer key",
    KeyStatus,
    [
        move(KeyStatus.ACTIVE, KeyStatus.RETIRED, by=f"{_BY}.keys.issuer_key_rotate"),
        move(
            [KeyStatus.ACTIVE, KeyStatus.RETIRED],
            KeyStatus.COMPROMISED,
            by=f"{_BY}.issuing.issuer_key_retire_compromised",
        ),
    ],
    initial=[KeyStatus.ACTIVE],
)


class IssuerKey(models.Model):
    """An Ed25519 key an organisation signs with, as `did:web:<host>:issuers:<slug>#key-<n>`."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="issuer_keys"
    )
    number = models.PositiveIntegerField()
    public_key_multibase = models.CharField(max_length=64, unique=True)
    private_key_encrypted = models.BinaryField(editable=False)
    status = models.CharField(max_length=12, choices=KeyStatus.choices, default=KeyStatus.ACTIVE)
    created_at = models.DateTimeField()
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["organisation_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "number"], name="issuer_key_number"),
            models.UniqueConstraint(
                fields=["organisation"],
                condition=Q(status="active"),
                name="one_active_issuer_key",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} key-{self.number} ({self.status})"

    @property
    def fragment(self) -> str:
        return f"key-{self.number}"


class StatusPurpose(models.TextChoices):
    REVOCATION = "revocation", gettext_lazy("Revocation")
    SUSPENSION = "suspension", gettext_lazy("Suspension")


class StatusList(models.Model):
    """One issuer's Bitstring Status List for one purpose: which credentials it has revoked, or
    has suspended.

    `bits` is the list itself (1 = revoked or suspended); `allocated` marks the indexes handed out.
    """

    issuer = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="status_lists"
    )
    purpose = models.CharField(max_length=12, choices=StatusPurpose.choices)
    number = models.PositiveIntegerField()
    size = models.PositiveIntegerField(default=STATUS_LIST_SIZE)
    bits = models.BinaryField()
    allocated = models.BinaryField()
    allocated_count = models.PositiveIntegerField(default=0)
    changed_at = models.DateTimeField()

    class Meta:
        ordering = ["issuer_id", "purpose", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "purpose", "number"], name="status_list_number"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.issuer_id} {self.purpose} list {self.number}"


class CredentialState(models.TextChoices):
    ISSUED = "issued", gettext_lazy("Issued")
    REVOKED = "revoked", gettext_lazy("Revoked")


# A credential is revoked (its status bit set) when its completion is corrected or withdrawn or
# its key is compromised; suspension is a separate bit, not a state.
CREDENTIAL_STATES = StateMachine(
    "credential",
    CredentialState,
    [move(CredentialState.ISSUED, CredentialState.REVOKED, by=f"{_BY}.issuing._revoke")],
    initial=[CredentialState.ISSUED],
)


class Credential(models.Model):
    """The Open Badges 3.0 credential of one completion.

    Created (with its status entry) in the background after the completion commits; `document`
    holds the signed credential once signed, which is in the background too or on first request.
    A correction revokes it and issues a new one that names it in `replaces`. The quality
    assurer may suspend it while a completion is under investigation (`suspended_at`), and lift
    the suspension; each is a bit in the issuer's suspension list.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    completion = models.ForeignKey(
        "achievements.Completion", on_delete=models.PROTECT, related_name="credentials"
    )
    issuer = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    status_list = models.ForeignKey(StatusList, on_delete=models.PROTECT, related_name="+")
    status_index = models.PositiveIntegerField()
    # the suspension entry: empty only for credentials issued before Tohu suspended any
    suspension_list = models.ForeignKey(
        StatusList, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    suspension_index = models.PositiveIntegerField(null=True, blank=True)
    suspended_at = models.DateTimeField(null=True, blank=True)
    suspension_reason = models.TextField(blank=True)
    salt = models.CharField(
        max_length=32, help_text=gettext_lazy("Salt of the hashed NSN in the credential.")
    )
    replaces = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaced_by"
    )
    state = models.CharField(
        max_length=10, choices=CredentialState.choices, default=CredentialState.ISSUED
    )
    document = models.JSONField(
        null=True, blank=True, help_text=gettext_lazy("The signed credential.")
    )
    key = models.ForeignKey(
        IssuerKey, null=True, blank=True, on_delete=models.PROTECT, related_name="credentials"
    )
    signed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    revocation_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["status_list", "status_index"], name="credential_status_entry"
            ),
            models.UniqueConstraint(
                fields=["suspension_list", "suspension_index"],
                name="credential_suspension_entry",
            ),
            models.UniqueConstraint(
                fields=["completion"],
                condition=Q(state="issued"),
                name="one_issued_credential_per_completion",
            ),
        ]
        indexes = [
            models.Index(
                fields=["signed_at"],
                name="credential_unsigned",
                condition=Q(signed_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"urn:uuid:{self.uuid}"

    @property
    def credential_id(self) -> str:
        return f"urn:uuid:{self.uuid}"


class ExchangeState(models.TextChoices):
    CREATED = "created", gettext_lazy("Created (shown to the learner)")
    REQUESTED = "requested", gettext_lazy("Requested (the wallet was asked to authenticate)")
    COMPLETED = "completed", gettext_lazy("Completed (the credentials were delivered)")
    CLOSED = "closed", gettext_lazy("Closed (too many refused presentations)")


# A wallet exchange: asked for (the presentation request), then completed once, or closed after
# too many refused presentations.
EXCHANGE_STATES = StateMachine(
    "exchange",
    ExchangeState,
    [
        move(
            ExchangeState.CREATED,
            ExchangeState.REQUESTED,
            by=f"{_BY}.exchanges.wallet_exchange_step",
        ),
        move(
            ExchangeState.REQUESTED,
            ExchangeState.COMPLETED,
            by=f"{_BY}.exchanges.wallet_exchange_step",
        ),
        move(ExchangeState.REQUESTED, ExchangeState.CLOSED, by=f"{_BY}.exchanges._record_refusal"),
    ],
    initial=[ExchangeState.CREATED],
)


class WalletExchange(models.Model):
    """A VC-API exchange by which a learner's wallet collects their credentials (QR code).

    Created only for the signed-in learner; single use; short-lived. The address's token is
    kept only as its SHA-256. `credential` is the one credential offered, or none for all the
    learner's live credentials.
    """

    token_hash = models.CharField(max_length=64, unique=True)
    learner = models.ForeignKey(
        "learners.Learner", on_delete=models.PROTECT, related_name="wallet_exchanges"
    )
    credential = models.ForeignKey(
        Credential, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    challenge = models.CharField(max_length=64)
    state = models.CharField(
        max_length=10, choices=ExchangeState.choices, default=ExchangeState.CREATED
    )
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    completed_at = models.DateTimeField(null=True, blank=True)
    holder_did = models.CharField(max_length=200, blank=True)
    refused_presentations = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"wallet exchange {self.pk} ({self.state})"
