"""Every read the review pages and endpoints need, filtered by who is asking.

The quality assurer sees every review; a developer or provider sees only the reviews asked of
its own organisations. Someone else's review does not exist for them (404).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext, gettext_lazy

from tohu.applications.models import ApplicationStatus
from tohu.core import policy
from tohu.core.dates import DateProblem, parse_date
from tohu.core.errors import InvalidInput, NotFound, Problem
from tohu.core.permissions import Action, assured_q, can, memberships
from tohu.organisations.models import Organisation
from tohu.register.models import ListingStatus, MicroCredential
from tohu.reviews.models import (
    OPEN_STATUSES,
    CalendarFeed,
    Review,
    ReviewKind,
    ReviewPrompt,
    ReviewStatus,
    SchemeStatus,
    TrainingScheme,
)
from tohu.rulebook import Scope, add_years, days_overdue

if TYPE_CHECKING:
    from tohu.core.permissions import User

OVERDUE = "overdue"
# a change application counts as applied for once it leaves draft (a withdrawn one does not)
LODGED = [
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.IN_EVALUATION,
    ApplicationStatus.INFORMATION_REQUESTED,
    ApplicationStatus.APPROVED,
]
LIST_PAGE_SIZE = 50


def _own_organisation_ids(user: User) -> set[int]:
    return {m.organisation_id for m in memberships(user)}


def reviews_visible_to(user: User) -> QuerySet[Review]:
    """Return every review for the quality assurer; otherwise those of the user's organisations."""
    reviews = Review.objects.select_related(
        "micro_credential__current_version", "training_scheme", "organisation", "change_application"
    )
    if can(user, Action.REVIEWS_VIEW_ALL):
        # Universities New Zealand's staff see universities' reviews, NZQA's staff the rest
        return reviews.filter(assured_q(user, "organisation__org_type"))
    if not can(user, Action.REVIEWS_VIEW_OWN):
        return reviews.none()
    return reviews.filter(organisation_id__in=_own_organisation_ids(user))


def review_for(user: User, pk: int) -> Review:
    """Return one review the user may see, or raise NotFound."""
    review = reviews_visible_to(user).filter(pk=pk).first()
    if review is None or not can(user, Action.REVIEW_VIEW, review):
        raise NotFound(gettext("There is no such review, or it is not yours to see."))
    return review


def calendar_feeds_of(user: User) -> dict[int, CalendarFeed]:
    """Return the person's own active calendar links, by organisation id."""
    if not user.is_authenticated:
        return {}
    feeds = CalendarFeed.objects.filter(person_id=user.pk, revoked_at__isnull=True)
    return {feed.organisation_id: feed for feed in feeds}


def reviews_of_organisation(organisation: Organisation) -> QuerySet[Review]:
    """Return an organisation's reviews (for its calendar feed)."""
    return Review.objects.filter(organisation=organisation).select_related(
        "micro_credential__current_version", "training_scheme", "organisation"
    )


@dataclass(frozen=True)
class ReviewFilters:
    """A checked filter of the review lists; build one with `review_filters_from`."""

    status: str = ""
    kind: str = ""
    organisation: str = ""
    reference: str = ""
    due_from: date | None = None
    due_to: date | None = None
    transition: bool = False

    def query_items(self) -> list[tuple[str, str]]:
        """Return the filter as query-string pairs, blanks left out."""
        pairs = [
            (name, str(getattr(self, name)))
            for name in ("status", "kind", "organisation", "reference", "due_from", "due_to")
            if getattr(self, name) not in ("", None)
        ]
        return pairs + ([("transition", "1")] if self.transition else [])


STATUS_CHOICES = [(OVERDUE, gettext_lazy("Overdue")), *ReviewStatus.choices]


def _date_param(raw: str, name: str, problems: list[Problem]) -> date | None:
    if not raw:
        return None
    try:
        return parse_date(raw, iso_only=True)
    except DateProblem as problem:
        problems.append(Problem(None, str(problem), field=name))
        return None


def review_filters_from(params: Any) -> ReviewFilters:
    """Check the filter parameters of a list request; raise InvalidInput naming each bad field."""
    problems: list[Problem] = []
    status = str(params.get("status", "")).strip()
    kind = str(params.get("kind", "")).strip()
    if status and status not in dict(STATUS_CHOICES):
        problems.append(Problem(None, f"{status!r} is not a review status.", field="status"))
    if kind and kind not in ReviewKind.values:
        problems.append(Problem(None, f"{kind!r} is not a kind of review.", field="kind"))
    due_from = _date_param(str(params.get("due_from", "")).strip(), "due_from", problems)
    due_to = _date_param(str(params.get("due_to", "")).strip(), "due_to", problems)
    if problems:
        summary = "; ".join(f"{p.field}: {p.message}" for p in problems)
        raise InvalidInput(
            gettext("The filter is not valid: %(summary)s") % {"summary": summary},
            problems=problems,
        )
    return ReviewFilters(
        status=status,
        kind=kind,
        organisation=str(params.get("organisation", "")).strip()[:80],
        reference=str(params.get("reference", "")).strip()[:40],
        due_from=due_from,
        due_to=due_to,
        transition=str(params.get("transition", "")) in ("1", "true", "on"),
    )


