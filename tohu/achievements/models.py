"""Completions reported by providers: the New Zealand Record of Achievement, import batches and
the learner's share links."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy

from tohu.core import clock
from tohu.core.states import StateMachine, move


class Channel(models.TextChoices):
    """How a provider reported: the same checks run behind each."""

    FORM = "form", gettext_lazy("Web form")
    UPLOAD = "upload", gettext_lazy("File upload")
    API = "api", gettext_lazy("API")
    COMMAND = "command", gettext_lazy("Command line")


class BatchStatus(models.TextChoices):
    """Where an import batch is: queued and checking only for uploads processed in the
    background; recorded or rejected at the end."""

    QUEUED = "queued", gettext_lazy("Waiting to be checked")
    CHECKING = "checking", gettext_lazy("Checking")
    RECORDING = "recording", gettext_lazy("Recording")
    RECORDED = "recorded", gettext_lazy("Recorded")
    REJECTED = "rejected", gettext_lazy("Rejected")
    FAILED = "failed", gettext_lazy("Failed")

    @classmethod
    def finished(cls) -> frozenset[str]:
        return frozenset({cls.RECORDED, cls.REJECTED, cls.FAILED})

    @classmethod
    def unfinished(cls) -> frozenset[str]:
        """A batch's completions are hidden until it is recorded: an import writes them in
        short transactions and then shows them all at once (docs/architecture.md)."""
        return frozenset({cls.QUEUED, cls.CHECKING, cls.RECORDING})


_BY = "tohu.achievements.services"

# An import batch's life (docs/architecture.md, "Recording a results file"): an upload waits
# queued until the worker claims it; an import opened directly starts recording; recovery takes
# over an abandoned one (still recording) to fail it. Every write is a compare-and-set on
# `status__in=BATCH_STATES.sources(target, by=...)`.
BATCH_STATES = StateMachine(
    "import",
    BatchStatus,
    [
        move(BatchStatus.QUEUED, BatchStatus.RECORDING, by=f"{_BY}.batches.batch_claim"),
        move(
            [BatchStatus.CHECKING, BatchStatus.RECORDING],
            BatchStatus.RECORDING,
            by=f"{_BY}.batches._take_over",
        ),
        *(
            move(BatchStatus.RECORDING, end, by=f"{_BY}.batches.batch_finish")
            for end in (BatchStatus.RECORDED, BatchStatus.REJECTED, BatchStatus.FAILED)
        ),
        move(BatchStatus.QUEUED, BatchStatus.FAILED, by=f"{_BY}.upload_processing.upload_process"),
    ],
    initial=[BatchStatus.QUEUED, BatchStatus.RECORDING],
)


class BatchPhase(models.TextChoices):
    """What an import is doing now, for its progress bar."""

    WAITING = "", gettext_lazy("Waiting")
    READING = "reading", gettext_lazy("Reading the file")
    CHECKING = "checking", gettext_lazy("Checking rows")
    RECORDING = "recording", gettext_lazy("Recording completions")
    FINISHING = "finishing", gettext_lazy("Making the completions visible")
    UNDOING = "undoing", gettext_lazy("Taking back the rows written")


# a running worker looks for tasks every second; well past that, none is running
WORKER_PICKUP_SECONDS = 15


class ImportBatch(models.Model):
    """One report of completions by a provider: a file, an API call or a form."""

    provider = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="result_batches"
    )
    channel = models.CharField(max_length=10, choices=Channel.choices)
    file_name = models.CharField(max_length=255, blank=True)
    file_sha256 = models.CharField(max_length=64, blank=True)
    partial = models.BooleanField(
        default=False, help_text=gettext_lazy("Record the valid rows and report the rest.")
    )
    status = models.CharField(max_length=10, choices=BatchStatus.choices)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    api_key = models.ForeignKey(
        "organisations.ApiKey", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(max_length=150, blank=True)
    rows_total = models.PositiveIntegerField(default=0)
    rows_recorded = models.PositiveIntegerField(default=0)
    rows_duplicate = models.PositiveIntegerField(default=0)
    rows_late = models.PositiveIntegerField(default=0)
    rows_rejected = models.PositiveIntegerField(default=0)
    problems_total = models.PositiveIntegerField(default=0)
    problems_preview = models.JSONField(default=list, blank=True)
    error_report = models.CharField(
        max_length=255, blank=True, help_text=gettext_lazy("Storage path.")
    )
    upload = models.CharField(
        max_length=255, blank=True, help_text=gettext_lazy("Storage path of the file.")
    )
    progress_done = models.BigIntegerField(default=0)
    progress_total = models.BigIntegerField(default=0)
    phase = models.CharField(max_length=10, choices=BatchPhase.choices, blank=True, default="")
    rows_checked = models.PositiveIntegerField(default=0)
    owner = models.CharField(
        max_length=100,
        blank=True,
        help_text=gettext_lazy("host:pid of the process recording the batch."),
    )
    heartbeat_at = models.DateTimeField(
        null=True, blank=True, help_text=gettext_lazy("When that process last wrote a chunk.")
    )
    started_at = models.DateTimeField(null=True, blank=True)
    message = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    files_removed_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text=gettext_lazy("When the upload and error report were deleted."),
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["provider", "-created_at"], name="batch_provider_recent"),
            # the few batches whose completions are hidden: every completion query asks
            models.Index(
                fields=["status"],
                condition=Q(status__in=["queued", "checking", "recording"]),
                name="batch_unfinished",
            ),
        ]
        verbose_name_plural = gettext_lazy("import batches")

    def __str__(self) -> str:
        return f"{self.get_channel_display()} batch {self.pk} ({self.status})"

    @property
    def is_finished(self) -> bool:
        return self.status in BatchStatus.finished()

    @property
    def percent(self) -> int:
        """How much of the file is read, checked and recorded (bytes); 100 once finished."""
        if self.is_finished:
            return 100
        if self.progress_total <= 0:
            return 0
        return min(99, int(100 * self.progress_done / self.progress_total))

    @property
    def seconds_waiting(self) -> int:
        """How long a queued batch has waited for a worker, in whole seconds."""
        if self.status != BatchStatus.QUEUED or self.created_at is None:
            return 0
        return max(0, int((clock.now() - self.created_at).total_seconds()))

    @property
    def no_worker(self) -> bool:
        """Queued for longer than a worker takes to pick a task up: none seems to be running."""
        return self.seconds_waiting >= WORKER_PICKUP_SECONDS


class VisibleCompletions(models.Manager["Completion"]):
    """Completions as everyone sees them: those of a batch still being recorded (or taken back)
    are left out, so a large import appears all at once when its batch is recorded."""

    def get_queryset(self) -> models.QuerySet[Completion]:
        unfinished = ImportBatch.objects.filter(status__in=BatchStatus.unfinished()).values("pk")
        return super().get_queryset().filter(Q(batch__isnull=True) | ~Q(batch__in=unfinished))


class CompletionStatus(models.TextChoices):
    """ROA-correct: a correction supersedes a record; a withdrawal keeps it with its reason."""

    RECORDED = "recorded", gettext_lazy("Recorded")
    CORRECTED = "corrected", gettext_lazy("Corrected (superseded)")
    WITHDRAWN = "withdrawn", gettext_lazy("Withdrawn")


# ROA-correct: a recorded completion is corrected (a new record supersedes it) or withdrawn.
COMPLETION_STATES = StateMachine(
    "completion",
    CompletionStatus,
    [
        move(
            CompletionStatus.RECORDED,
            CompletionStatus.CORRECTED,
            by=f"{_BY}.records.completion_correct",
        ),
        move(
            CompletionStatus.RECORDED,
            CompletionStatus.WITHDRAWN,
            by=f"{_BY}.records.completion_withdraw",
        ),
    ],
    initial=[CompletionStatus.RECORDED],
    rule_id="ROA-correct",
)


class Completion(models.Model):
    """A learner's completion of one version of a micro-credential, as a provider reported it."""

    nsn = models.CharField("NSN", max_length=10)
    micro_credential = models.ForeignKey(
        "register.MicroCredential", on_delete=models.PROTECT, related_name="completions"
    )
    version = models.ForeignKey(
        "register.MicroCredentialVersion", on_delete=models.PROTECT, related_name="completions"
    )
    provider = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="completions"
    )
    date_of_achievement = models.DateField()
    provider_reference = models.CharField(max_length=100, blank=True)
    reported_on = models.DateField()
    late = models.BooleanField(
        default=False, help_text=gettext_lazy("ROA-3m: reported more than 3 months on.")
    )
    status = models.CharField(
        max_length=10, choices=CompletionStatus.choices, default=CompletionStatus.RECORDED
    )
    batch = models.ForeignKey(
        ImportBatch, null=True, blank=True, on_delete=models.PROTECT, related_name="completions"
    )
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by"
    )
    reason = models.TextField(
        blank=True, help_text=gettext_lazy("Why it was corrected or withdrawn.")
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()
    batch_line = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text=gettext_lazy("The line of the batch's file (or item) it came from."),
    )

    # `every_row` also has the rows of unfinished batches; the default has what is visible
    every_row = models.Manager()
    objects = VisibleCompletions()

    class Meta:
        default_manager_name = "objects"
        ordering = ["-date_of_achievement", "-id"]
        constraints = [
            # ROA-dup: one recorded completion per learner and version; bulk inserts rely on it
            models.UniqueConstraint(
                fields=["nsn", "version"],
                condition=Q(status="recorded"),
                name="one_recorded_completion_per_version",
            ),
            models.CheckConstraint(condition=Q(nsn__regex=r"^[0-9]+$"), name="completion_nsn"),
        ]
        indexes = [
            models.Index(fields=["nsn", "status"], name="completion_learner"),
            models.Index(fields=["provider", "-date_of_achievement"], name="completion_provider"),
            models.Index(fields=["date_of_achievement"], name="completion_date"),
        ]

    def __str__(self) -> str:
        return f"NSN {self.nsn}: {self.micro_credential_id} on {self.date_of_achievement}"


class ShareLink(models.Model):
    """A link a learner gives an employer to see a verified view of their record.

    Only the SHA-256 of the token is kept; the link stops working when it expires or is revoked.
    """

    learner = models.ForeignKey(
        "learners.Learner", on_delete=models.CASCADE, related_name="share_links"
    )
    label = models.CharField(max_length=100, help_text=gettext_lazy("Who the link is for."))
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_viewed_at = models.DateTimeField(null=True, blank=True)
    views = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"share link for {self.learner_id}: {self.label}"
