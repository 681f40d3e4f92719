"""What each role's dashboard shows (quality assurer, developer, provider, learner).

Each reader below takes the user and returns only what that user may see; each runs a fixed
number of queries however many rows there are, so a dashboard's cost does not grow with the
register.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext

from tohu.core import clock, policy
from tohu.core.models import AuditEvent
from tohu.core.permissions import Action, can, linked_learner, memberships
from tohu.organisations.models import Organisation
from tohu.register.models import Accreditation, AccreditationStatus, ListingStatus, MicroCredential
from tohu.rulebook import ApplicationType, Severity, check_may_apply

if TYPE_CHECKING:
    from tohu.core.permissions import User

SOON_DAYS = 90
RECENT_DAYS = 30
PANEL_ROWS = 50
RECENT_EVENTS = 10
# evaluators see what happened on the register; the whole log (sign-ins, keys) is for managers
REGISTER_EVENT_PREFIXES = ("micro_credential.", "accreditation.")

T = TypeVar("T")


@dataclass(frozen=True)
class Rows(Generic[T]):
    """The first rows of a list, and whether more were left off."""

    rows: list[T]
    more: bool

    @classmethod
    def first(cls, queryset: QuerySet[Any], limit: int = PANEL_ROWS) -> Rows[Any]:
        # one row past the limit says whether there are more, without a COUNT query
        fetched = list(queryset[: limit + 1])
        return cls(rows=fetched[:limit], more=len(fetched) > limit)


@dataclass(frozen=True)
class StatusCount:
    """How many listed micro-credentials have one status."""

    status: str
    label: str
    count: int


@dataclass
class Panel:
    """One role's part of the dashboard."""

    role: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)


def _listings() -> QuerySet[MicroCredential]:
    return MicroCredential.objects.select_related("current_version", "developer")


def listing_counts_by_status(user: User) -> list[StatusCount]:
    """Count the listed micro-credentials in each status, zeros included."""
    if not can(user, Action.DASHBOARD_QUALITY_ASSURER):
        return []
    counts = dict(MicroCredential.objects.values_list("status").annotate(n=Count("pk")).order_by())
    return [
        StatusCount(value, str(label), counts.get(value, 0))
        for value, label in ListingStatus.choices
    ]


def listings_expiring_soon(user: User, *, today: date) -> Rows[MicroCredential]:
    """Return expiring listings whose end date falls within the next 90 days."""
    if not can(user, Action.DASHBOARD_QUALITY_ASSURER):
        return Rows([], more=False)
    queryset = _listings().filter(
        status=ListingStatus.EXPIRING,
        expiring_end_date__gte=today,
        expiring_end_date__lte=today + timedelta(days=SOON_DAYS),
    )
    return Rows.first(queryset.order_by("expiring_end_date", "listing_number"))


def reviews_due_soon(user: User, *, today: date) -> Rows[MicroCredential]:
    """Return live listings whose next review is due within 90 days, overdue ones first."""
    if not can(user, Action.DASHBOARD_QUALITY_ASSURER):
        return Rows([], more=False)
    queryset = _listings().filter(
        status__in=[ListingStatus.CURRENT, ListingStatus.EXPIRING],
        next_review_due__lte=today + timedelta(days=SOON_DAYS),
    )
    return Rows.first(queryset.order_by("next_review_due", "listing_number"))


def recent_audit_events(user: User) -> list[AuditEvent]:
    """Return the latest audit events: all for managers, register events for evaluators."""
    if not can(user, Action.DASHBOARD_QUALITY_ASSURER):
        return []
    events = AuditEvent.objects.order_by("-sequence")
    if not can(user, Action.AUDIT_VIEW):
        register_events = Q()
        for prefix in REGISTER_EVENT_PREFIXES:
            register_events |= Q(event__startswith=prefix)
        events = events.filter(register_events)
    return list(events[:RECENT_EVENTS])


def _accreditations() -> QuerySet[Accreditation]:
    return Accreditation.objects.select_related("provider", "micro_credential__current_version")


def accreditations_granted_recently(user: User, *, today: date) -> Rows[Accreditation]:
    """Return accreditations granted in the last 30 days, newest first."""
    if not can(user, Action.DASHBOARD_QUALITY_ASSURER):
        return Rows([], more=False)
    queryset = _accreditations().filter(granted_on__gte=today - timedelta(days=RECENT_DAYS))
    return Rows.first(queryset.order_by("-granted_on", "-pk"))


def _organisation_ids(user: User, *, developers: bool = False, providers: bool = False) -> set[int]:
    return {
        m.organisation_id
        for m in memberships(user)
        if (providers and m.organisation.is_provider)
        or (developers and (m.organisation.is_provider or m.organisation.is_standard_setting_body))
    }


