"""The demo's working life, added once after the framework: what a newcomer finds on day one.

Everything goes through the real services, as the people involved would do it:
- completions: each learner holds 1 to 4 micro-credentials at neighbouring levels
  (`tohu.achievements.demo`);
- reviews: a listing's earlier reviews count as accepted on time, so each next review falls
  within one review period of today; the few that fell due in the last `OVERDUE_WEEKS` weeks
  are overdue by weeks, not years;
- applications in every state, with full content, so the evaluator has real work;
- former training schemes in the 2025 review in every state.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from tohu.applications import services as applications
from tohu.applications.models import Application, ApplicationType
from tohu.core import clock, policy
from tohu.core.principal import DEMO
from tohu.organisations.models import Membership
from tohu.register import services as register
from tohu.register.models import ListingStatus, MicroCredential
from tohu.reviews.models import Review, ReviewStatus, TrainingScheme
from tohu.reviews.services import (
    review_accept,
    review_return,
    review_submit,
    reviews_schedule,
    scheme_scope_decide,
    schemes_import,
)
from tohu.reviews.services.schedule import period_of
from tohu.rulebook import add_years

OVERDUE_WEEKS = 8


@dataclass(frozen=True)
class Activity:
    """What `add_activity` did, for `tohu demo` to say."""

    completions: int
    reviews_moved: int
    reviews_scheduled: int
    applications: int
    schemes: int


def add_activity(*, today: date | None = None) -> Activity:
    """Give the loaded demo its working life (run once, right after the framework loads)."""
    from tohu.achievements.demo import add_demo_completions

    today = today or clock.today()
    moved = bring_reviews_near_today(today)
    scheduled = len(reviews_schedule(actor=DEMO))
    made = add_applications(today)
    schemes = add_training_schemes(today)
    recorded = add_demo_completions()
    return Activity(recorded, moved, scheduled, made, schemes)


# --- reviews ---------------------------------------------------------------------------------


def bring_reviews_near_today(today: date) -> int:
    """Count each listing's earlier reviews as accepted on time (REV-period): move its next
    review on by whole review periods until it falls due no more than OVERDUE_WEEKS ago."""
    oldest = today - timedelta(weeks=OVERDUE_WEEKS)
    moved = 0
    live = MicroCredential.objects.filter(
        status__in=[ListingStatus.CURRENT, ListingStatus.EXPIRING],
        next_review_due__lt=oldest,
    ).select_related("current_version")
    for micro_credential in live.order_by("listing_number"):
        due = micro_credential.next_review_due
        assert due is not None
        years = period_of(micro_credential).years
        cycles = 0
        while due < oldest:
            due = add_years(due, years)
            cycles += 1
        register.micro_credential_next_review_set(
            actor=DEMO,
            micro_credential=micro_credential,
            next_review_due=due,
            reason=f"Demo history: the {cycles} review(s) before this one were accepted on time.",
        )
        moved += 1
    return moved


# --- applications ----------------------------------------------------------------------------

LISTING: dict[str, Any] = {
    "level": 4,
    "credits": 10,
    "notional_hours": 100,
    "purpose_pathways": "Credit towards the New Zealand Certificate in Hospitality (Level 4).",
    "review_period_years": 3,
    "assessment": (
        "Two practical observations in a working venue, assessed against the outcomes with "
        "a marking schedule, and a short written reflection."
    ),
    "entry_requirements": "None; learners must be working in, or placed in, a venue.",
    "rpl_credit_transfer": "Recognition of prior learning against each outcome by observation.",
    "delivery_modes": "Blended: six evening workshops and supervised practice at work.",
    "stakeholder_consultation": (
        "Consulted the Services Industry Skills Board, Hospitality New Zealand, two iwi-owned "
        "tourism operators and four employers; their comments are in the attached summary."
    ),
    "isb_support": "provided",
}
ACCREDITATION: dict[str, Any] = {
    "accreditation_delivery": "Our Wellington training kitchen and partner venues.",
    "accreditation_assessment": "Two qualified assessors; moderation with the ISB each year.",
    "accreditation_resources": "A commercial kitchen, a training bar and three tutors.",
    "accreditation_learner_support": "Learning support, pastoral care and a complaints process.",
}


@dataclass(frozen=True)
class DemoApplication:
    """One application the demo makes, and how far it goes."""

    applicant: str  # a persona's username
    application_type: str
    state: str
    content: dict[str, Any]


def _listing(title: str, nzsced: str, aims: str, outcomes: list[str], need: str) -> dict[str, Any]:
    return {
        **LISTING,
        "title": title,
        "nzsced_code": nzsced,
        "purpose_use": aims,
        "purpose_relevance": "Relevant to learners, whānau, employers and the visitor economy.",
        "purpose_outcomes": "Graduates can " + outcomes[0][0].lower() + outcomes[0][1:] + ".",
        "purpose_contribution": "Supports employment and progression in hospitality and tourism.",
        "learning_outcomes": outcomes,
        "evidence_of_need": need,
        "evidence_sources": "Employer survey (2026, 38 venues) and regional workforce plans.",
    }


APPLICATIONS = (
    DemoApplication(
        "developer",
        ApplicationType.LISTING_APPROVAL,
        "draft",
        _listing(
            "Barista Latte Art and Milk Texturing",
            "110103",
            "Shows a barista can texture milk and pour consistent latte art at service speed.",
            ["Texture milk for each coffee style", "Pour three latte art patterns at speed"],
            "Cafés report that new baristas need weeks of coaching before service.",
        ),
    ),
    DemoApplication(
        "developer",
        ApplicationType.LISTING_APPROVAL,
        "submitted",
        _listing(
            "Manaakitanga in Visitor Services",
            "110101",
            "Recognises front-line staff who host visitors with manaakitanga and local knowledge.",
            [
                "Welcome visitors using tikanga appropriate to the rohe",
                "Share local stories and places accurately and respectfully",
                "Respond to visitors' needs with care",
            ],
            "Regional tourism organisations ask for staff who can host with manaakitanga.",
        ),
    ),
    DemoApplication(
        "provider-admin",
        ApplicationType.LISTING_APPROVAL_ACCREDITATION,
        "in_evaluation",
        {
            **_listing(
                "Kitchen Food Safety Supervision",
                "110101",
                "Prepares shift leaders to supervise food safety under a food control plan.",
                [
                    "Supervise safe food handling on a shift",
                    "Keep the records a food control plan asks for",
                    "Act on a food safety incident",
                ],
                "Councils' verifiers find record-keeping gaps in most small kitchens.",
            ),
            **ACCREDITATION,
        },
    ),
    DemoApplication(
        "developer",
        ApplicationType.LISTING_APPROVAL,
        "information_requested",
        _listing(
            "Event Security Fundamentals",
            "099905",
            "Covers crowd safety, de-escalation and incident reporting at hospitality events.",
            [
                "Assess crowd safety risks at an event",
                "De-escalate conflict without force",
                "Report incidents accurately",
            ],
            "Event organisers cannot find staff trained for licensed events.",
        ),
    ),
    DemoApplication(
        "developer",
        ApplicationType.LISTING_APPROVAL,
        "approved",
        _listing(
            "Wine Service Fundamentals",
            "110103",
            "Shows front-of-house staff can recommend and serve New Zealand wine responsibly.",
            [
                "Describe the main New Zealand wine styles",
                "Serve wine to a professional standard",
                "Apply host responsibility when serving alcohol",
            ],
            "Venues in wine regions report a shortage of trained wine service staff.",
        ),
    ),
    DemoApplication(
        "provider-admin",
        ApplicationType.LISTING_APPROVAL_ACCREDITATION,
        "declined",
        {
            **_listing(
                "Social Media for Hospitality Venues",
                "080505",
                "Teaches venue staff to run a venue's social media accounts.",
                ["Plan a month of posts for a venue", "Respond to online reviews"],
                "Two venues asked for it.",
            ),
            **ACCREDITATION,
        },
    ),
)


def _user(username: str) -> AbstractBaseUser:
    found: AbstractBaseUser = get_user_model().objects.get(username=username)
    return found


def _support_letter() -> bytes:
    return (
        b"%PDF-1.7\n1 0 obj<</Type/Catalog>>endobj\n% Letter of support from the Services "
        b"Industry Skills Board (demo)\n%%EOF\n"
    )


def _draft(spec: DemoApplication) -> Application:
    person = _user(spec.applicant)
    membership = Membership.objects.select_related("organisation").get(user_id=person.pk)
    organisation = membership.organisation
    application = applications.application_create(
        actor=person, organisation=organisation, application_type=spec.application_type
    )
    application = applications.application_update(
        actor=person,
        application=application,
        changes=spec.content,
        expected_version=application.edit_version,
    )
    letter = _support_letter()
    applications.attachment_add(
        actor=person,
        application=application,
        stream=io.BytesIO(letter),
        name="isb-support-letter.pdf",
        size=len(letter),
        purpose="support_letter",
    )
    return application


def _judge_all(evaluator: AbstractBaseUser, application: Application, verdict: str) -> None:
    for criterion in applications.application_criteria(application):
        applications.criterion_judge(
            actor=evaluator,
            application=application,
            criterion=criterion.code,
            verdict=verdict,
            note="Met: the application shows this clearly."
            if verdict == "met"
            else "Not met: see the reasons in the letter.",
        )


def add_applications(today: date) -> int:
    """Make applications in every state (draft to decided), the evaluator's queue included."""
    evaluator = _user("evaluator")
    for spec in APPLICATIONS:
        with transaction.atomic():
            application = _draft(spec)
            if spec.state == "draft":
                continue
            applications.application_submit(actor=_user(spec.applicant), application=application)
            if spec.state == "submitted":
                continue
            applications.application_begin_evaluation(actor=evaluator, application=application)
            applications.evaluator_hours_record(
                actor=evaluator, application=application, hours=Decimal(3)
            )
            if spec.state == "in_evaluation":
                first = applications.application_criteria(application)[0]
                applications.criterion_judge(
                    actor=evaluator,
                    application=application,
                    criterion=first.code,
                    verdict="met",
                    note="The purpose statement is clear and specific.",
                )
            elif spec.state == "information_requested":
                applications.information_request(
                    actor=evaluator,
                    application=application,
                    questions=(
                        "Please send the employer survey results you cite as evidence of need, "
                        "and say how the assessment tests de-escalation in practice."
                    ),
                    due_on=today + timedelta(days=14),
                )
            elif spec.state == "approved":
                _judge_all(evaluator, application, "met")
                applications.application_approve(
                    actor=evaluator,
                    application=application,
                    reasons="The application meets every criterion.",
                )
            elif spec.state == "declined":
                _judge_all(evaluator, application, "not_met")
                applications.application_decline(
                    actor=evaluator,
                    application=application,
                    reasons=(
                        "The evidence of need is two venues' requests: not enough to show a "
                        "need across the sector (MAAR-approval)."
                    ),
                )
    return len(APPLICATIONS) + add_statement_of_equivalency(today)


