"""Units, level and size: LOR-3-credit, LOR-3-level, MC-size, MC-size-pre2022."""

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from tohu.rulebook import (
    DEFAULTS,
    ListingDetails,
    Severity,
    check_credit_hours,
    check_level,
    check_size,
    check_size_pre2022,
)

MakeDetails = Callable[..., ListingDetails]
BLOCK, FLAG, INFO = Severity.BLOCK, Severity.FLAG, Severity.INFO

CUTOVER = DEFAULTS.rules_2022_cutover


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        pytest.param({"notional_hours": None}, [], id="no hours given is fine"),
        pytest.param({"notional_hours": 50, "credits": 5}, [], id="50 hours make 5 credits"),
        pytest.param({"notional_hours": 50, "credits": None}, [], id="50 hours alone are fine"),
        pytest.param(
            {"notional_hours": 55}, [("LOR-3-credit", BLOCK)], id="55 hours are not whole credits"
        ),
        pytest.param(
            {"notional_hours": 1, "credits": None},
            [("LOR-3-credit", BLOCK)],
            id="1 hour is not a whole credit",
        ),
        pytest.param(
            {"notional_hours": 60, "credits": 5},
            [("LOR-3-credit", BLOCK)],
            id="60 hours do not match 5 credits",
        ),
    ],
)
def test_hours_must_give_whole_matching_credits(
    make_details: MakeDetails, changes: dict[str, Any], expected: list[tuple[str, Severity]]
) -> None:
    findings = check_credit_hours(make_details(**changes))
    assert [(f.rule_id, f.severity) for f in findings] == expected


def test_hours_finding_names_the_hours(make_details: MakeDetails) -> None:
    (finding,) = check_credit_hours(make_details(notional_hours=55))
    assert "55" in finding.message
    assert finding.field == "notional_hours"


@pytest.mark.parametrize(
    ("level", "expected"),
    [
        pytest.param(0, [("LOR-3-level", BLOCK)], id="level 0 is below the framework"),
        pytest.param(1, [], id="level 1 is the lowest level"),
        pytest.param(10, [], id="level 10 is the highest level"),
        pytest.param(11, [("LOR-3-level", BLOCK)], id="level 11 is above the framework"),
        pytest.param(-3, [("LOR-3-level", BLOCK)], id="a negative level is refused"),
        pytest.param(None, [], id="a missing level is left to LOR-6.1b"),
    ],
)
def test_level_is_one_to_ten(
    make_details: MakeDetails, level: int | None, expected: list[tuple[str, Severity]]
) -> None:
    findings = check_level(make_details(level=level))
    assert [(f.rule_id, f.severity) for f in findings] == expected


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        pytest.param({"credits": 0}, [("MC-size", BLOCK)], id="0 credits are too few"),
        pytest.param({"credits": 1}, [], id="1 credit is the smallest size"),
        pytest.param({"credits": 40}, [], id="40 credits is the largest size"),
        pytest.param({"credits": 41}, [("MC-size", BLOCK)], id="41 credits are too many"),
        pytest.param(
            {"credits": 41, "legacy": True},
            [("MC-size", FLAG)],
            id="41 credits on a former training scheme are flagged not blocked",
        ),
        pytest.param(
            {"credits": 0, "legacy": True},
            [("MC-size", FLAG)],
            id="0 credits on a former training scheme are flagged not blocked",
        ),
        pytest.param(
            {"credits": None, "notional_hours": 410},
            [("MC-size", BLOCK)],
            id="credits derived from 410 hours are too many",
        ),
        pytest.param(
            {"credits": None, "notional_hours": None}, [], id="no credit value is left to LOR-6.1b"
        ),
    ],
)
def test_size_is_one_to_forty_credits(
    make_details: MakeDetails, changes: dict[str, Any], expected: list[tuple[str, Severity]]
) -> None:
    findings = check_size(make_details(**changes))
    assert [(f.rule_id, f.severity) for f in findings] == expected


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        pytest.param({"approved_on": None}, [], id="a new application gets no note"),
        pytest.param(
            {"approved_on": date(2023, 1, 16)}, [], id="approved on the cut-over day gets no note"
        ),
        pytest.param(
            {"approved_on": date(2023, 1, 15), "credits": 5},
            [("MC-size-pre2022", INFO)],
            id="approved the day before the cut-over gets a note",
        ),
        pytest.param(
            {"approved_on": date(2019, 6, 1), "credits": 40},
            [("MC-size-pre2022", INFO)],
            id="approved in 2019 with 40 credits gets a note",
        ),
        pytest.param(
            {"approved_on": date(2019, 6, 1), "credits": None, "notional_hours": None},
            [],
            id="approved in 2019 with no credit value gets no note",
        ),
    ],
)
def test_records_approved_before_the_2022_rules_are_noted(
    make_details: MakeDetails, changes: dict[str, Any], expected: list[tuple[str, Severity]]
) -> None:
    findings = check_size_pre2022(make_details(**changes), cutover_2022=CUTOVER)
    assert [(f.rule_id, f.severity) for f in findings] == expected


@pytest.mark.parametrize(
    ("credits", "outside"),
    [
        pytest.param(3, True, id="3 credits were outside the old range"),
        pytest.param(5, False, id="5 credits were inside the old range"),
        pytest.param(45, True, id="45 credits were outside the old range"),
    ],
)
def test_pre2022_note_says_whether_the_value_was_outside_the_old_range(
    make_details: MakeDetails, credits: int, outside: bool
) -> None:
    details = make_details(approved_on=date(2020, 3, 1), credits=credits)
    (finding,) = check_size_pre2022(details, cutover_2022=CUTOVER)
    assert str(credits) in finding.message
    assert ("outside that range" in finding.message) is outside


def test_pre2022_note_follows_a_configured_cut_over(make_details: MakeDetails) -> None:
    details = make_details(approved_on=date(2023, 1, 20))
    assert check_size_pre2022(details, cutover_2022=CUTOVER) == []
    findings = check_size_pre2022(details, cutover_2022=date(2023, 1, 23))
    assert [(f.rule_id, f.severity) for f in findings] == [("MC-size-pre2022", INFO)]
