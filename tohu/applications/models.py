"""Applications to list, approve, accredit or change a micro-credential, and for statements of
equivalency; their evaluation, requests for information, decisions and notifications."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy

from tohu.core.states import StateMachine, move
from tohu.rulebook import ApplicationType as RulebookType


class ApplicationType(models.TextChoices):
    """APP-types, and the statement of equivalency."""

    LISTING_APPROVAL = RulebookType.LISTING_APPROVAL.value, gettext_lazy("Listing and approval")
    LISTING_APPROVAL_ACCREDITATION = (
        RulebookType.LISTING_APPROVAL_ACCREDITATION.value,
        gettext_lazy("Listing, approval and accreditation"),
    )
    ACCREDITATION = RulebookType.ACCREDITATION.value, gettext_lazy("Accreditation only")
    CHANGE = RulebookType.CHANGE.value, gettext_lazy("Change to a listed micro-credential")
    EQUIVALENCY = RulebookType.EQUIVALENCY.value, gettext_lazy("Statement of equivalency")


class ApplicationStatus(models.TextChoices):
    """draft → submitted → in_evaluation ⇄ information_requested → approved | declined;
    draft or submitted → withdrawn."""

    DRAFT = "draft", gettext_lazy("Draft")
    SUBMITTED = "submitted", gettext_lazy("Submitted")
    IN_EVALUATION = "in_evaluation", gettext_lazy("In evaluation")
    INFORMATION_REQUESTED = "information_requested", gettext_lazy("Information requested")
    APPROVED = "approved", gettext_lazy("Approved")
    DECLINED = "declined", gettext_lazy("Declined")
    WITHDRAWN = "withdrawn", gettext_lazy("Withdrawn")


_S = ApplicationStatus
_BY = "tohu.applications.services"

# The application state machine, for every type of application, statements of equivalency
# included (docs/architecture.md, "State machines"): each move is one service.
APPLICATION_STATES = StateMachine(
    "application",
    ApplicationStatus,
    [
        move(_S.DRAFT, _S.SUBMITTED, by=f"{_BY}.drafts.application_submit"),
        move([_S.DRAFT, _S.SUBMITTED], _S.WITHDRAWN, by=f"{_BY}.drafts.application_withdraw"),
        move(_S.SUBMITTED, _S.IN_EVALUATION, by=f"{_BY}.evaluation.application_begin_evaluation"),
        move(
            _S.IN_EVALUATION,
            _S.INFORMATION_REQUESTED,
            by=f"{_BY}.evaluation.information_request",
        ),
        move(_S.INFORMATION_REQUESTED, _S.IN_EVALUATION, by=f"{_BY}.evaluation.information_reply"),
        move(_S.IN_EVALUATION, _S.APPROVED, by=f"{_BY}.decisions.application_approve"),
        move(_S.IN_EVALUATION, _S.DECLINED, by=f"{_BY}.decisions.application_decline"),
    ],
    initial=[_S.DRAFT],
)


class SupportLetter(models.TextChoices):
    """Whether the WDC/ISB supports a new listing (WDC-support)."""

    NONE = "", gettext_lazy("Not given")
    PROVIDED = "provided", gettext_lazy("Support letter provided")
    DECLINED = "declined", gettext_lazy("WDC/ISB declined to support")
    NOT_SOUGHT = "not_sought", gettext_lazy("Not sought")


class Application(models.Model):
    """One application by an organisation, with the content of Forms 1 to 3 and its evaluation.

    `edit_version` rises on every save of the content; a save that names an older one is refused,
    so two people editing at once never overwrite each other.
    """

    application_type = models.CharField(max_length=40, choices=ApplicationType.choices)
    status = models.CharField(
        max_length=30,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.DRAFT,
        db_index=True,
    )
    applicant = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="applications"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    micro_credential = models.ForeignKey(
        "register.MicroCredential",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="applications",
        help_text=gettext_lazy(
            "The listing to accredit or change; for a new listing, the one approval made."
        ),
    )
    edit_version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    # listing details, LOR-6.1a to LOR-6.1g and LOR-7
    title = models.CharField(max_length=300, blank=True)
    title_mi = models.CharField("title in te reo Māori", max_length=300, blank=True)
    level = models.PositiveSmallIntegerField(null=True, blank=True)
    credits = models.PositiveSmallIntegerField(null=True, blank=True)
    notional_hours = models.PositiveIntegerField(null=True, blank=True)
    nzsced_code = models.CharField("NZSCED field of study", max_length=6, blank=True)
    purpose_use = models.TextField("(i) how it is used in New Zealand or elsewhere", blank=True)
    purpose_relevance = models.TextField(
        "(ii) relevance to learners, whānau, hapū, iwi, industry or communities", blank=True
    )
    purpose_outcomes = models.TextField("(iii) knowledge, skills and attributes", blank=True)
    purpose_pathways = models.TextField("(iv) education pathways", blank=True)
    purpose_contribution = models.TextField(
        "(v) cultural or employment pathway, or contribution to community", blank=True
    )
    purpose_mi = models.TextField("purpose and outcome statement in te reo Māori", blank=True)
    in_te_reo_maori = models.BooleanField("listed in te reo Māori", default=False)
    developer_name = models.CharField("appointed developer", max_length=200, blank=True)
    standards_used = models.JSONField(default=list, blank=True)
    review_period_years = models.PositiveSmallIntegerField(null=True, blank=True)
    title_names_declared = models.BooleanField(
        "the title names a person, organisation or product", default=False
    )
    title_names_justification = models.TextField(blank=True)

    # approval content (Forms 1 and 2)
    learning_outcomes = models.JSONField(default=list, blank=True)
    assessment = models.TextField(blank=True)
    entry_requirements = models.TextField(blank=True)
    rpl_credit_transfer = models.TextField(
        "recognition of prior learning and credit transfer", blank=True
    )
    delivery_modes = models.TextField(blank=True)
    evidence_of_need = models.TextField(blank=True)
    evidence_sources = models.TextField("sources of the evidence of need", blank=True)
    stakeholder_consultation = models.TextField(blank=True)
    isb_support = models.CharField(
        "WDC/ISB support", max_length=20, choices=SupportLetter.choices, blank=True
    )
    te_hono = models.BooleanField("evaluated using Te Hono o Te Kahurangi", default=False)
    te_hono_summary = models.TextField("self-reflective summary against ngā kaupapa", blank=True)

    # accreditation content (Forms 2 and 3)
    accreditation_delivery = models.TextField("delivery", blank=True)
    accreditation_assessment = models.TextField("assessment and moderation", blank=True)
    accreditation_resources = models.TextField("resources and staff", blank=True)
    accreditation_learner_support = models.TextField(
        "learner support and administration", blank=True
    )
    approval_holder_support = models.TextField("support from the approval holder", blank=True)

    # a change (VER-1) and a statement of equivalency (EQV)
    change_summary = models.TextField(blank=True)
    equivalency_aims = models.TextField("aims of the micro-credential", blank=True)
    bundle_size = models.PositiveSmallIntegerField(
        default=1, help_text=gettext_lazy("EQV-fee: one application, or a bundle of 2 to 10.")
    )

    # submission and evaluation
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_content = models.JSONField(
        default=dict,
        blank=True,
        help_text=gettext_lazy("The content as submitted, frozen: what the evaluator judges."),
    )
    rulebook_version = models.CharField(max_length=10, blank=True)
    precheck = models.JSONField(
        default=list, blank=True, help_text=gettext_lazy("Findings at submission.")
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_applications",
    )
    evaluator_hours = models.DecimalField(max_digits=6, decimal_places=2, default=0)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision_reasons = models.TextField(blank=True)
    review_period_set = models.PositiveSmallIntegerField(null=True, blank=True)
    review_period_reason = models.TextField(blank=True)
    withdrawn_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(level__isnull=True) | Q(level__gte=1, level__lte=10),
                name="application_level_1_to_10",
            ),
            models.CheckConstraint(
                condition=Q(bundle_size__gte=1, bundle_size__lte=10),
                name="application_bundle_1_to_10",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["approved", "declined"]) | Q(decided_at__isnull=False),
                name="decided_application_has_date",
            ),
        ]
        indexes = [models.Index(fields=["applicant", "status"])]

    def __str__(self) -> str:
        return f"{self.reference} {self.title or self.get_application_type_display()}"

    @property
    def reference(self) -> str:
        """The number people quote: A-000042."""
        return f"A-{self.pk:06d}" if self.pk else "A-new"

    @property
    def rulebook_type(self) -> RulebookType:
        return RulebookType(self.application_type)

    @property
    def is_equivalency(self) -> bool:
        return self.application_type == ApplicationType.EQUIVALENCY

    @property
    def has_listing_details(self) -> bool:
        return self.application_type != ApplicationType.ACCREDITATION

    @property
    def has_approval_content(self) -> bool:
        return self.application_type in (
            ApplicationType.LISTING_APPROVAL,
            ApplicationType.LISTING_APPROVAL_ACCREDITATION,
            ApplicationType.CHANGE,
        )

    @property
    def has_accreditation_content(self) -> bool:
        return self.application_type in (
            ApplicationType.LISTING_APPROVAL_ACCREDITATION,
            ApplicationType.ACCREDITATION,
        )

    @property
    def is_open_for_edit(self) -> bool:
        return self.status in (ApplicationStatus.DRAFT, ApplicationStatus.INFORMATION_REQUESTED)


class AttachmentKind(models.TextChoices):
    PDF = "pdf", gettext_lazy("PDF")
    DOCX = "docx", gettext_lazy("Word document (DOCX)")
    XLSX = "xlsx", gettext_lazy("Excel workbook (XLSX)")


class AttachmentPurpose(models.TextChoices):
    SUPPORT_LETTER = "support_letter", gettext_lazy("WDC/ISB support letter")
    EVIDENCE_OF_NEED = "evidence_of_need", gettext_lazy("Evidence of need")
    CONSULTATION = "consultation", gettext_lazy("Stakeholder consultation")
    ASSESSMENT = "assessment", gettext_lazy("Assessment materials")
    APPROVAL_HOLDER_SUPPORT = (
        "approval_holder_support",
        gettext_lazy("Support from the approval holder"),
    )
    INFORMATION_REPLY = "information_reply", gettext_lazy("Reply to a request for information")
    OTHER = "other", gettext_lazy("Other supporting document")


class Attachment(models.Model):
    """A supporting document, its type checked from its content, kept in Django's storage."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="attachments"
    )
    information_request = models.ForeignKey(
        "InformationRequest",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    purpose = models.CharField(max_length=30, choices=AttachmentPurpose.choices)
    file = models.FileField(upload_to="applications/%Y/%m/", max_length=300)
    original_name = models.CharField(max_length=255)
    kind = models.CharField(max_length=10, choices=AttachmentKind.choices)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class CriterionJudgement(models.Model):
    """An evaluator's verdict on one criterion (MAAR-approval, MAAR-accreditation, EQV-out)."""

    class Verdict(models.TextChoices):
        MET = "met", gettext_lazy("Met")
        NOT_MET = "not_met", gettext_lazy("Not met")
        MET_WITH_CONDITIONS = "met_with_conditions", gettext_lazy("Met with conditions")

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="judgements"
    )
    criterion = models.CharField(max_length=40)
    verdict = models.CharField(max_length=30, choices=Verdict.choices)
    note = models.TextField(blank=True)
    judged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    judged_at = models.DateTimeField()

    class Meta:
        ordering = ["application", "criterion"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "criterion"], name="one_judgement_per_criterion"
            )
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.verdict}"


