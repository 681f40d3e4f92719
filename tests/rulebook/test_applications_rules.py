"""Fees (FEE-hourly, EQV-fee), working days (EQV-time), the equivalency outcome (EQV-out), the
decision's readiness, the support letter (WDC-support) and the target listing (APP-acc-only)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tohu.rulebook import (
    ApplicationType,
    Judgement,
    Severity,
    add_working_days,
    check_accreditation_target,
    check_bundle_size,
    check_decision_ready,
    check_equivalency_outcome,
    check_equivalency_time,
    check_support_letter,
    criteria_for,
    equivalency_fee,
    evaluation_fee,
    is_working_day,
    working_days_between,
)


def test_evaluation_is_charged_at_190_an_hour_plus_gst() -> None:
    fee = evaluation_fee(Decimal("10"))
    assert (fee.excluding_gst, fee.gst, fee.including_gst) == (
        Decimal("1900.00"),
        Decimal("285.00"),
        Decimal("2185.00"),
    )
    assert fee.rule_id == "FEE-hourly"
    assert evaluation_fee(Decimal("1")).including_gst == Decimal("218.50")


def test_negative_hours_are_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        evaluation_fee(Decimal("-1"))
    with pytest.raises(ValueError, match="negative"):
        equivalency_fee(1, Decimal("-1"))


@pytest.mark.parametrize(
    ("count", "hours", "expected"),
    [
        (1, "0", "900.00"),
        (1, "4", "900.00"),
        (1, "6", "1280.00"),
        (2, "8", "1820.00"),
        (10, "9.5", "2105.00"),
    ],
)
def test_equivalency_fee_is_single_or_a_bundle_with_hours_past_those_included(
    count: int, hours: str, expected: str
) -> None:
    fee = equivalency_fee(count, Decimal(hours))
    assert fee.excluding_gst == Decimal(expected)
    assert fee.rule_id == "EQV-fee"


@pytest.mark.parametrize("count", [0, 11, -1])
def test_a_bundle_holds_one_to_ten(count: int) -> None:
    assert check_bundle_size(count)[0].rule_id == "EQV-fee"
    with pytest.raises(ValueError, match="bundle"):
        equivalency_fee(count)


def test_weekends_and_national_holidays_are_not_working_days() -> None:
    assert not is_working_day(date(2026, 2, 6))  # Waitangi Day
    assert not is_working_day(date(2026, 2, 7))  # Saturday
    assert not is_working_day(date(2026, 4, 27))  # Anzac Day observed
    assert not is_working_day(date(2026, 7, 10))  # Matariki
    assert is_working_day(date(2026, 1, 19))  # Wellington Anniversary: regional, so working


def test_twenty_working_days_skip_easter_and_anzac_day_observed() -> None:
    # Good Friday 3 April, Easter Monday 6 April, Anzac Day observed Monday 27 April 2026
    assert add_working_days(date(2026, 3, 31), 20) == date(2026, 5, 1)
    assert working_days_between(date(2026, 3, 31), date(2026, 5, 1)) == 20
    assert working_days_between(date(2026, 5, 1), date(2026, 3, 31)) == 0
    with pytest.raises(ValueError, match="negative"):
        add_working_days(date(2026, 1, 1), -1)


@given(st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)), st.integers(0, 60))
def test_adding_working_days_and_counting_them_agree(start: date, days: int) -> None:
    end = add_working_days(start, days)
    assert working_days_between(start, end) == days
    assert end >= start
    assert days == 0 or is_working_day(end)


def test_a_statement_past_twenty_working_days_is_flagged_late() -> None:
    received = date(2026, 3, 2)
    on_time = add_working_days(received, 20)
    assert not check_equivalency_time(received_on=received, decided_or_today=on_time)
    late = check_equivalency_time(received_on=received, decided_or_today=on_time + timedelta(1))
    assert [(f.rule_id, f.severity) for f in late] == [("EQV-time", Severity.FLAG)]
    assert not check_equivalency_time(
        received_on=received, decided_or_today=on_time + timedelta(1), paused_working_days=1
    )


@pytest.mark.parametrize(
    ("level", "credits", "hours", "fields"),
    [
        (4, 20, 200, []),
        (4, None, 200, []),
        (None, 20, 200, ["level"]),
        (11, 20, 200, ["level"]),
        (4, 20, None, ["notional_hours"]),
        (4, 20, 205, ["notional_hours"]),
        (4, 21, 200, ["credits"]),
    ],
)
def test_a_statement_gives_a_level_and_credits_from_hours(
    level: int | None, credits: int | None, hours: int | None, fields: list[str]
) -> None:
    findings = check_equivalency_outcome(level=level, credits=credits, notional_hours=hours)
    assert [f.field for f in findings] == fields
    assert all(f.rule_id == "EQV-out" for f in findings)


def test_approval_needs_every_criterion_judged_and_none_not_met() -> None:
    criteria = criteria_for(ApplicationType.LISTING_APPROVAL)
    met = {c.code: Judgement.MET for c in criteria}
    assert not check_decision_ready(criteria, met, approve=True)
    missing = dict(list(met.items())[1:])
    assert check_decision_ready(criteria, missing, approve=True)[0].field == "approval-1"
    failed = {**met, "approval-2": Judgement.NOT_MET}
    assert "not met" in check_decision_ready(criteria, failed, approve=True)[0].message
    assert not check_decision_ready(criteria, {}, approve=False)


def test_criteria_follow_the_type() -> None:
    assert len(criteria_for(ApplicationType.LISTING_APPROVAL_ACCREDITATION)) == 8
    assert criteria_for(ApplicationType.ACCREDITATION, holds_approval=False)[-1].code == (
        "accreditation-5"
    )
    assert {c.rule_id for c in criteria_for(ApplicationType.EQUIVALENCY)} == {"EQV-out"}


@pytest.mark.parametrize(
    ("kind", "org_type", "support", "flagged"),
    [
        (ApplicationType.LISTING_APPROVAL, "pte", "", True),
        (ApplicationType.LISTING_APPROVAL, "pte", "declined", True),
        (ApplicationType.LISTING_APPROVAL, "pte", "provided", False),
        (ApplicationType.LISTING_APPROVAL, "isb", "", False),
        (ApplicationType.CHANGE, "pte", "", False),
        (ApplicationType.ACCREDITATION, "pte", "", False),
    ],
)
def test_a_new_listing_by_a_provider_is_flagged_without_a_support_letter(
    kind: ApplicationType, org_type: str, support: str, flagged: bool
) -> None:
    findings = check_support_letter(kind, org_type=org_type, support=support)
    assert bool(findings) == flagged
    assert all(f.severity is Severity.FLAG and f.rule_id == "WDC-support" for f in findings)


@pytest.mark.parametrize(
    ("kind", "status", "rule_id"),
    [
        (ApplicationType.ACCREDITATION, "current", None),
        (ApplicationType.ACCREDITATION, "expiring", "APP-acc-only"),
        (ApplicationType.ACCREDITATION, None, "APP-acc-only"),
        (ApplicationType.CHANGE, "expiring", None),
        (ApplicationType.CHANGE, "discontinued", "VER-1"),
        (ApplicationType.LISTING_APPROVAL, None, None),
    ],
)
def test_accreditation_only_needs_a_current_listing(
    kind: ApplicationType, status: str | None, rule_id: str | None
) -> None:
    findings = check_accreditation_target(kind, listing_status=status)
    assert [f.rule_id for f in findings] == ([rule_id] if rule_id else [])
