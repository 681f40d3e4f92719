"""Reminders, the dashboard's numbers, lateness of statements, notifications, documents and who
may do what."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from django.core import mail

from tests.applications.conftest import MakeDraft
from tests.conftest import Persona
from tohu.applications import documents, selectors, services, tasks
from tohu.applications.models import Application, ApplicationType, Notification
from tohu.core.errors import NotFound
from tohu.core.permissions import Action, can

Evaluated = Callable[..., Application]


def _ask(application: Application, qa: Persona, due_on: date) -> None:
    services.information_request(
        actor=qa.user, application=application, questions="Send it.", due_on=due_on
    )


def test_overdue_replies_are_reminded_once(
    evaluated: Evaluated,
    developer: Persona,
    quality_assurer: Persona,
    django_capture_on_commit_callbacks: Any,
) -> None:
    application = evaluated(developer)
    _ask(application, quality_assurer, date(2026, 3, 9))
    assert services.information_requests_remind_overdue(today=date(2026, 3, 9)) == []
    with django_capture_on_commit_callbacks(execute=True):
        reminded = tasks.remind_overdue_information_requests.call()
    assert reminded == []  # the frozen clock says 2 March: nothing is overdue yet
    with django_capture_on_commit_callbacks(execute=True):
        reminded = services.information_requests_remind_overdue(today=date(2026, 3, 10))
    assert reminded == [application.reference]
    assert [m.subject for m in mail.outbox][-1] == f"{application.reference}: reply overdue"
    assert services.information_requests_remind_overdue(today=date(2026, 3, 11)) == []


def test_the_dashboard_counts_times_and_overdue_requests(
    evaluated: Evaluated, developer: Persona, quality_assurer: Persona, frozen_day: Any
) -> None:
    for days in (1, 2, 3, 4, 10):
        application = evaluated(developer)
        frozen_day.shift(86400 * days)
        services.application_decline(
            actor=quality_assurer.user, application=application, reasons="No."
        )
    waiting = evaluated(developer)
    _ask(waiting, quality_assurer, date(2026, 3, 28))
    data = selectors.dashboard(quality_assurer.user, today=date(2026, 4, 1))
    assert data.decided == 5
    assert data.median_days == pytest.approx(3, abs=0.01)
    assert data.p90_days == pytest.approx(7.6, abs=0.05)
    assert [r.application for r in data.overdue_requests] == [waiting]
    assert data.by_status == {"declined": 5, "information_requested": 1}
    assert data.by_type_and_status[("listing_approval", "declined")] == 5


def test_the_dashboard_is_for_the_quality_assurer_only(provider: Persona) -> None:
    with pytest.raises(NotFound):
        selectors.dashboard(provider.user)


def test_a_statement_past_twenty_working_days_is_late_in_the_queue(
    make_draft: MakeDraft,
    employer: Persona,
    quality_assurer: Persona,
    settings: Any,
    frozen_day: Any,
) -> None:
    settings.TOHU_POLICY = replace(settings.TOHU_POLICY, equivalency_last_day=date(2026, 12, 31))
    application = make_draft(employer, ApplicationType.EQUIVALENCY)
    services.application_submit(actor=employer.user, application=application)
    assert selectors.equivalency_lateness(application) == []
    frozen_day.shift(86400 * 35)
    late = selectors.equivalency_lateness(application)
    assert [f.rule_id for f in late] == ["EQV-time"]
    data = selectors.dashboard(quality_assurer.user)
    assert data.late_equivalency == [application]
    # the old session expired while the clock moved on
    quality_assurer.client.force_login(quality_assurer.user)  # type: ignore[arg-type]
    page = quality_assurer.client.get("/applications/queue/")
    assert "Late (EQV-time)" in page.content.decode()


def test_notifications_are_read_one_at_a_time_by_their_owner(
    make_draft: MakeDraft, developer: Persona, outsider: Persona
) -> None:
    application = make_draft(developer)
    services.application_submit(actor=developer.user, application=application)
    notice = Notification.objects.get(recipient_id=developer.user.pk)
    with pytest.raises(NotFound):
        services.notification_mark_read(actor=outsider.user, notification_id=notice.pk)
    services.notification_mark_read(actor=developer.user, notification_id=notice.pk)
    services.notification_mark_read(actor=developer.user, notification_id=notice.pk)
    assert selectors.unread_count(developer.user) == 0
    assert services.notifications_mark_all_read(actor=developer.user) == 0


def test_the_decision_letter_cites_criteria_rules_and_fee(
    evaluated: Evaluated, developer: Persona, quality_assurer: Persona
) -> None:
    application = evaluated(developer)
    services.application_decline(
        actor=quality_assurer.user, application=application, reasons="No need."
    )
    context = documents.letter_context(application)
    assert [rule_id for rule_id, _summary in context["rules"]] == ["LOR-13.3", "MAAR-approval"]
    assert len(context["criteria"]) == 4
    assert context["fee"].rule_id == "FEE-hourly"
    assert documents.decision_letter_pdf(application).startswith(b"%PDF-")


@pytest.mark.parametrize(
    ("action", "allowed"),
    [
        (Action.APPLICATION_CREATE, {"developer", "provider", "outsider"}),
        (Action.APPLICATION_EVALUATE, {"quality_assurer", "qa_manager"}),
        (Action.APPLICATION_DECIDE, {"quality_assurer", "qa_manager"}),
    ],
)
def test_who_may_apply_and_who_may_evaluate(
    request: pytest.FixtureRequest, action: Action, allowed: set[str]
) -> None:
    names = ["quality_assurer", "qa_manager", "developer", "provider", "outsider"]
    people = {name: request.getfixturevalue(name).user for name in names}
    assert {name for name, user in people.items() if can(user, action)} == allowed


def test_an_application_is_seen_by_its_applicant_and_the_quality_assurer_only(
    make_draft: MakeDraft,
    developer: Persona,
    quality_assurer: Persona,
    outsider: Persona,
    provider: Persona,
) -> None:
    application = make_draft(developer)
    assert can(developer.user, Action.APPLICATION_VIEW, application)
    assert not can(quality_assurer.user, Action.APPLICATION_VIEW, application)
    services.application_submit(actor=developer.user, application=application)
    application.refresh_from_db()
    assert can(quality_assurer.user, Action.APPLICATION_VIEW, application)
    assert not can(outsider.user, Action.APPLICATION_VIEW, application)
    assert not can(provider.user, Action.APPLICATION_EDIT, application)
    assert not can(quality_assurer.user, Action.APPLICATION_EDIT, application)
    with pytest.raises(NotFound):
        selectors.application_for(outsider.user, application.pk)
    assert list(selectors.applications_for_applicant(outsider.user)) == []


def test_fee_amounts_and_gst_are_settings(settings: Any) -> None:
    from decimal import Decimal

    from tohu.applications.fees import fee_for

    listing = Application(application_type=ApplicationType.LISTING_APPROVAL)
    listing.evaluator_hours = Decimal("2")
    assert fee_for(listing).including_gst == Decimal("437.00")
    settings.TOHU_POLICY = replace(
        settings.TOHU_POLICY, evaluation_hourly_rate=Decimal("200"), gst_rate=Decimal("0.10")
    )
    assert fee_for(listing).including_gst == Decimal("440.00")
    settings.TOHU_POLICY = replace(settings.TOHU_POLICY, equivalency_fee_bundle=Decimal("2000"))
    bundle = Application(application_type=ApplicationType.EQUIVALENCY, bundle_size=3)
    bundle.evaluator_hours = Decimal("9")
    assert fee_for(bundle).excluding_gst == Decimal("2200.00")