class InformationRequest(models.Model):
    """A request for further information (LOR-13.1): the clock stops until the reply."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="information_requests"
    )
    questions = models.TextField()
    due_on = models.DateField()
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField()
    reply = models.TextField(blank=True)
    content_at_request = models.JSONField(
        default=dict,
        blank=True,
        help_text=gettext_lazy("The application's content when this was asked."),
    )
    content_at_reply = models.JSONField(
        default=dict,
        blank=True,
        help_text=gettext_lazy("The content when the applicant replied, frozen."),
    )
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    replied_at = models.DateTimeField(null=True, blank=True)
    reminded_on = models.DateField(
        null=True,
        blank=True,
        help_text=gettext_lazy("When the applicant was reminded the reply is overdue."),
    )

    class Meta:
        ordering = ["application", "requested_at", "id"]

    def __str__(self) -> str:
        return f"request for information due {self.due_on}"


class Condition(models.Model):
    """A condition on an approval or accreditation, with its due date (CONDITIONS)."""

    class AppliesTo(models.TextChoices):
        APPROVAL = "approval", gettext_lazy("Approval")
        ACCREDITATION = "accreditation", gettext_lazy("Accreditation")
        STATEMENT = "statement", gettext_lazy("Statement of equivalency")

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="conditions"
    )
    applies_to = models.CharField(max_length=20, choices=AppliesTo.choices)
    text = models.TextField()
    due_on = models.DateField()

    class Meta:
        ordering = ["application", "due_on", "id"]

    def __str__(self) -> str:
        return f"{self.text} (due {self.due_on})"


class StatementOfEquivalency(models.Model):
    """A statement that a micro-credential outside the framework is equivalent to an NZQCF level
    and credit value (EQV-out); it judges equivalency only, not quality or delivery."""

    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="statement"
    )
    number = models.CharField(max_length=12, unique=True)
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="statements"
    )
    title = models.CharField(max_length=300)
    level = models.PositiveSmallIntegerField()
    credits = models.PositiveSmallIntegerField()
    issued_on = models.DateField()

    class Meta:
        ordering = ["number"]
        verbose_name_plural = gettext_lazy("statements of equivalency")
        constraints = [
            models.CheckConstraint(
                condition=Q(level__gte=1, level__lte=10), name="statement_level_1_to_10"
            ),
            models.CheckConstraint(condition=Q(credits__gte=1), name="statement_credits_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class StatementNumberCounter(models.Model):
    """Hand out statement numbers one at a time; its row lock stops two sharing one."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"last statement number {self.last_number}"


class Notification(models.Model):
    """A message to one person about an application, shown in their list of notifications."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="application_notices"
    )
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="notifications"
    )
    message = models.CharField(max_length=300)
    created_at = models.DateTimeField()
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return self.message
