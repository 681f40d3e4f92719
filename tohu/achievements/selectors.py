"""Every read the achievement pages and endpoints need, filtered by who is asking."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Substr, TruncMonth
from django.http import Http404

from tohu.achievements.models import Completion, CompletionStatus, ImportBatch
from tohu.core.permissions import Action, can
from tohu.learners.models import Learner
from tohu.organisations.models import Organisation
from tohu.organisations.selectors import organisations_of
from tohu.register.models import FieldOfStudy
from tohu.rulebook import counted_versions, listed_title

if TYPE_CHECKING:
    from tohu.core.permissions import User


RECORD_FIELDS = (
    "micro_credential__listing_number",
    "version__number",
    "version__title",
    "version__title_mi",
    "version__level",
    "version__credits",
    "provider__name",
    "date_of_achievement",
)


def _completions() -> QuerySet[Completion]:
    return Completion.objects.select_related("version", "micro_credential", "provider")


@dataclass(frozen=True, slots=True)
class RecordEntry:
    """One line of a Record of Achievement: what the learner holds, from whom, since when."""

    listing_number: str
    version_number: int
    title: str
    title_mi: str
    level: int
    credits: int
    provider_name: str
    date_of_achievement: date
    # ROA-total: False for an earlier version of a listing the learner also holds a later one of
    counted: bool = True

    @property
    def listed_title(self) -> str:
        """LOR-6.1a: the title as listed, with its "(Micro-credential)" suffix."""
        return listed_title(self.title)


@dataclass(frozen=True)
class RecordOfAchievement:
    """A learner's current completions, newest first, with totals."""

    learner: Learner
    completions: list[RecordEntry]

    @property
    def counted(self) -> list[RecordEntry]:
        """ROA-total: the entries the totals count (each micro-credential once)."""
        return [c for c in self.completions if c.counted]

    @property
    def total_credits(self) -> int:
        return sum(c.credits for c in self.counted)

    @property
    def count(self) -> int:
        return len(self.counted)

    @property
    def credits_by_level(self) -> list[tuple[int, int, int]]:
        """(level, completions, credits) for each level held."""
        totals: dict[int, list[int]] = {}
        for completion in self.counted:
            entry = totals.setdefault(completion.level, [0, 0])
            entry[0] += 1
            entry[1] += completion.credits
        return [(level, n, credits) for level, (n, credits) in sorted(totals.items())]


def record_of_achievement(*, user: User | None, learner: Learner) -> RecordOfAchievement:
    """The learner's record: their own, or any learner's for the quality assurer."""
    if not can(user, Action.LEARNER_VIEW, learner):
        raise Http404("No such record.")
    return shared_record(learner)


def shared_record(learner: Learner, *, achieved_by: date | None = None) -> RecordOfAchievement:
    """The record behind a live share link (the link was checked by the service), or behind a
    record PDF's signed address (achieved up to the day the PDF was made)."""
    # plain rows, one query: the page for a learner with hundreds of completions stays fast
    held = Completion.objects.filter(nsn=learner.nsn, status=CompletionStatus.RECORDED)
    if achieved_by is not None:
        held = held.filter(date_of_achievement__lte=achieved_by)
    rows = held.order_by("-date_of_achievement", "micro_credential__listing_number").values_list(
        *RECORD_FIELDS
    )
    entries = [RecordEntry(*row) for row in rows]
    counted = counted_versions((e.listing_number, e.version_number) for e in entries)
    if len(counted) < len(entries):
        entries = [
            e if (e.listing_number, e.version_number) in counted else replace(e, counted=False)
            for e in entries
        ]
    return RecordOfAchievement(learner=learner, completions=entries)


def provider_for(user: User, slug: str, *, report: bool = False) -> Organisation:
    """The provider whose reports the user may see (or make); otherwise it does not exist."""
    provider = Organisation.objects.filter(slug=slug).first()
    action = Action.ACHIEVEMENT_REPORT if report else Action.ACHIEVEMENT_VIEW_REPORTED
    if provider is None or not provider.is_provider or not can(user, action, provider):
        raise Http404("No such provider.")
    return provider


def providers_reporting_for(user: User) -> list[Organisation]:
    """The providers the user acts for."""
    return [o for o in organisations_of(user) if o.is_provider]


def batches_of(*, user: User, provider: Organisation) -> QuerySet[ImportBatch]:
    if not can(user, Action.ACHIEVEMENT_VIEW_REPORTED, provider):
        return ImportBatch.objects.none()
    return ImportBatch.objects.filter(provider=provider).select_related("submitted_by")


def batch_of(*, user: User, provider: Organisation, batch_id: int) -> ImportBatch:
    batch = batches_of(user=user, provider=provider).filter(pk=batch_id).first()
    if batch is None:
        raise Http404("No such batch.")
    return batch


@dataclass(frozen=True)
class CompletionFilter:
    """What to look for among completions; blank means any."""

    nsn: str = ""
    listing_number: str = ""
    provider: str = ""
    status: str = ""
    achieved_from: date | None = None
    achieved_to: date | None = None

    @property
    def is_empty(self) -> bool:
        return not any(
            (
                self.nsn,
                self.listing_number,
                self.provider,
                self.status,
                self.achieved_from,
                self.achieved_to,
            )
        )


def _filtered(queryset: QuerySet[Completion], criteria: CompletionFilter) -> QuerySet[Completion]:
    if criteria.nsn:
        queryset = queryset.filter(nsn=criteria.nsn)
    if criteria.listing_number:
        queryset = queryset.filter(micro_credential__listing_number=criteria.listing_number)
    if criteria.provider:
        queryset = queryset.filter(
            Q(provider__slug=criteria.provider) | Q(provider__moe_number=criteria.provider)
        )
    if criteria.status:
        queryset = queryset.filter(status=criteria.status)
    if criteria.achieved_from:
        queryset = queryset.filter(date_of_achievement__gte=criteria.achieved_from)
    if criteria.achieved_to:
        queryset = queryset.filter(date_of_achievement__lte=criteria.achieved_to)
    return queryset