EQUIVALENCY: dict[str, Any] = {
    "title": "STCW Basic Safety Training",
    "equivalency_aims": (
        "Prepares seafarers for personal survival, fire prevention and fire fighting, "
        "elementary first aid and personal safety at sea, to the STCW Convention's standard."
    ),
    "learning_outcomes": [
        "Survive at sea if the ship is abandoned",
        "Prevent and fight fires on board",
        "Give elementary first aid",
    ],
    "level": 3,
    "credits": 8,
    "notional_hours": 80,
}


def add_statement_of_equivalency(today: date) -> int:
    """While NZQA takes applications for statements of equivalency (EQV-window, a policy date),
    the overseas provider asks for one and the evaluator issues it; return how many."""
    last_day = policy.current().equivalency_last_day
    if last_day is not None and today > last_day:
        return 0
    applicant = _user("overseas-provider")
    evaluator = _user("evaluator")
    membership = Membership.objects.select_related("organisation").get(user_id=applicant.pk)
    with transaction.atomic():
        application = applications.application_create(
            actor=applicant,
            organisation=membership.organisation,
            application_type=ApplicationType.EQUIVALENCY,
        )
        application = applications.application_update(
            actor=applicant,
            application=application,
            changes=EQUIVALENCY,
            expected_version=application.edit_version,
        )
        applications.application_submit(actor=applicant, application=application)
        applications.application_begin_evaluation(actor=evaluator, application=application)
        _judge_all(evaluator, application, "met")
        applications.application_approve(
            actor=evaluator,
            application=application,
            reasons="Equivalent to 8 credits at level 3: 80 notional hours at that level.",
        )
    return 1


