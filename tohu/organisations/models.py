"""Organisations, the people who act for them, and their API keys."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy
from stdnum import ean


class OrganisationKind(models.TextChoices):
    """What an organisation is to the framework; permissions follow from it."""

    QUALITY_ASSURER = "quality_assurer", gettext_lazy("Quality assurer")
    STANDARD_SETTING_BODY = "standard_setting_body", gettext_lazy("Standard-setting body")
    PROVIDER = "provider", gettext_lazy("Provider")
    OTHER = "other", gettext_lazy("Other organisation")


class OrganisationType(models.TextChoices):
    """The organisation's type; each belongs to exactly one kind (`KIND_OF_TYPE`)."""

    NZQA = "nzqa", gettext_lazy("New Zealand Qualifications Authority")
    UNIVERSITIES_NZ = "universities_nz", gettext_lazy("Universities New Zealand")
    WDC = "wdc", gettext_lazy("Workforce Development Council")
    ISB = "isb", gettext_lazy("Industry Skills Board")
    ITP = "itp", gettext_lazy("Polytechnic (ITP)")
    TE_PUKENGA = "te_pukenga", gettext_lazy("Te Pūkenga")
    WANANGA = "wananga", gettext_lazy("Wānanga")
    PTE = "pte", gettext_lazy("Private training establishment (PTE)")
    GTE = "gte", gettext_lazy("Government training establishment (GTE)")
    UNIVERSITY = "university", gettext_lazy("University")
    SCHOOL = "school", gettext_lazy("School or kura")
    EMPLOYER = "employer", gettext_lazy("Employer")
    PROFESSIONAL_BODY = "professional_body", gettext_lazy("Professional or regulatory body")
    OVERSEAS_PROVIDER = "overseas_provider", gettext_lazy("Overseas education provider")
    OTHER = "other", gettext_lazy("Other organisation")


KIND_OF_TYPE: dict[str, str] = {
    OrganisationType.NZQA: OrganisationKind.QUALITY_ASSURER,
    OrganisationType.UNIVERSITIES_NZ: OrganisationKind.QUALITY_ASSURER,
    OrganisationType.WDC: OrganisationKind.STANDARD_SETTING_BODY,
    OrganisationType.ISB: OrganisationKind.STANDARD_SETTING_BODY,
    OrganisationType.ITP: OrganisationKind.PROVIDER,
    OrganisationType.TE_PUKENGA: OrganisationKind.PROVIDER,
    OrganisationType.WANANGA: OrganisationKind.PROVIDER,
    OrganisationType.PTE: OrganisationKind.PROVIDER,
    OrganisationType.GTE: OrganisationKind.PROVIDER,
    OrganisationType.UNIVERSITY: OrganisationKind.PROVIDER,
    OrganisationType.SCHOOL: OrganisationKind.PROVIDER,
    OrganisationType.EMPLOYER: OrganisationKind.OTHER,
    OrganisationType.PROFESSIONAL_BODY: OrganisationKind.OTHER,
    OrganisationType.OVERSEAS_PROVIDER: OrganisationKind.OTHER,
    OrganisationType.OTHER: OrganisationKind.OTHER,
}


NZBN_LENGTH = 13


def nzbn_problem(nzbn: str) -> str | None:
    """Say what is wrong with a New Zealand Business Number, or None if it is well formed.

    An NZBN is a GS1 Global Location Number: 13 digits, the last a GS1 check digit over the first
    twelve, the same check as an EAN-13 (python-stdnum computes it).
    """
    if len(nzbn) != NZBN_LENGTH or not nzbn.isascii() or not nzbn.isdigit():
        return f"An NZBN is {NZBN_LENGTH} digits; {nzbn!r} is not."
    if not ean.is_valid(nzbn):
        return f"{nzbn} is not an NZBN: its last digit does not check (a digit is mistyped)."
    return None


def types_of_kind(kind: str) -> list[str]:
    """Return every organisation type that belongs to the kind."""
    return [org_type for org_type, of_kind in KIND_OF_TYPE.items() if of_kind == kind]