def overdue_q(today: date) -> Q:
    """Overdue is derived from dates: an open review past its due date (REV-remind)."""
    return Q(status__in=OPEN_STATUSES, due_on__lt=today)


def filter_reviews(
    reviews: QuerySet[Review], filters: ReviewFilters, today: date
) -> QuerySet[Review]:
    """Apply a checked filter to reviews the user may already see."""
    if filters.status == OVERDUE:
        reviews = reviews.filter(overdue_q(today))
    elif filters.status:
        reviews = reviews.filter(status=filters.status)
    if filters.kind:
        reviews = reviews.filter(kind=filters.kind)
    if filters.organisation:
        reviews = reviews.filter(organisation__slug=filters.organisation)
    if filters.reference:
        reviews = reviews.filter(
            Q(micro_credential__listing_number=filters.reference)
            | Q(training_scheme__reference=filters.reference)
        )
    if filters.due_from:
        reviews = reviews.filter(due_on__gte=filters.due_from)
    if filters.due_to:
        reviews = reviews.filter(due_on__lte=filters.due_to)
    if filters.transition:
        reviews = reviews.filter(transition_2025=True)
    return reviews.order_by("due_on", "pk")


def reviews_for(user: User, filters: ReviewFilters, today: date) -> QuerySet[Review]:
    """Return the reviews the user may see that match the filter, soonest due first."""
    return filter_reviews(reviews_visible_to(user), filters, today)


@dataclass(frozen=True)
class OverdueReview:
    """An overdue review and how long it has been overdue, for the quality assurer's dashboard."""

    review: Review
    days: int
    escalations: int


def overdue_reviews(user: User, *, today: date, limit: int = 50) -> list[OverdueReview]:
    """Return overdue reviews, the oldest first, with their age in days and escalation steps."""
    if not can(user, Action.REVIEWS_VIEW_ALL):
        return []
    reviews = (
        reviews_visible_to(user)
        .filter(overdue_q(today))
        .annotate(escalation_count=Count("escalations"))
        .order_by("due_on", "pk")[:limit]
    )
    return [
        OverdueReview(r, days_overdue(due_on=r.due_on, today=today), r.escalation_count)
        for r in reviews
    ]


@dataclass(frozen=True)
class ChangeFollowUp:
    """A change application an accepted review asked for, and whether it is late (REV-form)."""

    review: Review
    late: bool


def change_follow_ups(user: User, *, today: date, limit: int = 200) -> list[ChangeFollowUp]:
    """Return the changes accepted reviews asked for that are not yet submitted, soonest first.

    A change is lodged once its application leaves draft; until then it is late after its due
    date. Former training schemes still converting are followed up the same way.
    """
    if not can(user, Action.REVIEWS_VIEW_ALL):
        return []
    reviews = (
        reviews_visible_to(user)
        .filter(status=ReviewStatus.ACCEPTED, change_application_due_on__isnull=False)
        .exclude(training_scheme__status__in=[SchemeStatus.CONVERTED, SchemeStatus.RETIRED])
        .exclude(change_application__status__in=LODGED)
        .order_by("change_application_due_on", "pk")[:limit]
    )
    return [
        ChangeFollowUp(review, late=review.change_application_due_on < today)  # type: ignore[operator]
        for review in reviews
    ]


def completions_prefill(review: Review) -> int | None:
    """Count the provider's recorded completions in the review's cycle from the Record of
    Achievement, or None when there is nothing to count from (REV-prov)."""
    from tohu.reviews.services.schedule import period_of

    if review.kind != ReviewKind.PROVIDER or review.micro_credential is None:
        return None
    try:
        from tohu.achievements.models import Completion
    except ImportError:  # pragma: no cover - the achievements app is part of Tohu
        return None
    since = add_years(review.due_on, -period_of(review.micro_credential).years)
    completions = Completion.objects.filter(
        provider_id=review.organisation_id,
        micro_credential_id=review.micro_credential_id,
        status="recorded",
        date_of_achievement__gt=since,
        date_of_achievement__lte=review.due_on,
    )
    return completions.count()