# --- former training schemes -----------------------------------------------------------------

SCHEMES_HEADER = (
    "reference,title,provider,first_approved_on,cohort,duration_weeks,basic_first_aid,"
    "english_language,credits,level"
)
SCHEMES = (
    # domestic schemes are reviewed now; each ends in a different state below
    "TS-4411,Barista Skills,9006,2016-03-14,domestic,6,no,no,15,3",
    "TS-4412,Bar Service and Host Responsibility,9006,2017-08-21,domestic,4,no,no,10,3",
    "TS-4413,Front Office Operations,9006,2018-02-05,domestic,8,no,no,20,3",
    "TS-4414,Commercial Kitchen Basics,9006,2019-05-27,domestic,10,no,no,25,3",
    "TS-4415,Housekeeping Supervision,9006,2015-11-30,domestic,5,no,no,12,4",
    # basic first aid and long international schemes wait for a later review
    "TS-4416,Workplace First Aid,9006,2014-04-07,domestic,1,yes,no,2,2",
    "TS-4417,Hospitality English for Work,9006,2016-09-12,international,30,no,yes,60,3",
    # exactly 12 weeks: NZQA's two wordings disagree, so a person decides (TRANS-2025)
    "TS-4418,Restaurant Service (International),9006,2017-12-04,international,12,no,no,30,3",
)


