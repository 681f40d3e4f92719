"""What accounts keep besides Django's users and django-allauth's second factors."""

from __future__ import annotations

from django.db import models

from tohu.credentials import keys


class PasswordResetRequest(models.Model):
    """A request for a password reset link, kept to limit how often anyone may ask.

    Kept apart from the audit log: anyone can ask, and asking must not write to the audit chain
    (only a link actually sent to an account is audited).
    """

    email = models.CharField(max_length=254)
    ip_address = models.CharField(max_length=45)
    requested_at = models.DateTimeField(db_index=True)

    class Meta:
        indexes = [
            models.Index(fields=["email", "requested_at"], name="reset_email_idx"),
            models.Index(fields=["ip_address", "requested_at"], name="reset_address_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.email} from {self.ip_address}"


class IdentityProvider(models.Model):
    """An organisation's own sign-in service (OpenID Connect), through which its people sign in.

    Tohu is registered with it as a client; a person it vouches for signs in as the Tohu person
    of that organisation with the same verified email address.
    """

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="identity_providers"
    )
    slug = models.SlugField(max_length=60, unique=True, help_text="Part of the sign-in address.")
    name = models.CharField(max_length=120, help_text="Shown on the sign-in button.")
    issuer = models.URLField(help_text="The provider's issuer address (OpenID Connect discovery).")
    client_id = models.CharField(max_length=200)
    # the client secret, encrypted under TOHU_KEY_ENCRYPTION_KEY (`sealed_secret`), never shown
    client_secret_sealed = models.BinaryField(editable=False)
    enabled = models.BooleanField(default=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def client_secret(self) -> str:
        """The client secret, decrypted (for the sign-in exchange only)."""
        return open_secret(self.client_secret_sealed, slug=self.slug)


def sealed_secret(secret: str, *, slug: str) -> bytes:
    """Encrypt an identity provider's client secret, bound to its slug."""
    return keys.seal(secret.encode("utf-8"), bound_to=f"identity-provider {slug}")


def open_secret(sealed: bytes | memoryview, *, slug: str) -> str:
    what = f"the client secret of identity provider {slug}"
    return keys.unseal(sealed, bound_to=f"identity-provider {slug}", what=what).decode("utf-8")
