"""Fees (FEE-hourly, EQV-fee, ROA-fee), the equivalency outcome (EQV-out), the decision's
readiness and conditions, the support letter (WDC-support) and the target listing (APP-acc-only).

Working days (EQV-time) are in test_working_days.py."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from tohu.rulebook import (
    DEFAULTS,
    ApplicationType,
    Judgement,
    Policy,
    Severity,
    check_accreditation_target,
    check_bundle_size,
    check_conditions,
    check_consent_to_assess,
    check_decision_ready,
    check_decline,
    check_equivalency_outcome,
    check_information_request,
    check_support_letter,
    criteria_for,
    equivalency_fee,
    evaluation_fee,
    reporting_fee,
    statements_archived,
)

CUTOVER = DEFAULTS.rules_2022_cutover


def test_evaluation_is_charged_at_190_an_hour_plus_gst() -> None:
    fee = evaluation_fee(Decimal("10"), DEFAULTS)
    assert (fee.excluding_gst, fee.gst, fee.including_gst) == (
        Decimal("1900.00"),
        Decimal("285.00"),
        Decimal("2185.00"),
    )
    assert fee.rule_id == "FEE-hourly"
    assert evaluation_fee(Decimal("1"), DEFAULTS).including_gst == Decimal("218.50")


def test_fees_follow_the_configured_policy() -> None:
    dearer = replace(DEFAULTS, evaluation_hourly_rate=Decimal("240.00"), gst_rate=Decimal("0.1"))
    assert evaluation_fee(Decimal("2"), dearer).including_gst == Decimal("528.00")
    bundle = replace(DEFAULTS, equivalency_fee_bundle=Decimal("2000"))
    assert equivalency_fee(3, Decimal("9"), bundle).excluding_gst == Decimal("2190.00")


def test_negative_hours_are_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        evaluation_fee(Decimal("-1"), DEFAULTS)
    with pytest.raises(ValueError, match="negative"):
        equivalency_fee(1, Decimal("-1"), DEFAULTS)


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
    fee = equivalency_fee(count, Decimal(hours), DEFAULTS)
    assert fee.excluding_gst == Decimal(expected)
    assert fee.rule_id == "EQV-fee"


@pytest.mark.parametrize("count", [0, 11, -1])
def test_a_bundle_holds_one_to_ten(count: int) -> None:
    assert check_bundle_size(count)[0].rule_id == "EQV-fee"
    with pytest.raises(ValueError, match="bundle"):
        equivalency_fee(count, Decimal(0), DEFAULTS)


ON = replace(DEFAULTS, reporting_fee_on=True, reporting_fee_from=date(2026, 7, 1))


@pytest.mark.parametrize(
    ("policy", "credits", "completed_on", "excluding_gst"),
    [
        pytest.param(DEFAULTS, 10, date(2027, 1, 1), None, id="off by default"),
        pytest.param(ON, 10, date(2026, 6, 30), None, id="not before the day it takes effect"),
        pytest.param(ON, 10, date(2026, 7, 1), "11.00", id="from the day it takes effect"),
        pytest.param(ON, 40, date(2027, 1, 1), "44.00", id="per credit"),
        pytest.param(
            replace(ON, reporting_fee_per_credit=Decimal("1.37")),
            15,
            date(2027, 1, 1),
            "20.55",
            id="at the configured rate",
        ),
    ],
)
def test_the_credit_reporting_fee_is_policy_off_by_default(
    policy: Policy, credits: int, completed_on: date, excluding_gst: str | None
) -> None:
    fee = reporting_fee(credits, completed_on, policy)
    if excluding_gst is None:
        assert fee is None
        return
    assert fee is not None
    assert (fee.excluding_gst, fee.rule_id) == (Decimal(excluding_gst), "ROA-fee")
    assert fee.including_gst == fee.excluding_gst + fee.gst


def test_a_reporting_fee_on_negative_credits_is_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        reporting_fee(-1, date(2027, 1, 1), ON)


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


BEFORE, SINCE = date(2022, 11, 7), date(2023, 5, 8)
NEW, BOTH = ApplicationType.LISTING_APPROVAL, ApplicationType.LISTING_APPROVAL_ACCREDITATION
CHANGE, ACC = ApplicationType.CHANGE, ApplicationType.ACCREDITATION


@pytest.mark.parametrize(
    ("kind", "org_type", "support", "listed_on", "flagged"),
    [
        pytest.param(NEW, "pte", "", None, True, id="a new listing needs a letter"),
        pytest.param(BOTH, "itp", "", None, True, id="with accreditation too"),
        pytest.param(NEW, "pte", "declined", None, True, id="a declined letter is flagged"),
        pytest.param(NEW, "pte", "provided", None, False, id="a letter provided"),
        pytest.param(NEW, "isb", "", None, False, id="an ISB writes none to itself"),
        pytest.param(NEW, "wdc", "", None, False, id="nor a WDC"),
        pytest.param(CHANGE, "pte", "", SINCE, False, id="a change to one listed since 2023"),
        pytest.param(CHANGE, "pte", "", CUTOVER, False, id="listed on the cut-over day"),
        pytest.param(CHANGE, "pte", "", BEFORE, True, id="a change to one listed before"),
        pytest.param(CHANGE, "wananga", "declined", BEFORE, True, id="declined, listed before"),
        pytest.param(CHANGE, "pte", "provided", BEFORE, False, id="letter for an older one"),
        pytest.param(CHANGE, "isb", "", BEFORE, False, id="the ISB changes its own"),
        pytest.param(ACC, "pte", "", BEFORE, False, id="accreditation only needs none"),
    ],
)
def test_a_support_letter_depends_on_the_application_and_when_it_was_listed(
    kind: ApplicationType, org_type: str, support: str, listed_on: date | None, flagged: bool
) -> None:
    findings = check_support_letter(
        kind, org_type=org_type, support=support, listed_on=listed_on, cutover_2022=CUTOVER
    )
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


def test_standards_on_the_directory_are_flagged_for_consent_to_assess() -> None:
    assert not check_consent_to_assess([])
    [finding] = check_consent_to_assess(["US4646"])
    assert (finding.rule_id, finding.severity) == ("MAAR-consent", Severity.FLAG)


@pytest.mark.parametrize(
    ("judgements", "conditions", "messages"),
    [
        pytest.param([Judgement.MET], [], [], id="no conditions needed"),
        pytest.param(
            [Judgement.MET_WITH_CONDITIONS], [], ["state them"], id="conditions must be stated"
        ),
        pytest.param(
            [Judgement.MET_WITH_CONDITIONS], [("Moderation plan", date(2026, 6, 1))], [], id="ok"
        ),
        pytest.param(
            [Judgement.MET],
            [("Moderation plan", date(2026, 2, 28))],
            ["due before today"],
            id="a condition due in the past",
        ),
    ],
)
def test_conditions_are_stated_and_due_after_today(
    judgements: list[Judgement], conditions: list[tuple[str, date]], messages: list[str]
) -> None:
    findings = check_conditions(judgements, conditions, today=date(2026, 3, 2))
    assert [any(m in f.message for m in messages) for f in findings] == [True] * len(messages)
    assert all(f.rule_id == "CONDITIONS" and f.severity is Severity.BLOCK for f in findings)


def test_a_request_for_information_says_what_and_is_due_later() -> None:
    today = date(2026, 3, 2)
    assert not check_information_request(
        "Send the assessment plan.", due_on=date(2026, 3, 3), today=today
    )
    findings = check_information_request(" ", due_on=today, today=today)
    assert [(f.rule_id, f.field) for f in findings] == [
        ("LOR-13.1", "questions"),
        ("LOR-13.1", "due_on"),
    ]


def test_a_decline_gives_reasons() -> None:
    assert not check_decline("Evidence of need is missing.")
    assert [f.rule_id for f in check_decline("  ")] == ["LOR-13.3"]


def test_the_statements_register_is_archived_from_its_day() -> None:
    day = DEFAULTS.equivalency_archived_from
    assert not statements_archived(date(2026, 12, 30), archived_from=day)
    assert statements_archived(day, archived_from=day)
