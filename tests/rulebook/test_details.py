"""What a listing must contain: LOR-6.1b to LOR-6.1g."""

from collections.abc import Callable
from typing import Any

import pytest

from tohu.rulebook import (
    ListingDetails,
    Severity,
    check_credit_and_level_given,
    check_developer,
    check_nzsced_code,
    check_purpose_statement,
    check_review_period,
    check_standards,
)

MakeDetails = Callable[..., ListingDetails]
BLOCK, FLAG = Severity.BLOCK, Severity.FLAG
KNOWN_CODES = frozenset({"080301", "061301"})


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        pytest.param({}, [], id="credits and level given are fine"),
        pytest.param(
            {"credits": None, "notional_hours": 50}, [], id="whole hours stand in for credits"
        ),
        pytest.param(
            {"credits": None, "notional_hours": None},
            [("LOR-6.1b", BLOCK, "credits")],
            id="no credits and no hours is refused",
        ),
        pytest.param(
            {"credits": None, "notional_hours": 55},
            [("LOR-6.1b", BLOCK, "credits")],
            id="hours that make no whole credits give no credit value",
        ),
        pytest.param(
            {"level": None}, [("LOR-6.1b", BLOCK, "level")], id="a missing level is refused"
        ),
        pytest.param(
            {"level": None, "credits": None, "notional_hours": None},
            [("LOR-6.1b", BLOCK, "credits"), ("LOR-6.1b", BLOCK, "level")],
            id="both missing are both named",
        ),
    ],
)
def test_credit_value_and_level_are_required(
    make_details: MakeDetails, changes: dict[str, Any], expected: list[tuple[str, Severity, str]]
) -> None:
    findings = check_credit_and_level_given(make_details(**changes))
    assert [(f.rule_id, f.severity, f.field) for f in findings] == expected


@pytest.mark.parametrize(
    ("code", "known", "expected"),
    [
        pytest.param("080301", KNOWN_CODES, [], id="a known code is fine"),
        pytest.param("999999", None, [], id="without a list any six digits are fine"),
        pytest.param("999999", KNOWN_CODES, [("LOR-6.1c", FLAG)], id="an unknown code is flagged"),
        pytest.param("12345", KNOWN_CODES, [("LOR-6.1c", BLOCK)], id="five digits are refused"),
        pytest.param("1234567", KNOWN_CODES, [("LOR-6.1c", BLOCK)], id="seven digits are refused"),
        pytest.param("abc123", None, [("LOR-6.1c", BLOCK)], id="letters are refused"),
        pytest.param("", None, [("LOR-6.1c", BLOCK)], id="a missing code is refused"),
        pytest.param("080301\n", None, [("LOR-6.1c", BLOCK)], id="a trailing newline is refused"),
        pytest.param("٠٨٠٣٠١", None, [("LOR-6.1c", BLOCK)], id="non-ASCII digits are refused"),
    ],
)
def test_nzsced_code_is_six_digits_and_known(
    make_details: MakeDetails,
    code: str,
    known: frozenset[str] | None,
    expected: list[tuple[str, Severity]],
) -> None:
    findings = check_nzsced_code(make_details(nzsced_code=code), known_nzsced_codes=known)
    assert [(f.rule_id, f.severity) for f in findings] == expected
    assert all(code in f.message for f in findings)


@pytest.mark.parametrize(
    "part",
    [
        pytest.param(part, id=f"an empty {part} is refused")
        for part in ["purpose_i", "purpose_ii", "purpose_iii", "purpose_v"]
    ],
)
def test_purpose_parts_i_ii_iii_and_v_are_required(make_details: MakeDetails, part: str) -> None:
    findings = check_purpose_statement(make_details(**{part: " "}))
    assert [(f.rule_id, f.severity, f.field) for f in findings] == [("LOR-6.1d", BLOCK, part)]
    numeral = part.removeprefix("purpose_")
    assert f"({numeral})" in findings[0].message


@pytest.mark.parametrize(
    "pathways",
    [
        pytest.param("none", id="education pathways may be none"),
        pytest.param("", id="education pathways may be empty"),
        pytest.param("Leads to the New Zealand Certificate in Hospitality", id="pathways given"),
    ],
)
def test_purpose_part_iv_may_be_none_or_empty(make_details: MakeDetails, pathways: str) -> None:
    assert check_purpose_statement(make_details(purpose_iv=pathways)) == []


