"""Every read a page or endpoint needs, filtered by who is asking."""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from tohu.applications.models import (
    Application,
    ApplicationStatus,
    ApplicationType,
    InformationRequest,
    Notification,
    StatementOfEquivalency,
)
from tohu.applications.precheck import run_precheck
from tohu.core import clock, policy
from tohu.core.errors import NotFound
from tohu.core.models import AuditEvent
from tohu.core.permissions import APPLICANT_ROLES, Action, User, assured_q, can, memberships
from tohu.organisations.models import Organisation
from tohu.rulebook import ApplicationType as RulebookType
from tohu.rulebook import (
    Problem,
    Severity,
    check_equivalency_time,
    check_may_apply,
    working_days_between,
)

S = ApplicationStatus
OPEN_STATUSES = (S.SUBMITTED, S.IN_EVALUATION, S.INFORMATION_REQUESTED)


def _with_related(queryset: QuerySet[Application]) -> QuerySet[Application]:
    return queryset.select_related(
        "applicant", "assigned_to", "micro_credential", "micro_credential__current_version"
    )


def applicant_organisations(user: User) -> list[Organisation]:
    """The organisations the person may apply for."""
    return [m.organisation for m in memberships(user) if m.role in APPLICANT_ROLES]


def applications_for_applicant(user: User) -> QuerySet[Application]:
    """The applications of the organisations the person (or key) applies for, newest first."""
    if not can(user, Action.APPLICATION_VIEW):
        return Application.objects.none()
    ids = [organisation.pk for organisation in applicant_organisations(user)]
    return _with_related(Application.objects.filter(applicant_id__in=ids))


def application_for(user: User, application_id: int) -> Application:
    """The application if the person may see it; otherwise NotFound (never 'exists but...')."""
    application = (
        _with_related(Application.objects.filter(pk=application_id))
        .select_related("created_by", "decided_by", "updated_by")
        .first()
    )
    if application is None or not can(user, Action.APPLICATION_VIEW, application):
        raise NotFound(gettext("There is no such application."))
    return application


def precheck_for(application: Application) -> list[Problem]:
    """The pre-check as it stands today (drafts), or as stored at submission."""
    return run_precheck(application, on=clock.today())


@dataclass(frozen=True)
class QueueFilters:
    """What the quality assurer's queue is narrowed to."""

    application_type: str = ""
    status: str = ""
    evaluator: str = ""  # "", "me", "none" or a user id
    older_than_days: int | None = None


def queue(user: User, filters: QueueFilters) -> QuerySet[Application]:
    """Applications waiting on the quality assurer, oldest submission first."""
    if not can(user, Action.APPLICATION_EVALUATE):
        return Application.objects.none()
    queryset = _with_related(
        Application.objects.exclude(status__in=[S.DRAFT, S.WITHDRAWN]).filter(
            assured_q(user, "applicant__org_type")
        )
    )
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    else:
        queryset = queryset.filter(status__in=OPEN_STATUSES)
    if filters.application_type:
        queryset = queryset.filter(application_type=filters.application_type)
    if filters.evaluator == "me":
        queryset = queryset.filter(assigned_to_id=user.pk)
    elif filters.evaluator == "none":
        queryset = queryset.filter(assigned_to__isnull=True)
    elif filters.evaluator.isascii() and filters.evaluator.isdigit():
        queryset = queryset.filter(assigned_to_id=int(filters.evaluator))
    if filters.older_than_days is not None:
        cutoff = clock.now() - timedelta(days=filters.older_than_days)
        queryset = queryset.filter(submitted_at__lte=cutoff)
    return queryset.prefetch_related(
        Prefetch("information_requests", queryset=InformationRequest.objects.order_by("id"))
    ).order_by("submitted_at", "id")


def evaluators() -> QuerySet[Any]:
    """People who may evaluate: members of a quality assurer as evaluator or manager."""
    return (
        get_user_model()
        .objects.filter(
            memberships__role__in=["evaluator", "manager"],
            memberships__organisation__org_type__in=["nzqa", "universities_nz"],
            is_active=True,
        )
        .distinct()
        .order_by("username")
    )


def paused_seconds(application: Application, now: datetime) -> float:
    """Time spent waiting for the applicant's replies: the clock stops (LOR-13.1)."""
    return sum(
        ((r.replied_at or now) - r.requested_at).total_seconds()
        for r in application.information_requests.all()
    )


def elapsed_days(application: Application, now: datetime | None = None) -> float | None:
    """Days the quality assurer has had it, from submission to decision, less the pauses."""
    if application.submitted_at is None:
        return None
    now = now or clock.now()
    end = application.decided_at or now
    seconds = (end - application.submitted_at).total_seconds() - paused_seconds(application, now)
    return max(seconds, 0) / 86400


def equivalency_lateness(application: Application) -> list[Problem]:
    """EQV-time: a statement of equivalency past 20 working days (pauses not counted)."""
    if not application.is_equivalency or application.submitted_at is None:
        return []
    received = timezone.localdate(application.submitted_at)
    end = timezone.localdate(application.decided_at) if application.decided_at else clock.today()
    close_down = policy.current().close_down
    paused = sum(
        working_days_between(
            timezone.localdate(r.requested_at),
            timezone.localdate(r.replied_at) if r.replied_at else clock.today(),
            close_down=close_down,
        )
        for r in application.information_requests.all()
    )
    return check_equivalency_time(
        received_on=received,
        decided_or_today=end,
        close_down=close_down,
        paused_working_days=paused,
    )