def developer_micro_credentials(user: User) -> Rows[MicroCredential]:
    """Return the micro-credentials the user's organisations developed."""
    developer_ids = _organisation_ids(user, developers=True)
    if not developer_ids:
        return Rows([], more=False)
    queryset = _listings().filter(developer_id__in=developer_ids)
    return Rows.first(queryset.order_by("developer__name", "listing_number"))


def provider_accreditations(user: User) -> Rows[Accreditation]:
    """Return the granted accreditations of the user's provider organisations."""
    provider_ids = _organisation_ids(user, providers=True)
    if not provider_ids:
        return Rows([], more=False)
    queryset = _accreditations().filter(
        provider_id__in=provider_ids, status=AccreditationStatus.GRANTED
    )
    return Rows.first(queryset.order_by("provider__name", "micro_credential__listing_number"))


def _quality_assurer_links(user: User) -> list[Link]:
    """The quality assurer's pages this person may use (Universities New Zealand's evaluators
    do not search the national record, for instance)."""
    wanted = [
        (Action.APPLICATION_EVALUATE, "Application queue", "applications:queue"),
        (Action.APPLICATION_EVALUATE, "Applications dashboard", "applications:dashboard"),
        (Action.REVIEWS_VIEW_ALL, "Reviews", "reviews:list"),
        (Action.REVIEWS_VIEW_ALL, "Overdue reviews", "reviews:overdue"),
        (Action.REVIEWS_VIEW_ALL, "2025 transition review", "reviews:transition"),
        (Action.ACHIEVEMENT_SEARCH, "Search achievement", "achievements:qa-search"),
        (Action.ACHIEVEMENT_SEARCH, "Completion figures", "achievements:figures"),
    ]
    return [Link(label, reverse(name)) for action, label, name in wanted if can(user, action)]


def _quality_assurer_context(user: User, today: date) -> dict[str, Any]:
    from tohu.reviews.selectors import overdue_reviews

    return {
        "links": _quality_assurer_links(user),
        "overdue_reviews": overdue_reviews(user, today=today, limit=PANEL_ROWS),
        "today": today,
        "soon_days": SOON_DAYS,
        "recent_days": RECENT_DAYS,
        "status_counts": listing_counts_by_status(user),
        "expiring": listings_expiring_soon(user, today=today),
        "reviews_due": reviews_due_soon(user, today=today),
        "events": recent_audit_events(user),
        "all_events": can(user, Action.AUDIT_VIEW),
        "accreditations": accreditations_granted_recently(user, today=today),
    }


@dataclass(frozen=True)
class Link:
    """A link on a dashboard: shown only when the person may use the page it opens."""

    label: str
    url: str


def _work_links(user: User) -> dict[str, Link | None]:
    """The pages a developer's or provider's panel links to, each only if the person may use it
    (the same checks the pages make, so no dashboard link answers 403)."""
    may_apply = can(user, Action.APPLICATION_CREATE)
    may_review = can(user, Action.REVIEWS_VIEW_ALL) or can(user, Action.REVIEWS_VIEW_OWN)
    return {
        "applications": Link("Your applications", reverse("applications:list"))
        if may_apply
        else None,
        "start": Link("Start an application", reverse("applications:start")) if may_apply else None,
        "reviews": Link("Your reviews", reverse("reviews:list")) if may_review else None,
    }


def _organisation_links(user: User) -> list[tuple[Organisation, list[Link]]]:
    """For each of the person's organisations, the organisation's pages they may use."""
    found = []
    seen: set[int] = set()
    for membership in memberships(user):
        organisation = membership.organisation
        if organisation.pk in seen:
            continue
        seen.add(organisation.pk)
        links = []
        if can(user, Action.ORGANISATION_VIEW, organisation):
            url = reverse("organisations:detail", args=[organisation.slug])
            links.append(Link(f"{organisation.name}: members and details", url))
        if can(user, Action.ORGANISATION_MANAGE_KEYS, organisation):
            url = reverse("organisations:api-keys", args=[organisation.slug])
            links.append(Link("API keys for your organisation's systems", url))
        found.append((organisation, links))
    return found


def _covered_by_a_panel(organisation: Organisation) -> bool:
    return (
        organisation.is_quality_assurer
        or organisation.is_provider
        or organisation.is_standard_setting_body
    )


