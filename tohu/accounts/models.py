"""What accounts keep besides Django's users and django-allauth's second factors."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy

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
    slug = models.SlugField(
        max_length=60, unique=True, help_text=gettext_lazy("Part of the sign-in address.")
    )
    name = models.CharField(max_length=120, help_text=gettext_lazy("Shown on the sign-in button."))
    issuer = models.URLField(
        help_text=gettext_lazy("The provider's issuer address (OpenID Connect discovery).")
    )
    client_id = models.CharField(max_length=200)
    # the email domains the provider speaks for (lower case, ASCII form); empty: any address of
    # the organisation's people
    email_domains = models.JSONField(
        default=list,
        blank=True,
        help_text=gettext_lazy("Only people with an email address at these domains sign in."),
    )
    # the client secret, encrypted under TOHU_KEY_ENCRYPTION_KEY (`sealed_secret`), never shown
    client_secret_sealed = models.BinaryField(editable=False)
    enabled = models.BooleanField(default=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def allows_email(self, email: str) -> bool:
        """Whether a person with this (verified) address may sign in through the provider."""
        if not self.email_domains:
            return True
        domain = email_domain(email)
        return domain is not None and domain in self.email_domains

    def client_secret(self) -> str:
        """The client secret, decrypted (for the sign-in exchange only)."""
        return open_secret(self.client_secret_sealed, slug=self.slug)


def email_domain(email: str) -> str | None:
    """The domain of an email address, in lower case and its ASCII (IDNA) form; None when the
    address has none that can be written so."""
    _local, at, domain = email.strip().rpartition("@")
    if not at or not domain:
        return None
    try:
        return domain.lower().encode("idna").decode("ascii")
    except UnicodeError:
        return None


def sealed_secret(secret: str, *, slug: str) -> bytes:
    """Encrypt an identity provider's client secret, bound to its slug."""
    return keys.seal(secret.encode("utf-8"), bound_to=f"identity-provider {slug}")


def open_secret(sealed: bytes | memoryview, *, slug: str) -> str:
    what = f"the client secret of identity provider {slug}"
    return keys.unseal(sealed, bound_to=f"identity-provider {slug}", what=what).decode("utf-8")


class InterfacePreference(models.Model):
    """The interface language a signed-in person chose with the language switch.

    Written only by `accounts.services.language_choose`; put in the session when they sign in
    and applied to every page they are signed in for (`PreferredLanguageMiddleware`).
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="interface_preference",
    )
    language = models.CharField(max_length=10, choices=settings.LANGUAGES)
    chosen_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.user_id}: {self.language}"