def prompts_of(review: Review) -> QuerySet[ReviewPrompt]:
    return review.prompts.order_by("sent_on", "pk")


# ---------------------------------------------------------------------------------------------
# The 2025 transition review (TRANS-2025)


def schemes_for(user: User, *, scope: str = "", status: str = "") -> QuerySet[TrainingScheme]:
    """Return former training schemes: all for the quality assurer, a provider's own otherwise."""
    schemes = TrainingScheme.objects.select_related("provider", "micro_credential")
    if not can(user, Action.REVIEWS_VIEW_ALL):
        schemes = schemes.filter(provider_id__in=_own_organisation_ids(user))
    if scope:
        schemes = schemes.filter(scope=scope)
    if status:
        schemes = schemes.filter(status=status)
    return schemes.order_by("reference")


def scheme_for(user: User, pk: int) -> TrainingScheme:
    scheme = schemes_for(user).filter(pk=pk).first()
    if scheme is None:
        raise NotFound(gettext("There is no such training scheme, or it is not yours to see."))
    return scheme


def legacy_micro_credentials(user: User) -> QuerySet[MicroCredential]:
    """Return live micro-credentials first approved before the current rules, whatever changes
    were approved since (TRANS-2025 (c))."""
    if not can(user, Action.REVIEWS_VIEW_ALL):
        return MicroCredential.objects.none()
    return (
        MicroCredential.objects.filter(
            status__in=[ListingStatus.CURRENT, ListingStatus.EXPIRING],
            first_approved_on__lt=policy.current().rules_2022_cutover,
        )
        .select_related("current_version", "developer")
        .order_by("listing_number")
    )


@dataclass(frozen=True)
class ProgressBar:
    """One bar of the transition chart."""

    key: str
    label: str
    count: int
    width: float = 0.0


@dataclass
class TransitionProgress:
    """How the whole 2025 transition stands (TRANS-2025)."""

    in_scope: int = 0
    prompted: int = 0
    answered: int = 0
    converted: int = 0
    retired: int = 0
    overdue: int = 0
    later: int = 0
    flagged: int = 0
    bars: list[ProgressBar] = field(default_factory=list)


def transition_progress(user: User, *, today: date) -> TransitionProgress:
    """Count the transition: in scope, prompted, answered, converted, retired, overdue."""
    progress = TransitionProgress()
    if not can(user, Action.REVIEWS_VIEW_ALL):
        return progress
    schemes = dict(TrainingScheme.objects.values_list("scope").annotate(n=Count("pk")).order_by())
    statuses = dict(TrainingScheme.objects.values_list("status").annotate(n=Count("pk")).order_by())
    reviews = Review.objects.filter(transition_2025=True)
    counts = reviews.aggregate(
        total=Count("pk"),
        prompted=Count("pk", filter=Q(prompts__kind="advance"), distinct=True),
        answered=Count(
            "pk",
            filter=Q(status__in=[ReviewStatus.SUBMITTED, ReviewStatus.ACCEPTED]),
            distinct=True,
        ),
        overdue=Count("pk", filter=overdue_q(today), distinct=True),
        mc_expiring=Count(
            "pk",
            filter=Q(
                kind=ReviewKind.DEVELOPER, status=ReviewStatus.ACCEPTED, outcome="do_not_continue"
            ),
            distinct=True,
        ),
        mc_changed=Count(
            "pk",
            filter=Q(
                kind=ReviewKind.DEVELOPER,
                status=ReviewStatus.ACCEPTED,
                outcome="continue_with_changes",
            ),
            distinct=True,
        ),
    )
    progress.in_scope = schemes.get(Scope.NOW, 0) + legacy_micro_credentials(user).count()
    progress.later = schemes.get(Scope.LATER, 0)
    progress.flagged = schemes.get(Scope.FLAGGED, 0)
    progress.prompted = counts["prompted"]
    progress.answered = counts["answered"]
    progress.overdue = counts["overdue"]
    progress.converted = statuses.get(SchemeStatus.CONVERTED, 0) + counts["mc_changed"]
    progress.retired = statuses.get(SchemeStatus.RETIRED, 0) + counts["mc_expiring"]
    values = [
        ("in_scope", "In scope", progress.in_scope),
        ("prompted", "Prompted", progress.prompted),
        ("answered", "Answered", progress.answered),
        ("converted", "Converted or changing", progress.converted),
        ("retired", "Retired or expiring", progress.retired),
        ("overdue", "Overdue", progress.overdue),
    ]
    largest = max((count for _, _, count in values), default=0) or 1
    progress.bars = [
        ProgressBar(key, label, count, round(100 * count / largest, 1))
        for key, label, count in values
    ]
    return progress