def dashboard_panels(user: User) -> list[Panel]:
    """Return a panel for every role the user holds, the quality assurer's first.

    A panel links only to pages the person may use. A member of an organisation no other panel
    covers (an employer, a professional body, an overseas provider: those who ask for statements
    of equivalency) gets an organisation panel saying what they can do there.
    """
    today = clock.today()
    panels: list[Panel] = []
    links = _work_links(user)
    if can(user, Action.DASHBOARD_QUALITY_ASSURER):
        context = _quality_assurer_context(user, today)
        panels.append(
            Panel(gettext("Quality assurer"), "core/panels/quality_assurer.html", context)
        )
    # a results officer reports completions; applying and reviewing belong to staff and admins
    if can(user, Action.DASHBOARD_DEVELOPER) and (links["start"] or links["reviews"]):
        context = {
            "today": today,
            "micro_credentials": developer_micro_credentials(user),
            "links": [link for link in links.values() if link],
        }
        panels.append(Panel(gettext("Developer"), "core/panels/developer.html", context))
    if can(user, Action.DASHBOARD_PROVIDER):
        context = {
            "accreditations": provider_accreditations(user),
            "links": [
                Link(
                    "Report completions and see what your organisation reported",
                    reverse("achievements:provider-home"),
                ),
                *[link for key, link in links.items() if link and key != "start"],
            ],
        }
        panels.append(Panel(gettext("Provider"), "core/panels/provider.html", context))
    others = [
        (organisation, organisation_links)
        for organisation, organisation_links in _organisation_links(user)
        if not _covered_by_a_panel(organisation)
    ]
    if others:
        # EQV-who, EQV-window: say when statements of equivalency cannot be asked for, and why
        configured = policy.current()
        refusals = sorted(
            {
                finding.message
                for organisation, _ in others
                for finding in check_may_apply(
                    ApplicationType.EQUIVALENCY,
                    organisation.org_type,
                    on=today,
                    equivalency_last_day=configured.equivalency_last_day,
                )
                if finding.severity is Severity.BLOCK
            }
        )
        offered = [
            link
            for key, link in links.items()
            if link and key != "reviews" and not (refusals and key == "start")
        ]
        context = {"organisations": others, "links": offered, "refusals": refusals}
        panels.append(Panel(gettext("Your organisation"), "core/panels/organisation.html", context))
    if can(user, Action.DASHBOARD_LEARNER):
        panels.append(
            Panel(gettext("Learner"), "core/panels/learner.html", {"learner": linked_learner(user)})
        )
    return panels


@dataclass(frozen=True)
class Waiting:
    """One count of work waiting on the person, linked to where they do it."""

    label: str
    count: int
    url: str


def _counted(count: int, one: str, many: str) -> str:
    return one if count == 1 else many


def waiting_on_you(user: User, *, today: date) -> list[Waiting]:
    """What waits on this person: the quality assurer's queue, overdue requests for information
    and reviews to accept; an applicant's requests to answer; anyone's unread notifications.

    A fixed number of queries: one for every application count, one for reviews, one for
    notifications.
    """
    from django.urls import reverse

    from tohu.applications.models import Application
    from tohu.applications.models import ApplicationStatus as S
    from tohu.applications.selectors import applicant_organisations, unread_count
    from tohu.reviews.models import Review, ReviewStatus

    evaluator = can(user, Action.APPLICATION_EVALUATE)
    organisations = applicant_organisations(user) if can(user, Action.APPLICATION_CREATE) else []
    counts: dict[str, int] = {}
    if evaluator or organisations:
        asked = Q(status=S.INFORMATION_REQUESTED)
        overdue = asked & Q(
            information_requests__replied_at__isnull=True,
            information_requests__due_on__lt=today,
        )
        counts = Application.objects.aggregate(
            queued=Count("pk", filter=Q(status__in=[S.SUBMITTED, S.IN_EVALUATION]), distinct=True),
            overdue=Count("information_requests", filter=overdue, distinct=True),
            to_answer=Count("pk", filter=asked & Q(applicant__in=organisations), distinct=True),
        )
    waiting: list[Waiting] = []
    if evaluator:
        queued, late = counts["queued"], counts["overdue"]
        label = _counted(queued, "application to evaluate", "applications to evaluate")
        waiting.append(Waiting(label, queued, reverse("applications:queue")))
        label = _counted(
            late, "request for information overdue", "requests for information overdue"
        )
        waiting.append(Waiting(label, late, reverse("applications:dashboard") + "#overdue"))
    if can(user, Action.DASHBOARD_QUALITY_ASSURER) and can(user, Action.REVIEWS_VIEW_ALL):
        submitted = Review.objects.filter(status=ReviewStatus.SUBMITTED).count()
        label = _counted(submitted, "review to accept", "reviews to accept")
        waiting.append(Waiting(label, submitted, reverse("reviews:list") + "?status=submitted"))
    if organisations:
        to_answer = counts["to_answer"]
        label = _counted(
            to_answer, "request for information to answer", "requests for information to answer"
        )
        waiting.append(Waiting(label, to_answer, reverse("applications:list")))
    unread = unread_count(user)
    if unread or waiting:
        label = _counted(unread, "unread notification", "unread notifications")
        waiting.append(Waiting(label, unread, reverse("applications:notifications")))
    return waiting
