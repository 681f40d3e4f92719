"""The review schedule (REV-period) and the prompts that keep it (REV-remind)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.db.models import Prefetch

from tohu.core import audit, clock, policy
from tohu.core.effects import email_after_commit
from tohu.core.errors import DomainError
from tohu.core.permissions import Action, require
from tohu.core.principal import SYSTEM, Principal
from tohu.organisations.models import Membership, Organisation, Role
from tohu.register import services as register_services
from tohu.register.models import (
    Accreditation,
    AccreditationStatus,
    ListingStatus,
    MicroCredential,
)
from tohu.reviews.events import Event
from tohu.reviews.models import (
    OPEN_STATUSES,
    REVIEW_STATES,
    Review,
    ReviewKind,
    ReviewPeriodOverride,
    ReviewPrompt,
    ReviewStatus,
)
from tohu.rulebook import (
    PromptKind,
    ReviewPeriod,
    Scope,
    add_months,
    check_period_override,
    classify_micro_credential,
    next_review_due,
    prompts_due,
    review_period,
)

# the people of an organisation who hear about its reviews
PROMPTED_ROLES = (Role.ADMIN, Role.STAFF)


def period_of(micro_credential: MicroCredential) -> ReviewPeriod:
    """Return the review period that applies to the listing, and why (REV-period).

    What counts is the day it was first approved and the period its current version proposes.
    """
    version = micro_credential.current_version
    assert version is not None, "a listed micro-credential has a current version"
    override = ReviewPeriodOverride.objects.filter(micro_credential=micro_credential).first()
    return review_period(
        first_approved_on=micro_credential.first_approved_on,
        proposed_years=version.review_period_years,
        cutover_2022=policy.current().rules_2022_cutover,
        override_years=override.years if override else None,
        override_reason=override.reason if override else "",
    )


def _in_transition(micro_credential: MicroCredential) -> bool:
    # TRANS-2025 (c): every review of a listing first approved under the older rules is part of it
    found = classify_micro_credential(
        first_approved_on=micro_credential.first_approved_on,
        cutover_2022=policy.current().rules_2022_cutover,
    )
    return found.scope is Scope.NOW


def _live_listings(only: Sequence[MicroCredential] | None) -> list[MicroCredential]:
    granted = Accreditation.objects.filter(status=AccreditationStatus.GRANTED)
    listings = MicroCredential.objects.filter(
        status=ListingStatus.CURRENT, next_review_due__isnull=False
    ).select_related("current_version")
    if only is not None:
        listings = listings.filter(pk__in=[m.pk for m in only])
    return list(listings.prefetch_related(Prefetch("accreditations", queryset=granted)))


def _wanted_reviews(micro_credential: MicroCredential) -> list[Review]:
    due_on = micro_credential.next_review_due
    assert due_on is not None
    transition = _in_transition(micro_credential)
    wanted = [
        Review(
            kind=ReviewKind.DEVELOPER,
            micro_credential=micro_credential,
            organisation_id=micro_credential.developer_id,
            due_on=due_on,
            transition_2025=transition,
        )
    ]
    # provider reviews run per accredited provider on the same cycle (REV-prov)
    for accreditation in micro_credential.accreditations.all():
        wanted.append(
            Review(
                kind=ReviewKind.PROVIDER,
                micro_credential=micro_credential,
                organisation_id=accreditation.provider_id,
                due_on=due_on,
                transition_2025=transition,
            )
        )
    return wanted


def reviews_schedule(
    *, actor: Principal = SYSTEM, only: Sequence[MicroCredential] | None = None
) -> list[Review]:
    """Make sure every current listing has its reviews for its next due date (REV-period).

    The developer review and one provider review per accredited provider; running it again
    creates nothing twice. Return the reviews created.
    """
    listings = _live_listings(only)
    existing = set(
        Review.objects.filter(micro_credential__in=listings).values_list(
            "kind", "micro_credential_id", "organisation_id", "due_on"
        )
    )
    created: list[Review] = []
    with transaction.atomic():
        for micro_credential in listings:
            for review in _wanted_reviews(micro_credential):
                key = (review.kind, micro_credential.pk, review.organisation_id, review.due_on)
                if key in existing:
                    continue
                review.save(force_insert=True)
                existing.add(key)
                created.append(review)
                audit.record(
                    Event.REVIEW_SCHEDULED,
                    actor=actor,
                    subject=review,
                    detail={
                        "kind": review.kind,
                        "listing_number": micro_credential.listing_number,
                        "organisation_id": review.organisation_id,
                        "due_on": review.due_on,
                    },
                )
    return created


def _last_reviewed_on(micro_credential: MicroCredential) -> date:
    accepted = (
        Review.objects.filter(
            micro_credential=micro_credential,
            kind=ReviewKind.DEVELOPER,
            status=ReviewStatus.ACCEPTED,
            decided_on__isnull=False,
        )
        .order_by("-decided_on")
        .values_list("decided_on", flat=True)
        .first()
    )
    return accepted or micro_credential.listed_on


def next_review_recompute(
    *, actor: audit.Actor, micro_credential: MicroCredential, reason: str
) -> date | None:
    """Move the next review to the last accepted review (or the listing date) plus the period
    now in force, when that changes it; reviews not yet prompted move with it (REV-period).

    A listing with no review to come (it will not continue) keeps none. Return the new due date,
    or None when nothing moved.
    """
    previous_due = micro_credential.next_review_due
    if previous_due is None:
        return None
    new_due = next_review_due(
        last_reviewed_on=_last_reviewed_on(micro_credential), period=period_of(micro_credential)
    )
    if new_due == previous_due:
        return None
    register_services.micro_credential_next_review_set(
        actor=actor, micro_credential=micro_credential, next_review_due=new_due, reason=reason
    )
    Review.objects.filter(
        micro_credential=micro_credential,
        status=ReviewStatus.SCHEDULED,
        due_on=previous_due,
        prompts__isnull=True,
    ).update(due_on=new_due)
    return new_due


def on_review_period_proposed(
    sender: object,
    *,
    actor: audit.Actor,
    micro_credential: MicroCredential,
    reason: str,
    **_: object,
) -> None:
    """A new version proposes another review period: move the next review (REV-period)."""
    next_review_recompute(actor=actor, micro_credential=micro_credential, reason=reason)


def review_period_set(
    *, actor: AbstractBaseUser, micro_credential: MicroCredential, years: int, reason: str
) -> MicroCredential:
    """The quality assurer sets a listing's review period, with a reason (LOR-6.1g, r14.4(c)).

    The next review moves to the last accepted review (or the listing date) plus the new period;
    reviews not yet prompted move with it.
    """
    require(actor, Action.REVIEW_SET_PERIOD, micro_credential)
    for finding in check_period_override(years, reason):
        raise DomainError(finding.message, rule_id=finding.rule_id, field=finding.field)
    today = clock.today()
    with transaction.atomic():
        ReviewPeriodOverride.objects.update_or_create(
            micro_credential=micro_credential,
            defaults={"years": years, "reason": reason, "set_by": actor, "set_on": today},
        )
        previous_due = micro_credential.next_review_due
        next_review_recompute(
            actor=actor,
            micro_credential=micro_credential,
            reason=f"Review period set to {years} year(s): {reason}",
        )
        new_due = micro_credential.next_review_due
        audit.record(
            Event.REVIEW_PERIOD_SET,
            actor=actor,
            subject=micro_credential,
            detail={"years": years, "reason": reason, "from": previous_due, "to": new_due},
        )
    return micro_credential


# ---------------------------------------------------------------------------------------------
# Prompts (REV-remind)


@dataclass
class PromptRun:
    """What one run of the prompt task did."""

    scheduled: int = 0
    prompted: dict[str, int] = field(default_factory=dict)
    emails: int = 0

    def count(self, kind: PromptKind) -> None:
        self.prompted[kind.value] = self.prompted.get(kind.value, 0) + 1

    @property
    def total(self) -> int:
        return sum(self.prompted.values())


def recipients_of(organisation: Organisation) -> list[str]:
    """Return the addresses that hear about an organisation's reviews: its own and its staff's.

    Uses the memberships prefetched as `prompted_members` when present.
    """
    members: Iterable[Membership] | None = getattr(organisation, "prompted_members", None)
    if members is None:
        members = organisation.memberships.filter(role__in=PROMPTED_ROLES).select_related("user")
    addresses = [organisation.email] + [getattr(m.user, "email", "") for m in members]
    return sorted({address for address in addresses if address})


def _open_reviews(horizon: date) -> list[Review]:
    members = Membership.objects.filter(role__in=PROMPTED_ROLES).select_related("user")
    return list(
        Review.objects.filter(status__in=OPEN_STATUSES, due_on__lte=horizon)
        .select_related("micro_credential__current_version", "training_scheme", "organisation")
        .prefetch_related(
            Prefetch("organisation__memberships", queryset=members, to_attr="prompted_members")
        )
        .order_by("due_on", "pk")
    )


_PROMPT_SUBJECTS = {
    PromptKind.ADVANCE: "Review due on {due}: {reference} {title}",
    PromptKind.DUE: "Review due today: {reference} {title}",
    PromptKind.OVERDUE: "Review overdue: {reference} {title}",
}

_PROMPT_BODIES = {
    PromptKind.ADVANCE: (
        "The {kind} of {reference} {title} is due on {due}. Please complete the online review "
        "report in Tohu before then."
    ),
    PromptKind.DUE: "The {kind} of {reference} {title} is due today ({due}).",
    PromptKind.OVERDUE: (
        "The {kind} of {reference} {title} was due on {due} and is now overdue. NZQA may begin "
        "the process of rule 17 of the Listing and Operational Rules."
    ),
}


def _prompt_email(review: Review, kind: PromptKind, recipients: list[str]) -> None:
    values = {
        "kind": review.get_kind_display().lower(),
        "reference": review.reference,
        "title": review.title,
        "due": f"{review.due_on.day} {review.due_on:%B %Y}",
    }
    email_after_commit(
        to=recipients,
        subject=_PROMPT_SUBJECTS[kind].format(**values),
        body=_PROMPT_BODIES[kind].format(**values),
    )


def _record_prompt(review: Review, kind: PromptKind, today: date, recipients: list[str]) -> bool:
    try:
        with transaction.atomic():
            ReviewPrompt.objects.create(
                review=review, kind=kind, sent_on=today, recipients=recipients
            )
    except IntegrityError:
        # another run sent this prompt first: the unique constraint keeps it to one
        return False
    return True


def _apply_prompt(review: Review, kind: PromptKind, today: date) -> None:
    # any prompt makes a scheduled review due; a review further on keeps its status
    if REVIEW_STATES.allows(review.status, ReviewStatus.DUE, by="_apply_prompt"):
        review.status = ReviewStatus.DUE
    if kind is PromptKind.OVERDUE:
        review.overdue_marked_on = today
    review.save(update_fields=["status", "overdue_marked_on", "updated_at"])
    event = Event.REVIEW_MARKED_OVERDUE if kind is PromptKind.OVERDUE else Event.REVIEW_PROMPTED
    audit.record(
        event,
        actor=SYSTEM,
        subject=review,
        detail={"prompt": kind.value, "due_on": review.due_on, "reference": review.reference},
    )


def _prompt_review(
    review: Review, kinds: list[PromptKind], sent: set[str], today: date
) -> list[PromptKind]:
    missing = [kind for kind in kinds if kind.value not in sent]
    if not missing:
        return []
    recipients = recipients_of(review.organisation)
    with transaction.atomic():
        recorded = [kind for kind in missing if _record_prompt(review, kind, today, recipients)]
        for kind in recorded:
            _apply_prompt(review, kind, today)
        # one email a run, about the most pressing prompt, however late the task ran
        if recorded:
            _prompt_email(review, recorded[-1], recipients)
    return recorded


def reviews_prompt(*, today: date | None = None) -> PromptRun:
    """Schedule, prompt and mark overdue every review that needs it (REV-remind).

    Idempotent: each prompt is recorded once per review, so running it twice sends nothing the
    second time.
    """
    today = today or clock.today()
    run = PromptRun(scheduled=len(reviews_schedule(actor=SYSTEM)))
    lead = policy.current().review_prompt_months
    reviews = _open_reviews(add_months(today, lead))
    sent: dict[int, set[str]] = {}
    for review_id, kind in ReviewPrompt.objects.filter(review__in=reviews).values_list(
        "review_id", "kind"
    ):
        sent.setdefault(review_id, set()).add(kind)
    for review in reviews:
        kinds = prompts_due(due_on=review.due_on, today=today, lead_months=lead)
        recorded = _prompt_review(review, kinds, sent.get(review.pk, set()), today)
        if recorded:
            run.emails += 1
        for kind in recorded:
            run.count(kind)
    return run
