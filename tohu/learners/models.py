"""The learner index: learners known by their National Student Number (NSN)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy

# ROA-nsn: an NSN is an opaque string of digits; leading zeros are part of it, no check digit.
nsn_validator = RegexValidator(r"^[0-9]{1,10}$", "An NSN is 1 to 10 digits (leading zeros kept).")


CREDENTIAL_NAME_MAX = 200


class Learner(models.Model):
    """A learner as the National Student Index knows them, optionally linked to a sign-in."""

    nsn = models.CharField("NSN", max_length=10, unique=True, validators=[nsn_validator])
    family_name = models.CharField(max_length=100)
    given_names = models.CharField(max_length=150, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    credential_name = models.CharField(
        "name on credentials",
        max_length=CREDENTIAL_NAME_MAX,
        blank=True,
        help_text=gettext_lazy(
            "The name the learner chose to show on their credentials; blank: the legal name."
        ),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="learner",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["family_name", "given_names"]
        constraints = [
            models.CheckConstraint(condition=Q(nsn__regex=r"^[0-9]+$"), name="nsn_digits_only")
        ]

    def __str__(self) -> str:
        return f"{self.full_name} (NSN {self.nsn})"

    @property
    def full_name(self) -> str:
        return f"{self.given_names} {self.family_name}".strip()

    @property
    def name_on_credentials(self) -> str:
        """The name the learner chose for their credentials, else the legal name."""
        return self.credential_name or self.full_name
