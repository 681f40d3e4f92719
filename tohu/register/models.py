"""The register: listed micro-credentials, their versions, status history and accreditations."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy

from tohu.core.states import StateMachine, move
from tohu.rulebook import listed_title
from tohu.rulebook.status import ALLOWED_TRANSITIONS


class FieldOfStudy(models.Model):
    """An NZSCED field of study (reference data the quality assurer can extend in the admin)."""

    class Level(models.TextChoices):
        BROAD = "broad", gettext_lazy("Broad")
        NARROW = "narrow", gettext_lazy("Narrow")
        DETAILED = "detailed", gettext_lazy("Detailed")

    code = models.CharField(max_length=6, primary_key=True)
    level = models.CharField(max_length=10, choices=Level.choices)
    name = models.CharField(max_length=200)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )

    class Meta:
        ordering = ["code"]
        verbose_name_plural = gettext_lazy("fields of study")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class ListingStatus(models.TextChoices):
    """LOR-8.1: current, expiring or discontinued; LOR-10: removed when listed in error."""

    CURRENT = "current", gettext_lazy("Current")
    EXPIRING = "expiring", gettext_lazy("Expiring")
    DISCONTINUED = "discontinued", gettext_lazy("Discontinued")
    REMOVED = "removed", gettext_lazy("Removed (listed in error)")


# LOR-8.1, LOR-8.3, LOR-10: the rulebook's table, made by one service (its check is the
# rulebook's `check_status_transition`, which also checks the end date and the reason).
LISTING_STATES = StateMachine(
    "listing",
    ListingStatus,
    [
        move(
            source,
            target,
            # the demo's bulk loader replays a listing's status history with the same check
            by=(
                "tohu.register.services.micro_credential_status_set",
                "tohu.demo.bulk._micro_credential",
            ),
        )
        for source, targets in ALLOWED_TRANSITIONS.items()
        for target in sorted(targets)
    ],
    initial=[ListingStatus.CURRENT],
    rule_id="LOR-8.1",
)


class MicroCredential(models.Model):
    """A listed micro-credential: one listing number, many versions (VER-1)."""

    listing_number = models.CharField(max_length=12, unique=True)
    developer = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="developed"
    )
    status = models.CharField(
        max_length=20, choices=ListingStatus.choices, default=ListingStatus.CURRENT, db_index=True
    )
    listed_on = models.DateField(help_text=gettext_lazy("The day it was first listed (LOR-13.2)."))
    first_approved_on = models.DateField(
        help_text=gettext_lazy(
            "The day version 1 was approved: its review period follows from it (REV-period)."
        )
    )
    status_changed_on = models.DateField()
    expiring_end_date = models.DateField(
        null=True,
        blank=True,
        help_text=gettext_lazy("While expiring: the day after which it is discontinued."),
    )
    discontinued_on = models.DateField(null=True, blank=True)
    removed_reason = models.TextField(blank=True)
    te_hono = models.BooleanField(
        "evaluated using Te Hono o Te Kahurangi",
        default=False,
        help_text=gettext_lazy("LOR-14.2: the listing says so when it was evaluated this way."),
    )
    current_version = models.ForeignKey(
        "MicroCredentialVersion",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    next_review_due = models.DateField(null=True, blank=True)
    # when the listing or anything its documents show last changed (a version, its status, an
    # accreditation, an organisation it names): only its services move it (indexed, 0007)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["listing_number"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="expiring") | Q(expiring_end_date__isnull=False),
                name="expiring_has_end_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="discontinued") | Q(discontinued_on__isnull=False),
                name="discontinued_has_date",
            ),
        ]

    def __str__(self) -> str:
        version = self.current_version
        title = version.title if version is not None else "(no version)"
        return f"{self.listing_number} {title}"


class MicroCredentialVersion(models.Model):
    """One version of a micro-credential's listing details and approved content."""

    micro_credential = models.ForeignKey(
        MicroCredential, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=300)
    title_mi = models.CharField("title in te reo Māori", max_length=300, blank=True)
    level = models.PositiveSmallIntegerField()
    credits = models.PositiveSmallIntegerField()
    notional_hours = models.PositiveIntegerField(null=True, blank=True)
    nzsced_code = models.CharField("NZSCED field of study", max_length=6)
    purpose_use = models.TextField("(i) how it is used in New Zealand or elsewhere")
    purpose_relevance = models.TextField("(ii) relevance to learners, whānau, iwi, industry")
    purpose_outcomes = models.TextField("(iii) knowledge, skills and attributes")
    purpose_pathways = models.TextField("(iv) education pathways", blank=True)
    purpose_contribution = models.TextField("(v) cultural, employment or community pathway")
    purpose_mi = models.TextField("purpose and outcome statement in te reo Māori", blank=True)
    in_te_reo_maori = models.BooleanField("listed in te reo Māori", default=False)
    learning_outcomes = models.JSONField(default=list)
    standards_used = models.JSONField(default=list, blank=True)
    review_period_years = models.PositiveSmallIntegerField()
    review_period_reason = models.TextField(
        blank=True,
        help_text=gettext_lazy("Why the quality assurer set a period other than 1, 2 or 3 years."),
    )
    approved_on = models.DateField()
    effective_from = models.DateField(help_text=gettext_lazy("The first day this version applies."))
    rulebook_version = models.CharField(max_length=10)
    change_summary = models.TextField(
        blank=True, help_text=gettext_lazy("What changed from the version before.")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["micro_credential", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["micro_credential", "number"], name="unique_version_number"
            ),
            models.CheckConstraint(condition=Q(level__gte=1, level__lte=10), name="level_1_to_10"),
            models.CheckConstraint(condition=Q(credits__gte=1), name="credits_at_least_1"),
        ]

    def __str__(self) -> str:
        return f"{self.title} (version {self.number})"

    @property
    def listed_title(self) -> str:
        """LOR-6.1a: listed titles carry the suffix "(Micro-credential)"."""
        return listed_title(self.title)