class Organisation(models.Model):
    """A body that takes part in the framework: the quality assurer, a developer, a provider."""

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=200)
    name_mi = models.CharField("name in te reo Māori", max_length=200, blank=True)
    org_type = models.CharField("type", max_length=40, choices=OrganisationType.choices)
    moe_number = models.CharField(
        "MoE provider number",
        max_length=10,
        blank=True,
        help_text=gettext_lazy("The Ministry of Education provider number, digits only."),
    )
    nzbn = models.CharField(
        "NZBN",
        max_length=13,
        blank=True,
        help_text=gettext_lazy(
            "The New Zealand Business Number: 13 digits, the last a check digit."
        ),
    )
    email = models.EmailField("contact email", blank=True)
    website = models.URLField(blank=True)
    active_from = models.DateField(null=True, blank=True)
    active_until = models.DateField(
        null=True,
        blank=True,
        help_text=gettext_lazy("Last day the organisation operated (e.g. WDCs 2025)."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["moe_number"], condition=~Q(moe_number=""), name="unique_moe_number"
            ),
            models.CheckConstraint(
                condition=Q(moe_number="") | Q(moe_number__regex=r"^[0-9]+$"),
                name="moe_number_digits",
            ),
            models.UniqueConstraint(fields=["nzbn"], condition=~Q(nzbn=""), name="unique_nzbn"),
            models.CheckConstraint(
                condition=Q(nzbn="") | Q(nzbn__regex=r"^[0-9]{13}$"),
                name="nzbn_thirteen_digits",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def kind(self) -> str:
        return KIND_OF_TYPE[self.org_type]

    @property
    def is_quality_assurer(self) -> bool:
        return self.kind == OrganisationKind.QUALITY_ASSURER

    @property
    def is_provider(self) -> bool:
        return self.kind == OrganisationKind.PROVIDER

    @property
    def is_standard_setting_body(self) -> bool:
        return self.kind == OrganisationKind.STANDARD_SETTING_BODY

    def is_active_on(self, day: date) -> bool:
        started = self.active_from is None or self.active_from <= day
        return started and (self.active_until is None or day <= self.active_until)

    @property
    def display_name(self) -> str:
        """Show both names where the organisation has a te reo Māori name."""
        return f"{self.name_mi} | {self.name}" if self.name_mi else self.name


class Role(models.TextChoices):
    """What a member may do for their organisation."""

    ADMIN = "admin", gettext_lazy("Organisation administrator")
    STAFF = "staff", gettext_lazy("Staff (applications and reviews)")
    RESULTS_OFFICER = "results_officer", gettext_lazy("Results officer")
    EVALUATOR = "evaluator", gettext_lazy("Evaluator")
    MANAGER = "manager", gettext_lazy("Quality assurance manager")
    TRANSLATOR = "translator", gettext_lazy("Translator (te reo Māori)")


class Membership(models.Model):
    """Link a person to an organisation with a role."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=30, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation__name", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="unique_membership_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} at {self.organisation}"


class ApiKey(models.Model):
    """A key an organisation's systems use for the API; only its SHA-256 is stored."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="api_keys"
    )
    name = models.CharField(
        max_length=100, help_text=gettext_lazy("What uses the key, e.g. 'student system'.")
    )
    prefix = models.CharField(max_length=12, unique=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(
        null=True, blank=True, help_text=gettext_lazy("Updated at most once a minute.")
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    scopes = models.JSONField(
        default=list,
        blank=True,
        help_text=gettext_lazy("What the key may do (tohu.core.principal.Scope)."),
    )
    expires_on = models.DateField(
        null=True,
        blank=True,
        help_text=gettext_lazy("The last day the key works; empty: until revoked."),
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    def is_active_on(self, day: date) -> bool:
        """Not revoked, and not past its expiry date on `day`."""
        return self.revoked_at is None and (self.expires_on is None or day <= self.expires_on)
