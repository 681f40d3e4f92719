"""Reviews: the schedule, the online review report, outcomes, escalation, and the 2025 review of
former training schemes (domain/rules.md section 5)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy

from tohu.core.states import StateMachine, move
from tohu.rulebook import SCOPE_LABELS, Cohort, PromptKind, completion_rate

PROMPT_KIND_CHOICES = [
    (PromptKind.ADVANCE.value, gettext_lazy("Advance notice")),
    (PromptKind.DUE.value, gettext_lazy("Due date")),
    (PromptKind.OVERDUE.value, gettext_lazy("Overdue")),
]


class ReviewKind(models.TextChoices):
    """Who a review asks: the developer (REV-dev) or an accredited provider (REV-prov)."""

    DEVELOPER = "developer", gettext_lazy("Developer review")
    PROVIDER = "provider", gettext_lazy("Provider review")
    SCHEME = "scheme", gettext_lazy("Training scheme review")


class ReviewStatus(models.TextChoices):
    """Review: scheduled → due (prompted) → submitted → accepted | returned (→ submitted)."""

    SCHEDULED = "scheduled", gettext_lazy("Scheduled")
    DUE = "due", gettext_lazy("Due (prompted)")
    SUBMITTED = "submitted", gettext_lazy("Submitted")
    ACCEPTED = "accepted", gettext_lazy("Accepted")
    RETURNED = "returned", gettext_lazy("Returned for more work")


_BY = "tohu.reviews.services"

# The review state machine (docs/architecture.md, "State machines"); overdue is derived from
# the dates, not a status.
REVIEW_STATES = StateMachine(
    "review",
    ReviewStatus,
    [
        move(ReviewStatus.SCHEDULED, ReviewStatus.DUE, by=f"{_BY}.schedule._apply_prompt"),
        move(
            [ReviewStatus.SCHEDULED, ReviewStatus.DUE, ReviewStatus.RETURNED],
            ReviewStatus.SUBMITTED,
            by=f"{_BY}.reports.review_submit",
        ),
        move(ReviewStatus.SUBMITTED, ReviewStatus.ACCEPTED, by=f"{_BY}.reports.review_accept"),
        move(ReviewStatus.SUBMITTED, ReviewStatus.RETURNED, by=f"{_BY}.reports.review_return"),
    ],
    initial=[ReviewStatus.SCHEDULED],
    rule_id="REV-form",
)

# the statuses in which the organisation still owes a report: those it may submit from
OPEN_STATUSES = tuple(s for s in ReviewStatus if s in REVIEW_STATES.sources(ReviewStatus.SUBMITTED))


class Outcome(models.TextChoices):
    """REV-form outcomes; a former training scheme's provider answers continue or retire."""

    CONTINUE_UNCHANGED = "continue_unchanged", gettext_lazy("Continue unchanged")
    CONTINUE_WITH_CHANGES = "continue_with_changes", gettext_lazy("Continue with changes")
    DO_NOT_CONTINUE = "do_not_continue", gettext_lazy("Do not continue")


SCHEME_OUTCOME_LABELS = {
    Outcome.CONTINUE_WITH_CHANGES: "Continue (apply for a change to meet current rules)",
    Outcome.DO_NOT_CONTINUE: "Retire the scheme",
}


class SchemeStatus(models.TextChoices):
    """Where a former training scheme stands in the 2025 transition."""

    IN_DELIVERY = "in_delivery", gettext_lazy("In delivery")
    CONVERTING = "converting", gettext_lazy("Converting (change application due)")
    CONVERTED = "converted", gettext_lazy("Converted (listed on the framework)")
    RETIRED = "retired", gettext_lazy("Retired from delivery")


# A former training scheme in the 2025 review (TRANS-2025): its review's accepted outcome retires
# it or starts its conversion; the approved change application converts it.
SCHEME_STATES = StateMachine(
    "training scheme",
    SchemeStatus,
    [
        move(
            SchemeStatus.IN_DELIVERY,
            SchemeStatus.RETIRED,
            by=f"{_BY}.outcomes._scheme_outcome",
        ),
        move(
            SchemeStatus.IN_DELIVERY,
            SchemeStatus.CONVERTING,
            by=f"{_BY}.outcomes._scheme_outcome",
        ),
        move(
            SchemeStatus.CONVERTING,
            SchemeStatus.CONVERTED,
            by=f"{_BY}.transition.scheme_convert",
        ),
    ],
    initial=[SchemeStatus.IN_DELIVERY],
    rule_id="TRANS-2025",
)


