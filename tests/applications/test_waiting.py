"""Dashboards say what waits on the person: the queue, overdue requests for information and
reviews to accept for the quality assurer; requests to answer for an applicant; unread
notifications for everyone."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from tests.applications.conftest import MakeDraft
from tests.conftest import Persona
from tests.factories import listed_micro_credential
from tohu.applications import services
from tohu.core.dashboards import waiting_on_you
from tohu.reviews.models import Review, ReviewKind, ReviewStatus


def _counts(persona: Persona) -> dict[str, int]:
    return {w.label: w.count for w in waiting_on_you(persona.user, today=date(2026, 4, 1))}


def test_waiting_on_the_evaluator_and_on_the_applicant(
    make_draft: MakeDraft, developer: Persona, provider: Persona, quality_assurer: Persona
) -> None:
    queued = make_draft(developer)
    services.application_submit(actor=developer.user, application=queued)
    asked = make_draft(provider, title="Barista Basics")
    services.application_submit(actor=provider.user, application=asked)
    services.application_begin_evaluation(actor=quality_assurer.user, application=asked)
    services.information_request(
        actor=quality_assurer.user,
        application=asked,
        questions="Who assesses?",
        due_on=date(2026, 3, 20),
    )
    assert provider.organisation is not None
    micro_credential = listed_micro_credential(developer=provider.organisation)
    Review.objects.create(
        kind=ReviewKind.PROVIDER,
        micro_credential=micro_credential,
        organisation=provider.organisation,
        due_on=date(2026, 3, 1),
        status=ReviewStatus.SUBMITTED,
    )

    qa = _counts(quality_assurer)
    assert qa["application to evaluate"] == 1
    assert qa["request for information overdue"] == 1
    assert qa["review to accept"] == 1
    applicant = _counts(provider)
    assert applicant["request for information to answer"] == 1
    assert applicant["unread notifications"] == 2  # submitted; information requested

    page = provider.client.get(reverse("dashboard")).content.decode()
    assert "Waiting on you" in page
    assert "request for information to answer" in page