def _scheme_answers(outcome: str) -> dict[str, Any]:
    return {
        "enrolments": 46,
        "completions": 39,
        "maori_enrolments": 11,
        "maori_completions": 9,
        "pacific_enrolments": 8,
        "pacific_completions": 7,
        "capability_to_deliver": "Two tutors, a training bar and kitchen; moderated each year.",
        "outcome": outcome,
        "outcome_reasons": (
            "Employers still hire our graduates; we will apply to list it under current rules."
            if outcome == "continue_with_changes"
            else "Enrolments have fallen and a listed micro-credential now covers this."
        ),
    }


def add_training_schemes(today: date) -> int:
    """Import former training schemes into the 2025 review and take their reviews through each
    state: due, submitted, returned, accepted to continue (converting), accepted to retire, a
    12-week scheme decided by a person, and schemes left for a later review."""
    result = schemes_import(
        actor=DEMO,
        stream=io.BytesIO("\r\n".join([SCHEMES_HEADER, *SCHEMES]).encode()),
        source="NZQA training scheme list (demo)",
    )
    provider = _user("provider-admin")
    manager = _user("qa-manager")

    def review(reference: str) -> Review:
        return Review.objects.get(training_scheme__reference=reference)

    # TS-4411: continue, accepted: the scheme is converting (a change application is due)
    accepted = review_submit(
        actor=provider, review=review("TS-4411"), answers=_scheme_answers("continue_with_changes")
    )
    review_accept(actor=manager, review=accepted, reasons="Agreed: apply for the change.")
    # TS-4412: retire, accepted
    retired = review_submit(
        actor=provider, review=review("TS-4412"), answers=_scheme_answers("do_not_continue")
    )
    review_accept(actor=manager, review=retired, reasons="Noted: the scheme retires.")
    # TS-4413: submitted, waiting on the quality assurer
    review_submit(
        actor=provider, review=review("TS-4413"), answers=_scheme_answers("continue_with_changes")
    )
    # TS-4414: returned for more work
    returned = review_submit(
        actor=provider, review=review("TS-4414"), answers=_scheme_answers("continue_with_changes")
    )
    review_return(
        actor=manager,
        review=returned,
        reasons="Give the completion figures by year, and describe the kitchen's moderation.",
    )
    # TS-4415 stays due (or overdue); TS-4416/4417 wait for the later review
    # TS-4418: the quality assurer decides the flagged 12-week scheme is reviewed now
    flagged = TrainingScheme.objects.get(reference="TS-4418")
    scheme_scope_decide(
        actor=manager,
        scheme=flagged,
        scope="now",
        note="Delivered to student-visa holders for 12 weeks: treat as in scope now.",
    )
    assert Review.objects.filter(status=ReviewStatus.SUBMITTED).exists()
    return result.imported