class TrainingScheme(models.Model):
    """A former training scheme (a deemed micro-credential) in the 2025 review (TRANS-2025)."""

    reference = models.CharField(max_length=40, unique=True)
    title = models.CharField(max_length=300)
    provider = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="training_schemes"
    )
    first_approved_on = models.DateField()
    cohort = models.CharField(max_length=20, choices=[(c.value, c.value.title()) for c in Cohort])
    duration_weeks = models.PositiveSmallIntegerField()
    basic_first_aid = models.BooleanField(default=False)
    english_language = models.BooleanField("English language tuition", default=False)
    credits = models.PositiveSmallIntegerField()
    level = models.PositiveSmallIntegerField()
    scope = models.CharField(max_length=20, choices=list(SCOPE_LABELS.items()))
    scope_reason = models.TextField()
    # a flagged (12-week) scheme is decided by a person: who, when and why
    scope_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    scope_decision_note = models.TextField(blank=True)
    status = models.CharField(
        max_length=20, choices=SchemeStatus.choices, default=SchemeStatus.IN_DELIVERY
    )
    status_changed_on = models.DateField(null=True, blank=True)
    micro_credential = models.ForeignKey(
        "register.MicroCredential",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="former_training_schemes",
        help_text=gettext_lazy(
            "The listing the scheme became when its change application was approved."
        ),
    )
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["reference"]
        constraints = [
            models.CheckConstraint(condition=Q(level__gte=1, level__lte=10), name="scheme_level"),
            models.CheckConstraint(
                condition=~Q(status="converted") | Q(micro_credential__isnull=False),
                name="converted_scheme_has_listing",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"


class Review(models.Model):
    """One review of one micro-credential (or former training scheme) for one cycle, asked of one
    organisation: its developer or an accredited provider (REV-form)."""

    kind = models.CharField(max_length=20, choices=ReviewKind.choices)
    micro_credential = models.ForeignKey(
        "register.MicroCredential",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reviews",
    )
    training_scheme = models.ForeignKey(
        TrainingScheme, null=True, blank=True, on_delete=models.PROTECT, related_name="reviews"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="reviews"
    )
    due_on = models.DateField(db_index=True)
    status = models.CharField(
        max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.SCHEDULED, db_index=True
    )
    transition_2025 = models.BooleanField(
        "part of the 2025 transition review", default=False, help_text=gettext_lazy("TRANS-2025")
    )
    overdue_marked_on = models.DateField(null=True, blank=True)
    # REV-dev
    evidence_of_need = models.BooleanField(null=True, blank=True)
    evidence_of_need_detail = models.TextField(blank=True)
    updates_needed = models.TextField(blank=True)
    consulted_iwi_hapu = models.TextField("consultation with iwi and hapū", blank=True)
    consulted_industry = models.TextField("consultation with industry", blank=True)
    consulted_providers = models.TextField("consultation with accredited providers", blank=True)
    consulted_others = models.TextField("consultation with others", blank=True)
    outcome = models.CharField(max_length=30, choices=Outcome.choices, blank=True)
    outcome_reasons = models.TextField(blank=True)
    # REV-prov
    enrolments = models.PositiveIntegerField(null=True, blank=True)
    completions = models.PositiveIntegerField(null=True, blank=True)
    maori_enrolments = models.PositiveIntegerField(null=True, blank=True)
    maori_completions = models.PositiveIntegerField(null=True, blank=True)
    pacific_enrolments = models.PositiveIntegerField(null=True, blank=True)
    pacific_completions = models.PositiveIntegerField(null=True, blank=True)
    capability_to_deliver = models.TextField(blank=True)
    figures_prefilled = models.BooleanField(
        default=False,
        help_text=gettext_lazy("Completion figures came from the Record of Achievement."),
    )
    draft_saved_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by_label = models.CharField(max_length=150, blank=True)
    decided_on = models.DateField(null=True, blank=True)
    change_application = models.ForeignKey(
        "applications.Application",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reviews",
        help_text=gettext_lazy("The change application the accepted outcome opened (REV-form)."),
    )
    change_application_due_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(micro_credential__isnull=False, training_scheme__isnull=True)
                | Q(micro_credential__isnull=True, training_scheme__isnull=False),
                name="review_of_one_thing",
            ),
            models.UniqueConstraint(
                fields=["kind", "micro_credential", "organisation", "due_on"],
                condition=Q(micro_credential__isnull=False),
                name="one_review_per_cycle",
            ),
            models.UniqueConstraint(
                fields=["training_scheme", "due_on"],
                condition=Q(training_scheme__isnull=False),
                name="one_scheme_review_per_cycle",
            ),
        ]
        indexes = [models.Index(fields=["organisation", "status"], name="review_org_status")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of {self.reference} due {self.due_on}"

    @property
    def reference(self) -> str:
        """The listing number, or the scheme's reference number (REV-form keys)."""
        if self.micro_credential_id is not None:
            return self.micro_credential.listing_number  # type: ignore[union-attr]
        return self.training_scheme.reference  # type: ignore[union-attr]

    @property
    def title(self) -> str:
        if self.training_scheme_id is not None:
            return self.training_scheme.title  # type: ignore[union-attr]
        version = self.micro_credential.current_version  # type: ignore[union-attr]
        return version.title if version is not None else ""

    @property
    def completion_rate(self) -> float | None:
        return completion_rate(self.enrolments, self.completions)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class ReviewPrompt(models.Model):
    """A prompt sent for a review; one of each kind per review, so running the task twice sends
    nothing twice (REV-remind)."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="prompts")
    kind = models.CharField(max_length=20, choices=PROMPT_KIND_CHOICES)
    sent_on = models.DateField()
    recipients = models.JSONField(default=list)

    class Meta:
        ordering = ["review", "sent_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["review", "kind"], name="one_prompt_of_each_kind")
        ]

    def __str__(self) -> str:
        return f"{self.kind} prompt for review {self.review_id} on {self.sent_on}"


class DecisionKind(models.TextChoices):
    ACCEPTED = "accepted", gettext_lazy("Accepted")
    RETURNED = "returned", gettext_lazy("Returned")


class ReviewDecision(models.Model):
    """The quality assurer's decision on one submission of a report, with reasons."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="decisions")
    decision = models.CharField(max_length=20, choices=DecisionKind.choices)
    outcome = models.CharField(max_length=30, choices=Outcome.choices, blank=True)
    reasons = models.TextField()
    decided_on = models.DateField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["review", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.decision} on {self.decided_on}"


class EscalationStep(models.TextChoices):
    """Rule 17 (unsatisfactory or overdue reviews) and rule 16 (developer replacement) steps."""

    RULE17_NOTICE = "rule17_notice", gettext_lazy("Rule 17: developer notified, with timeframes")
    RULE17_INTERIM = "rule17_interim", gettext_lazy("Rule 17: interim decision")
    RULE17_SUBMISSIONS = "rule17_submissions", gettext_lazy("Rule 17: submissions received")
    RULE17_FINAL = "rule17_final", gettext_lazy("Rule 17: final decision")
    RULE16_NOTICE = "rule16_notice", gettext_lazy("Rule 16: developer notified, remedy sought")
    RULE16_REPLACEMENT = (
        "rule16_replacement",
        gettext_lazy("Rule 16: replacement developer required"),
    )
    RULE16_APPOINTED = "rule16_appointed", gettext_lazy("Rule 16: replacement developer appointed")


class Escalation(models.Model):
    """One escalation step recorded against an overdue or unsatisfactory review (REV-remind)."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="escalations")
    step = models.CharField(max_length=30, choices=EscalationStep.choices)
    occurred_on = models.DateField()
    note = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["review", "occurred_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_step_display()} on {self.occurred_on}"


class ReviewPeriodOverride(models.Model):
    """A review period the quality assurer set for a micro-credential (LOR-6.1g, r14.4(c))."""

    micro_credential = models.OneToOneField(
        "register.MicroCredential", on_delete=models.CASCADE, related_name="review_period_override"
    )
    years = models.PositiveSmallIntegerField()
    reason = models.TextField()
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    set_on = models.DateField()

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(years__gte=1, years__lte=10), name="period_1_to_10")
        ]

    def __str__(self) -> str:
        return f"{self.years} year(s): {self.reason}"


class CalendarFeed(models.Model):
    """A person's subscription link to an organisation's review calendar.

    Calendar programs cannot sign in, so the link carries a random token; only its SHA-256 is
    stored, and a person may revoke their link (a new one replaces it) at any time.
    """

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "person"],
                condition=Q(revoked_at__isnull=True),
                name="one_active_calendar_feed",
            )
        ]

    def __str__(self) -> str:
        return f"Calendar of {self.organisation_id} for {self.person_id}"
