"""The demo's working life: what a newcomer believes on day one.

Learners hold a few micro-credentials at neighbouring levels; next reviews fall around today
with a handful overdue by weeks; applications wait in every state with full content; former
training schemes are in the 2025 review in every state; an overseas provider can ask for a
statement of equivalency while the policy window is open.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from tohu.achievements.models import Completion
from tohu.applications.models import Application, ApplicationStatus, ApplicationType
from tohu.core import clock
from tohu.demo.activity import OVERDUE_WEEKS, Activity, add_activity
from tohu.demo.build import build_demo
from tohu.learners.models import Learner
from tohu.organisations.models import OrganisationType
from tohu.register.models import ListingStatus, MicroCredential
from tohu.reviews.models import Review, ReviewKind, ReviewStatus, SchemeStatus, TrainingScheme
from tohu.rulebook import day_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def activity() -> Activity:
    build_demo()
    return add_activity()


def _client(username: str) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def test_each_learner_holds_one_to_four_micro_credentials_at_neighbouring_levels(
    activity: Activity,
) -> None:
    held = Counter(Completion.objects.values_list("nsn", flat=True))
    assert set(held) == set(Learner.objects.values_list("nsn", flat=True))
    assert set(held.values()) <= {1, 2, 3, 4}
    assert activity.completions == sum(held.values())
    levels: dict[str, set[int]] = {}
    for nsn, level in Completion.objects.values_list("nsn", "version__level"):
        levels.setdefault(nsn, set()).add(level)
    assert all(max(found) - min(found) <= 2 for found in levels.values())
    # the demo learner who signs in has a record worth sharing
    assert held["0041872305"] == 3


def test_next_reviews_fall_around_today_with_a_handful_overdue_by_weeks(
    activity: Activity,
) -> None:
    today = clock.today()
    live = MicroCredential.objects.filter(
        status__in=[ListingStatus.CURRENT, ListingStatus.EXPIRING], next_review_due__isnull=False
    )
    overdue = [(today - m.next_review_due).days for m in live if m.next_review_due < today]  # type: ignore[operator]
    assert 1 <= len(overdue) <= 6
    assert all(days <= OVERDUE_WEEKS * 7 for days in overdue)
    ahead = [(m.next_review_due - today).days for m in live if m.next_review_due >= today]  # type: ignore[operator]
    # spread over the coming review periods, not bunched on one day
    assert len(set(ahead)) > len(ahead) // 2
    assert max(ahead) <= 3 * 366
    open_listing_reviews = Review.objects.exclude(kind=ReviewKind.SCHEME).filter(
        status=ReviewStatus.SCHEDULED, due_on__lt=today
    )
    assert all(
        today - review.due_on <= timedelta(weeks=OVERDUE_WEEKS) for review in open_listing_reviews
    )


def test_applications_wait_in_every_state_with_full_content(activity: Activity) -> None:
    states = Counter(Application.objects.values_list("status", flat=True))
    assert set(states) == {
        ApplicationStatus.DRAFT,
        ApplicationStatus.SUBMITTED,
        ApplicationStatus.IN_EVALUATION,
        ApplicationStatus.INFORMATION_REQUESTED,
        ApplicationStatus.APPROVED,
        ApplicationStatus.DECLINED,
    }
    for application in Application.objects.all():
        assert application.title
        assert application.level
        assert application.credits
        assert len(application.learning_outcomes) >= 2
        assert application.purpose_use
        assert application.assessment
        assert application.attachments.exists()
    waiting = Application.objects.get(status=ApplicationStatus.INFORMATION_REQUESTED)
    assert waiting.information_requests.filter(replied_at__isnull=True).count() == 1
    approved = Application.objects.get(status=ApplicationStatus.APPROVED)
    assert approved.micro_credential is not None
    # the evaluator's queue has real work in it
    queue = _client("evaluator").get(reverse("applications:queue")).content.decode()
    for status in (ApplicationStatus.SUBMITTED, ApplicationStatus.IN_EVALUATION):
        assert Application.objects.get(status=status).reference in queue


def test_former_training_schemes_are_in_the_2025_review_in_every_state(
    activity: Activity,
) -> None:
    schemes = {s.reference: s for s in TrainingScheme.objects.all()}
    assert activity.schemes == len(schemes) == 8
    assert {s.status for s in schemes.values()} >= {
        SchemeStatus.IN_DELIVERY,
        SchemeStatus.CONVERTING,
        SchemeStatus.RETIRED,
    }
    assert {s.scope for s in schemes.values()} == {"now", "later"}
    assert schemes["TS-4418"].scope_decided_by is not None
    reviews = {r.training_scheme.reference: r.status for r in Review.objects.filter(kind="scheme")}  # type: ignore[union-attr]
    assert set(reviews.values()) == {
        ReviewStatus.SCHEDULED,
        ReviewStatus.SUBMITTED,
        ReviewStatus.RETURNED,
        ReviewStatus.ACCEPTED,
    }
    assert "TS-4416" not in reviews  # basic first aid waits for a later review


def test_the_overseas_provider_can_start_a_statement_of_equivalency_while_the_window_is_open(
    activity: Activity, settings: Any
) -> None:
    settings.TOHU_POLICY = replace(
        settings.TOHU_POLICY, equivalency_last_day=clock.today() + timedelta(days=365)
    )
    person = get_user_model().objects.get(username="overseas-provider")
    organisation = person.memberships.get().organisation
    assert organisation.org_type == OrganisationType.OVERSEAS_PROVIDER
    client = _client("overseas-provider")
    assert "Start an application" in client.get(reverse("dashboard")).content.decode()
    response = client.post(
        reverse("applications:start"),
        {"organisation": organisation.pk, "application_type": ApplicationType.EQUIVALENCY},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    started = Application.objects.get(applicant=organisation)
    assert started.application_type == ApplicationType.EQUIVALENCY


def test_when_the_window_has_closed_the_overseas_provider_is_told_why(
    activity: Activity, settings: Any
) -> None:
    settings.TOHU_POLICY = replace(settings.TOHU_POLICY, equivalency_last_day=date(2025, 12, 31))
    page = _client("overseas-provider").get(reverse("dashboard")).content.decode()
    closed = day_text(date(2025, 12, 31))
    assert f"Applications for statements of equivalency closed on {closed}." in page
    assert "Start an application" not in page
    assert reverse("applications:statements") in page


def test_while_the_window_is_open_the_overseas_provider_holds_a_statement(settings: Any) -> None:
    settings.TOHU_POLICY = replace(
        settings.TOHU_POLICY, equivalency_last_day=clock.today() + timedelta(days=365)
    )
    build_demo()
    done = add_activity()
    assert done.applications == 7
    statement = Application.objects.get(application_type=ApplicationType.EQUIVALENCY).statement
    assert statement.organisation.org_type == OrganisationType.OVERSEAS_PROVIDER
    register = Client().get(reverse("applications:statements")).content.decode()
    assert statement.number in register
    assert "STCW Basic Safety Training" in register