def completions_reported(
    *, user: User, provider: Organisation, criteria: CompletionFilter
) -> QuerySet[Completion]:
    """What the provider reported, for its own members and the quality assurer."""
    if not can(user, Action.ACHIEVEMENT_VIEW_REPORTED, provider):
        return Completion.objects.none()
    return _filtered(_completions().filter(provider=provider), criteria).order_by(
        "-date_of_achievement", "-id"
    )


def completions_search(*, user: User, criteria: CompletionFilter) -> QuerySet[Completion]:
    """The quality assurer's search by NSN, provider or micro-credential."""
    if not can(user, Action.ACHIEVEMENT_SEARCH) or criteria.is_empty:
        return Completion.objects.none()
    return _filtered(_completions(), criteria).order_by("-date_of_achievement", "-id")


def completion_for(*, user: User, completion_id: int) -> Completion:
    """A completion for its provider's members and the quality assurer; else it does not exist."""
    completion = _completions().filter(pk=completion_id).first()
    if completion is None or not (
        can(user, Action.ACHIEVEMENT_SEARCH)
        or can(user, Action.ACHIEVEMENT_VIEW_REPORTED, completion.provider)
    ):
        raise Http404("No such completion.")
    return completion


def completion_history(completion: Completion) -> list[Completion]:
    """Every record in the completion's chain of corrections, oldest first (ROA-correct)."""
    chain = [completion]
    seen = {completion.pk}
    older = completion.supersedes_id
    newer_of = completion.pk
    while older is not None and older not in seen:
        previous = _completions().select_related("changed_by").get(pk=older)
        chain.insert(0, previous)
        seen.add(previous.pk)
        older = previous.supersedes_id
    while (following := _completions().filter(supersedes_id=newer_of).first()) is not None:
        chain.append(following)
        newer_of = following.pk
    return chain


@dataclass(frozen=True)
class FigureRow:
    """One row of a figures table: a label and its count."""

    label: str
    count: int


@dataclass(frozen=True)
class MonthlyFigures:
    """Completions recorded per month, and for the period by provider, level and field."""

    months: list[FigureRow]
    by_provider: list[FigureRow]
    by_level: list[FigureRow]
    by_field: list[FigureRow]
    start: date
    end: date


def monthly_figures(*, user: User, start: date, end: date) -> MonthlyFigures | None:
    """Count current completions by month of achievement between two days (quality assurer)."""
    if not can(user, Action.ACHIEVEMENT_SEARCH):
        return None
    base = Completion.objects.filter(
        status=CompletionStatus.RECORDED,
        date_of_achievement__gte=start,
        date_of_achievement__lte=end,
    ).order_by()
    by_month = dict(
        base.annotate(month=TruncMonth("date_of_achievement"))
        .values_list("month")
        .annotate(n=Count("pk"))
    )
    months = []
    cursor = date(start.year, start.month, 1)
    while cursor <= end:
        months.append(FigureRow(cursor.strftime("%b %Y"), by_month.get(cursor, 0)))
        cursor = date(cursor.year + cursor.month // 12, cursor.month % 12 + 1, 1)
    providers = (
        base.values_list("provider__name").annotate(n=Count("pk")).order_by("-n", "provider__name")
    )
    levels = base.values_list("version__level").annotate(n=Count("pk")).order_by("version__level")
    fields = (
        base.annotate(broad=Substr("version__nzsced_code", 1, 2))
        .values_list("broad")
        .annotate(n=Count("pk"))
        .order_by("broad")
    )
    field_names = dict(
        FieldOfStudy.objects.filter(level=FieldOfStudy.Level.BROAD).values_list("code", "name")
    )
    return MonthlyFigures(
        months=months,
        by_provider=[FigureRow(name, n) for name, n in providers[:20]],
        by_level=[FigureRow(f"Level {level}", n) for level, n in levels],
        by_field=[
            FigureRow(f"{code} {field_names.get(code, '')}".strip(), n) for code, n in fields
        ],
        start=start,
        end=end,
    )


@dataclass(frozen=True)
class Awardable:
    """A micro-credential the provider may award on a day, as the report form offers it."""

    listing_number: str
    label: str


def micro_credentials_awardable(provider: Organisation, day: date) -> list[Awardable]:
    """What the provider may report a completion of on the day: the micro-credentials it holds
    the approval for or was accredited for that day (LOR-18.2), listed and not discontinued
    then (ROA-date, ROA-status, LOR-8.5), by the same rules a results file is checked against."""
    from tohu.achievements.services.reference import ReferenceData
    from tohu.core import clock
    from tohu.register.models import MicroCredential
    from tohu.rulebook import check_date_of_achievement, provider_may_award

    candidates = list(
        MicroCredential.objects.filter(Q(accreditations__provider=provider) | Q(developer=provider))
        .select_related("current_version")
        .distinct()
        .order_by("listing_number")
    )
    reference = ReferenceData(provider.pk)
    reference.load(mc.listing_number for mc in candidates)
    today = clock.today()
    offered = []
    for mc in candidates:
        ref = reference.get(mc.listing_number)
        if ref is None or not provider_may_award(ref.award, day):
            continue
        if check_date_of_achievement(day, ref.award, today=today):
            continue
        version = mc.current_version
        title = listed_title(version.title) if version is not None else ""
        facts = f", level {version.level}, {version.credits} credits" if version else ""
        offered.append(Awardable(mc.listing_number, f"{mc.listing_number} {title}{facts}"))
    return offered