class StatusChange(models.Model):
    """One change of a micro-credential's status, kept for its status history."""

    micro_credential = models.ForeignKey(
        MicroCredential, on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(max_length=20, choices=ListingStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=ListingStatus.choices)
    effective_on = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    reason = models.TextField(blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["micro_credential", "effective_on", "id"]

    def __str__(self) -> str:
        return f"{self.from_status or 'new'} → {self.to_status} on {self.effective_on}"


class AccreditationStatus(models.TextChoices):
    GRANTED = "granted", gettext_lazy("Granted")
    LAPSED = "lapsed", gettext_lazy("Lapsed")
    WITHDRAWN = "withdrawn", gettext_lazy("Withdrawn")
    SURRENDERED = "surrendered", gettext_lazy("Surrendered")


# An accreditation ends once: lapsed or withdrawn (the quality assurer's decisions) or
# surrendered (the provider's), each with a date and reason.
ACCREDITATION_STATES = StateMachine(
    "accreditation",
    AccreditationStatus,
    [
        move(AccreditationStatus.GRANTED, end, by="tohu.register.services.accreditation_end")
        for end in (
            AccreditationStatus.LAPSED,
            AccreditationStatus.WITHDRAWN,
            AccreditationStatus.SURRENDERED,
        )
    ],
    initial=[AccreditationStatus.GRANTED],
)


class Accreditation(models.Model):
    """A provider's right to deliver and award a micro-credential (LOR-18.2)."""

    provider = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="accreditations"
    )
    micro_credential = models.ForeignKey(
        MicroCredential, on_delete=models.PROTECT, related_name="accreditations"
    )
    status = models.CharField(
        max_length=20, choices=AccreditationStatus.choices, default=AccreditationStatus.GRANTED
    )
    granted_on = models.DateField()
    conditions = models.TextField(blank=True)
    ended_on = models.DateField(null=True, blank=True)
    ended_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["micro_credential", "provider__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "micro_credential"],
                condition=Q(status="granted"),
                name="one_granted_accreditation_per_provider",
            ),
            models.CheckConstraint(
                condition=Q(status="granted") | Q(ended_on__isnull=False),
                name="ended_accreditation_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.provider} accredited for {self.micro_credential.listing_number}"


class SearchDocument(models.Model):
    """The searchable text of a micro-credential's current version, with macrons folded.

    Each database indexes this table its own way (SQLite FTS5, PostgreSQL tsvector with GIN);
    see `tohu.register.search`.
    """

    micro_credential = models.OneToOneField(
        MicroCredential, on_delete=models.CASCADE, primary_key=True, related_name="search_document"
    )
    title = models.TextField()
    statement = models.TextField()
    outcomes = models.TextField()

    def __str__(self) -> str:
        return f"search document for {self.micro_credential_id}"


class ListingNumberCounter(models.Model):
    """Hand out listing numbers one at a time; its row lock stops two approvals sharing one."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"last listing number {self.last_number}"
