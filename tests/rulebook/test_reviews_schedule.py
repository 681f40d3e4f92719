"""REV-period and REV-remind: review periods, due dates, prompts, and report completeness."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tohu.rulebook import (
    DEVELOPER_REPORT_FIELDS,
    PromptKind,
    add_months,
    check_learner_figures,
    check_period_override,
    check_report_complete,
    completion_rate,
    days_overdue,
    is_overdue,
    next_review_due,
    prompts_due,
    review_period,
)

CUTOVER = date(2023, 1, 16)


@pytest.mark.parametrize(
    ("approved_on", "proposed", "override", "years", "rule_id"),
    [
        (date(2021, 5, 1), 3, None, 1, "REV-period"),  # before the cut-over: annual
        (date(2023, 1, 15), 2, None, 1, "REV-period"),
        (date(2023, 1, 16), 2, None, 2, "REV-period"),  # on the cut-over: as proposed
        (date(2024, 3, 1), 3, None, 3, "REV-period"),
        (date(2021, 5, 1), 3, 2, 2, "LOR-6.1g"),  # the quality assurer's period wins
        (date(2024, 3, 1), 3, 5, 5, "LOR-6.1g"),
    ],
)
def test_the_review_period_follows_the_cutover_and_overrides(
    approved_on: date, proposed: int, override: int | None, years: int, rule_id: str
) -> None:
    period = review_period(
        first_approved_on=approved_on,
        proposed_years=proposed,
        cutover_2022=CUTOVER,
        override_years=override,
        override_reason="Aligned with the sector review.",
    )
    assert (period.years, period.rule_id) == (years, rule_id)
    assert period.reason


@pytest.mark.parametrize(
    ("last_reviewed_on", "years", "due"),
    [
        (date(2024, 3, 1), 3, date(2027, 3, 1)),
        (date(2022, 6, 30), 1, date(2023, 6, 30)),
        (date(2024, 2, 29), 1, date(2025, 2, 28)),  # leap day: 28 February in common years
        (date(2024, 2, 29), 4, date(2028, 2, 29)),
    ],
)
def test_the_next_review_is_the_last_review_plus_the_period(
    last_reviewed_on: date, years: int, due: date
) -> None:
    period = review_period(
        first_approved_on=date(2024, 1, 1), proposed_years=years, cutover_2022=CUTOVER
    )
    assert next_review_due(last_reviewed_on=last_reviewed_on, period=period) == due


@pytest.mark.parametrize(
    ("years", "reason", "fields"),
    [(2, "Sector review", []), (0, "x", ["years"]), (11, "x", ["years"]), (2, " ", ["reason"])],
)
def test_a_period_override_needs_whole_years_and_a_reason(
    years: int, reason: str, fields: list[str]
) -> None:
    assert [f.field for f in check_period_override(years, reason)] == fields


@pytest.mark.parametrize(
    ("today", "kinds"),
    [
        (date(2026, 11, 30), []),
        (date(2026, 12, 1), [PromptKind.ADVANCE]),  # three months before
        (date(2027, 2, 28), [PromptKind.ADVANCE]),
        (date(2027, 3, 1), [PromptKind.ADVANCE, PromptKind.DUE]),
        (date(2027, 3, 2), [PromptKind.ADVANCE, PromptKind.DUE, PromptKind.OVERDUE]),
    ],
)
def test_prompts_go_three_months_before_on_the_day_and_after(
    today: date, kinds: list[PromptKind]
) -> None:
    assert prompts_due(due_on=date(2027, 3, 1), today=today, lead_months=3) == kinds


@pytest.mark.parametrize(
    ("day", "months", "result"),
    [
        (date(2027, 3, 1), -3, date(2026, 12, 1)),
        (date(2027, 5, 31), -3, date(2027, 2, 28)),
        (date(2024, 11, 30), 3, date(2025, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
    ],
)
def test_months_are_added_on_the_calendar(day: date, months: int, result: date) -> None:
    assert add_months(day, months) == result


@given(st.dates(min_value=date(100, 1, 1), max_value=date(9000, 1, 1)), st.integers(-120, 120))
def test_adding_months_never_crashes_and_keeps_the_day_where_it_can(day: date, months: int) -> None:
    moved = add_months(day, months)
    assert moved.day <= day.day
    assert (moved.year * 12 + moved.month) - (day.year * 12 + day.month) == months


def test_months_past_the_calendar_stop_at_its_ends() -> None:
    assert add_months(date(1, 2, 1), -2) == date.min
    assert add_months(date(9999, 11, 1), 2) == date.max


def test_overdue_is_derived_from_the_dates() -> None:
    due = date(2027, 3, 1)
    assert not is_overdue(due_on=due, today=due, answered=False)
    assert is_overdue(due_on=due, today=date(2027, 3, 2), answered=False)
    assert not is_overdue(due_on=due, today=date(2027, 3, 2), answered=True)
    assert days_overdue(due_on=due, today=date(2027, 3, 11)) == 10
    assert days_overdue(due_on=due, today=date(2027, 2, 1)) == 0


def test_completion_rate_needs_enrolments() -> None:
    assert completion_rate(40, 30) == 75.0
    assert completion_rate(0, 0) is None
    assert completion_rate(None, 3) is None


def test_a_report_names_each_question_it_leaves_unanswered() -> None:
    findings = check_report_complete(
        {"evidence_of_need": True, "updates_needed": "  "},
        DEVELOPER_REPORT_FIELDS,
        rule_id="REV-dev",
    )
    fields = {f.field for f in findings}
    assert "updates_needed" in fields
    assert "evidence_of_need" not in fields
    assert all(f.rule_id == "REV-dev" for f in findings)


def test_completions_cannot_exceed_enrolments() -> None:
    findings = check_learner_figures(
        {"enrolments": 10, "completions": 12, "maori_enrolments": 11, "maori_completions": 2}
    )
    assert {f.field for f in findings} == {"completions", "maori_enrolments"}
    assert check_learner_figures({"enrolments": 10, "completions": 10}) == []
