"""REV-remind: prompts before the due date, on it, and overdue after it; never twice."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from tests.conftest import Persona
from tohu.core.models import AuditEvent
from tohu.organisations.models import Organisation
from tohu.register.models import MicroCredential
from tohu.reviews import services
from tohu.reviews.models import Review, ReviewPrompt, ReviewStatus
from tohu.reviews.tasks import prompt_reviews

pytestmark = pytest.mark.django_db

Capture = Callable[..., Any]


@pytest.fixture
def members(developer: Persona, provider: Persona, isb: Organisation) -> None:
    """Give the ISB a contact address so prompts have somewhere to go."""
    isb.email = "reviews@ringahora.nz"
    isb.save()


def _kinds(review: Review) -> list[str]:
    return sorted(review.prompts.values_list("kind", flat=True))


def test_nothing_is_sent_more_than_three_months_ahead(
    listed: MicroCredential, members: None
) -> None:
    run = services.reviews_prompt(today=date(2026, 11, 30))
    assert run.scheduled == 2
    assert run.total == 0
    assert ReviewPrompt.objects.count() == 0


def test_the_advance_prompt_goes_three_months_before_and_makes_the_review_due(
    listed: MicroCredential, members: None, django_capture_on_commit_callbacks: Capture
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        run = services.reviews_prompt(today=date(2026, 12, 1))
    assert run.prompted == {"advance": 2}
    assert set(Review.objects.values_list("status", flat=True)) == {ReviewStatus.DUE}
    subjects = sorted(m.subject for m in mail.outbox)
    assert len(subjects) == 2
    assert all(s.startswith("Review due on 1 March 2027") for s in subjects)
    developer_mail = next(m for m in mail.outbox if "reviews@ringahora.nz" in m.to)
    assert "developer@example.org.nz" in developer_mail.to


def test_running_the_prompts_twice_sends_nothing_twice(
    listed: MicroCredential, members: None, django_capture_on_commit_callbacks: Capture
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        services.reviews_prompt(today=date(2026, 12, 1))
    sent = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        again = services.reviews_prompt(today=date(2026, 12, 1))
    assert again.total == 0
    assert len(mail.outbox) == sent
    assert ReviewPrompt.objects.count() == 2


def test_prompts_on_the_due_date_and_overdue_after_it(
    listed: MicroCredential, members: None, django_capture_on_commit_callbacks: Capture
) -> None:
    services.reviews_prompt(today=date(2026, 12, 1))
    services.reviews_prompt(today=date(2027, 3, 1))
    with django_capture_on_commit_callbacks(execute=True):
        run = services.reviews_prompt(today=date(2027, 3, 2))
    assert run.prompted == {"overdue": 2}
    review = Review.objects.get(kind="developer")
    assert _kinds(review) == ["advance", "due", "overdue"]
    assert review.overdue_marked_on == date(2027, 3, 2)
    assert all(m.subject.startswith("Review overdue") for m in mail.outbox)
    assert AuditEvent.objects.filter(event="review.marked_overdue").count() == 2


def test_a_late_run_records_every_missed_prompt_but_sends_one_email_each(
    listed: MicroCredential, members: None, django_capture_on_commit_callbacks: Capture
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        run = services.reviews_prompt(today=date(2027, 4, 1))
    assert run.emails == 2
    assert len(mail.outbox) == 2
    assert ReviewPrompt.objects.count() == 6


def test_a_submitted_review_is_not_prompted(
    listed: MicroCredential, submitted: Review, members: None
) -> None:
    services.reviews_prompt(today=date(2027, 4, 1))
    assert not submitted.prompts.exists()


def test_the_task_and_the_command_run_the_same_prompts_once(
    listed: MicroCredential, members: None
) -> None:
    with time_machine.travel("2026-12-01T00:00:00+00:00", tick=False):
        result = prompt_reviews.enqueue()
        assert result.return_value is not None
        assert result.return_value["emails"] == 2
        out = StringIO()
        call_command("reviews", "prompt", stdout=out)
    assert "sent 0 email(s); nothing was due" in out.getvalue()
    assert ReviewPrompt.objects.count() == 2


def test_the_command_prompts_for_a_given_day(listed: MicroCredential, members: None) -> None:
    out = StringIO()
    call_command("reviews", "prompt", "--today", "2027-03-02", stdout=out)
    assert "advance 2, due 2, overdue 2" in out.getvalue()


def test_the_command_refuses_a_bad_day(listed: MicroCredential) -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="not a date"):
        call_command("reviews", "prompt", "--today", "1 March")


def test_the_lead_time_is_a_setting(listed: MicroCredential, members: None, settings: Any) -> None:
    settings.TOHU_POLICY = replace(settings.TOHU_POLICY, review_prompt_months=1)
    assert services.reviews_prompt(today=date(2026, 12, 1)).total == 0
    assert services.reviews_prompt(today=date(2027, 2, 1)).prompted == {"advance": 2}
