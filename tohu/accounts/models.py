"""What accounts keep besides Django's users and django-allauth's second factors."""

from __future__ import annotations

from django.db import models


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