def test_every_missing_purpose_part_is_named(make_details: MakeDetails) -> None:
    details = make_details(purpose_i="", purpose_ii="", purpose_iii="", purpose_v="")
    findings = check_purpose_statement(details)
    assert [f.field for f in findings] == ["purpose_i", "purpose_ii", "purpose_iii", "purpose_v"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        pytest.param("Ringa Hora", [], id="a named developer is fine"),
        pytest.param("", [("LOR-6.1e", BLOCK)], id="an empty developer name is refused"),
        pytest.param("\t ", [("LOR-6.1e", BLOCK)], id="a blank developer name is refused"),
    ],
)
def test_developer_is_named(
    make_details: MakeDetails, name: str, expected: list[tuple[str, Severity]]
) -> None:
    findings = check_developer(make_details(developer_name=name))
    assert [(f.rule_id, f.severity) for f in findings] == expected


@pytest.mark.parametrize(
    ("standards", "expected"),
    [
        pytest.param((), [], id="no standards is fine"),
        pytest.param(("6400", "6401", "6402"), [], id="bare unit standard numbers are fine"),
        pytest.param(("US6400", "us6401", "SS40001"), [], id="marked standard numbers are fine"),
        pytest.param(("1",), [], id="a one-digit number is fine"),
        pytest.param(("999999",), [], id="a six-digit number is fine"),
        pytest.param(("1234567",), [("LOR-6.1f", BLOCK)], id="seven digits are refused"),
        pytest.param(("0640",), [("LOR-6.1f", BLOCK)], id="a leading zero is refused"),
        pytest.param(("US 6400",), [("LOR-6.1f", BLOCK)], id="a space inside is refused"),
        pytest.param(("AS91000",), [("LOR-6.1f", BLOCK)], id="an unknown marker is refused"),
        pytest.param(("6400v5",), [("LOR-6.1f", BLOCK)], id="a version suffix is refused"),
        pytest.param(("",), [("LOR-6.1f", BLOCK)], id="an empty entry is refused"),
        pytest.param(
            ("6400", "6400"), [("LOR-6.1f", BLOCK)], id="a standard named twice is refused"
        ),
        pytest.param(
            ("US6400", "us6400"), [("LOR-6.1f", BLOCK)], id="a marker in another case is a twin"
        ),
    ],
)
def test_standards_used_are_well_formed(
    make_details: MakeDetails, standards: tuple[str, ...], expected: list[tuple[str, Severity]]
) -> None:
    findings = check_standards(make_details(standards_used=standards))
    assert [(f.rule_id, f.severity) for f in findings] == expected


@pytest.mark.parametrize(
    ("years", "set_by_quality_assurer", "refused"),
    [
        pytest.param(None, False, True, id="a missing period is refused"),
        pytest.param(None, True, True, id="a missing period is refused even from NZQA"),
        pytest.param(0, False, True, id="0 years is refused"),
        pytest.param(0, True, True, id="0 years is refused even from NZQA"),
        pytest.param(-1, True, True, id="a negative period is refused even from NZQA"),
        pytest.param(1, False, False, id="1 year is fine"),
        pytest.param(1, True, False, id="1 year set by NZQA is fine"),
        pytest.param(2, False, False, id="2 years is fine"),
        pytest.param(2, True, False, id="2 years set by NZQA is fine"),
        pytest.param(3, False, False, id="3 years is fine"),
        pytest.param(3, True, False, id="3 years set by NZQA is fine"),
        pytest.param(4, False, True, id="4 years proposed by the applicant is refused"),
        pytest.param(4, True, False, id="4 years set by NZQA is fine"),
    ],
)
def test_review_period_is_one_to_three_years_unless_nzqa_sets_it(
    make_details: MakeDetails, years: int | None, set_by_quality_assurer: bool, refused: bool
) -> None:
    details = make_details(
        review_period_years=years,
        review_period_set_by_quality_assurer=set_by_quality_assurer,
    )
    findings = check_review_period(details)
    expected = [("LOR-6.1g", BLOCK, "review_period_years")] if refused else []
    assert [(f.rule_id, f.severity, f.field) for f in findings] == expected
