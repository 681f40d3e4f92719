"""Rulebooks by effective date, the full listing check, and the rule catalogue."""

from collections.abc import Callable
from datetime import date

import pytest

from tohu.rulebook import (
    DEFAULTS,
    LISTING_CHECKS,
    RULES,
    ListingDetails,
    Severity,
    blocks,
    check_listing,
    rulebook_for,
)

MakeDetails = Callable[..., ListingDetails]
CUTOVER = DEFAULTS.rules_2022_cutover

# Every rule id of domain/rules.md sections 1 to 3.
RULE_IDS_SECTIONS_1_TO_3 = {
    "LOR-3-credit",
    "LOR-3-level",
    "MC-size",
    "MC-size-pre2022",
    "LOR-6.1a",
    "LOR-6.1b",
    "LOR-6.1c",
    "LOR-6.1d",
    "LOR-6.1e",
    "LOR-6.1f",
    "LOR-6.1g",
    "LOR-6.2a",
    "LOR-6.2b",
    "LOR-7",
    "LOR-14.2",
    "LOR-8.1",
    "LOR-8.3",
    "LOR-8.4a",
    "LOR-8.5",
    "LOR-10",
    "LOR-13.2",
    "VER-1",
}


@pytest.mark.parametrize(
    ("day", "key", "body"),
    [
        pytest.param(date(2020, 1, 1), "2022", "WDC", id="before 2023 the 2022 set stands in"),
        pytest.param(date(2023, 1, 15), "2022", "WDC", id="the day before the 2022 cut-over"),
        pytest.param(date(2023, 1, 16), "2022", "WDC", id="the day of the 2022 cut-over"),
        pytest.param(date(2026, 1, 18), "2022", "WDC", id="the day before the 2026 cut-over"),
        pytest.param(date(2026, 1, 19), "2026", "ISB", id="the day of the 2026 cut-over"),
        pytest.param(date(2030, 1, 1), "2026", "ISB", id="the 2026 set stays in force"),
    ],
)
def test_rulebook_in_force_on_a_day(day: date, key: str, body: str) -> None:
    rulebook = rulebook_for(day, cutover_2022=CUTOVER)
    assert (rulebook.key, rulebook.standard_setting_body_kind) == (key, body)
    assert rulebook.checks == LISTING_CHECKS


def test_the_day_before_the_2022_rules_is_told_apart_by_effective_date() -> None:
    day = date(2023, 1, 15)
    assert day < rulebook_for(day, cutover_2022=CUTOVER).effective_from == date(2023, 1, 16)


def test_the_2022_cut_over_can_be_configured() -> None:
    rulebook = rulebook_for(date(2023, 1, 20), cutover_2022=date(2023, 1, 23))
    assert (rulebook.key, rulebook.effective_from) == ("2022", date(2023, 1, 23))
    assert rulebook_for(date(2026, 1, 19), cutover_2022=date(2023, 1, 23)).key == "2026"


def test_a_2022_cut_over_after_the_2026_rules_is_an_error() -> None:
    with pytest.raises(ValueError, match="cut-over"):
        rulebook_for(date(2025, 1, 1), cutover_2022=date(2026, 1, 19))


def test_a_sound_listing_has_no_findings(make_details: MakeDetails) -> None:
    assert (
        check_listing(
            make_details(), on=date(2025, 5, 1), known_nzsced_codes=None, cutover_2022=CUTOVER
        )
        == []
    )


def test_check_listing_reports_in_rule_order(make_details: MakeDetails) -> None:
    details = make_details(
        title="National Diploma",
        level=11,
        credits=41,
        notional_hours=55,
        nzsced_code="99999",
        purpose_iii="",
        developer_name="",
        standards_used=("x",),
        review_period_years=5,
        title_names_declared=True,
        in_te_reo_maori=True,
        te_hono=True,
    )
    findings = check_listing(details, on=date(2026, 2, 1), cutover_2022=CUTOVER)
    assert [f.rule_id for f in findings] == [
        "LOR-3-credit",
        "LOR-3-level",
        "MC-size",
        "LOR-6.1c",
        "LOR-6.1d",
        "LOR-6.1e",
        "LOR-6.1f",
        "LOR-6.1g",
        "LOR-6.2a",
        "LOR-6.2a",
        "LOR-6.2b",
        "LOR-7",
        "LOR-7",
        "TEHONO",
    ]
    assert len(blocks(findings)) == len(findings) - 2


def test_check_listing_passes_the_known_nzsced_codes(make_details: MakeDetails) -> None:
    details = make_details(nzsced_code="999999")
    known = frozenset({"080301"})
    findings = check_listing(
        details, on=date(2025, 5, 1), known_nzsced_codes=known, cutover_2022=CUTOVER
    )
    assert [(f.rule_id, f.severity) for f in findings] == [("LOR-6.1c", Severity.FLAG)]


def test_check_listing_passes_the_cut_over(make_details: MakeDetails) -> None:
    details = make_details(approved_on=date(2023, 1, 20))
    assert check_listing(details, on=date(2025, 5, 1), cutover_2022=CUTOVER) == []
    findings = check_listing(details, on=date(2025, 5, 1), cutover_2022=date(2023, 2, 1))
    assert [(f.rule_id, f.severity) for f in findings] == [("MC-size-pre2022", Severity.INFO)]


def test_every_rule_of_sections_one_to_three_is_catalogued() -> None:
    # the whole catalogue is checked against docs/rules.md in test_registry.py
    assert set(RULES) >= RULE_IDS_SECTIONS_1_TO_3


@pytest.mark.parametrize(
    ("rule_id", "severity"),
    [
        pytest.param("MC-size-pre2022", Severity.INFO, id="the pre-2022 size note is information"),
        pytest.param("LOR-6.2a", Severity.FLAG, id="confusable title words are flagged"),
        pytest.param("LOR-6.2b", Severity.FLAG, id="names in titles are flagged"),
        pytest.param("LOR-3-credit", Severity.BLOCK, id="whole credits block"),
    ],
)
def test_catalogue_gives_each_rule_its_severity(rule_id: str, severity: Severity) -> None:
    assert RULES[rule_id].severity is severity
    assert RULES[rule_id].title