def history(application: Application) -> QuerySet[AuditEvent]:
    """The application's audit events, oldest first: its history."""
    return (
        AuditEvent.objects.filter(
            subject_type=Application._meta.label_lower, subject_id=str(application.pk)
        )
        .select_related("actor")
        .order_by("sequence")
    )


def notifications_for(user: User) -> QuerySet[Notification]:
    if not user.is_authenticated:
        return Notification.objects.none()
    return Notification.objects.filter(recipient_id=user.pk).select_related(
        "application", "application__applicant"
    )


def unread_count(user: User) -> int:
    return notifications_for(user).filter(read_at__isnull=True).count()


def public_statements(query: str = "") -> QuerySet[StatementOfEquivalency]:
    """The public register of statements of equivalency."""
    statements = StatementOfEquivalency.objects.select_related("organisation")
    if query:
        statements = statements.filter(
            Q(title__icontains=query) | Q(organisation__name__icontains=query) | Q(number=query)
        )
    return statements


def decided_application(pk: int | None) -> Application | None:
    """A decided application, for the public check of its decision letter (a signed address)."""
    if pk is None:
        return None
    return (
        Application.objects.select_related("applicant", "micro_credential", "decided_by")
        .filter(pk=pk, status__in=[ApplicationStatus.APPROVED, ApplicationStatus.DECLINED])
        .first()
    )


def public_statement(number: str) -> StatementOfEquivalency:
    statement = public_statements().select_related("application").filter(number=number).first()
    if statement is None:
        raise NotFound(gettext("There is no such statement of equivalency."))
    return statement


def _percentile(values: list[float], fraction: float) -> float | None:
    if not values:
        return None
    if len(values) == 1:
        return values[0]
    # the inclusive method interpolates between observed values, as a spreadsheet does
    return statistics.quantiles(values, n=100, method="inclusive")[round(fraction * 100) - 1]


@dataclass(frozen=True)
class Dashboard:
    """What the quality assurer's dashboard shows."""

    by_type_and_status: dict[tuple[str, str], int]
    by_status: dict[str, int]
    decided: int
    median_days: float | None
    p90_days: float | None
    overdue_requests: list[InformationRequest]
    late_equivalency: list[Application]


def dashboard(user: User, *, today: date | None = None) -> Dashboard:
    """Counts by type and status, time to decision, overdue requests and late statements."""
    if not can(user, Action.APPLICATION_EVALUATE):
        raise NotFound(gettext("There is no such page."))
    today = today or clock.today()
    assured = Application.objects.filter(assured_q(user, "applicant__org_type"))
    counts = assured.values_list("application_type", "status").annotate(n=Count("id"))
    by_type_and_status = {(kind, status): n for kind, status, n in counts}
    by_status: Counter[str] = Counter()
    for (_kind, status), n in by_type_and_status.items():
        by_status[status] += n
    decided = list(
        assured.filter(status__in=[S.APPROVED, S.DECLINED]).prefetch_related("information_requests")
    )
    now = clock.now()
    days = sorted(d for a in decided if (d := elapsed_days(a, now)) is not None)
    overdue = list(
        InformationRequest.objects.filter(
            replied_at__isnull=True,
            due_on__lt=today,
            application__status=S.INFORMATION_REQUESTED,
        )
        .filter(assured_q(user, "application__applicant__org_type"))
        .select_related("application", "application__applicant")
    )
    open_equivalency = (
        assured.filter(application_type=ApplicationType.EQUIVALENCY, status__in=OPEN_STATUSES)
        .prefetch_related("information_requests")
        .select_related("applicant")
    )
    late = [a for a in open_equivalency if equivalency_lateness(a)]
    return Dashboard(
        by_type_and_status=by_type_and_status,
        by_status=dict(by_status),
        decided=len(days),
        median_days=statistics.median(days) if days else None,
        p90_days=_percentile(days, 0.9),
        overdue_requests=overdue,
        late_equivalency=late,
    )


@dataclass(frozen=True)
class Offer:
    """One application type and whether the organisation may make it today (APP-who, EQV-who,
    EQV-window): the findings that refuse it, and any flag to know before starting."""

    application_type: str
    label: str
    refusals: list[Problem]
    flags: list[Problem]

    @property
    def open(self) -> bool:
        return not self.refusals


def application_offers(organisation: Organisation, *, today: date | None = None) -> list[Offer]:
    """Every application type, each with the rulebook's answer for this organisation today."""
    today = today or clock.today()
    last_day = policy.current().equivalency_last_day
    offers = []
    for value, label in ApplicationType.choices:
        findings = check_may_apply(
            RulebookType(value), organisation.org_type, on=today, equivalency_last_day=last_day
        )
        offers.append(
            Offer(
                value,
                str(label),
                [f for f in findings if f.severity is Severity.BLOCK],
                [f for f in findings if f.severity is not Severity.BLOCK],
            )
        )
    return offers
