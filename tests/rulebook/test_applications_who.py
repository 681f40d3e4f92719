"""APP-who and EQV-who as a table: every application type by every organisation type and date."""

from __future__ import annotations

from datetime import date

import pytest

from tohu.organisations.models import OrganisationType
from tohu.rulebook import ApplicationType, Severity, check_may_apply, who_may_apply

LA, LAA, ACC, CHG, EQV = (
    ApplicationType.LISTING_APPROVAL,
    ApplicationType.LISTING_APPROVAL_ACCREDITATION,
    ApplicationType.ACCREDITATION,
    ApplicationType.CHANGE,
    ApplicationType.EQUIVALENCY,
)
IN_2025 = date(2025, 6, 30)
IN_2026 = date(2026, 3, 2)

# who may apply: (organisation type) -> (types allowed in 2025, types allowed in 2026)
MATRIX: dict[str, tuple[set[ApplicationType], set[ApplicationType]]] = {
    "nzqa": ({LA, CHG}, {LA, CHG}),
    "universities_nz": (set(), set()),
    "wdc": ({LA, CHG}, set()),
    "isb": (set(), {LA, CHG}),
    "itp": ({LA, LAA, ACC, CHG}, {LA, LAA, ACC, CHG}),
    "te_pukenga": ({LA, LAA, ACC, CHG}, set()),
    "wananga": ({LA, LAA, ACC, CHG}, {LA, LAA, ACC, CHG}),
    "pte": ({LA, LAA, ACC, CHG}, {LA, LAA, ACC, CHG}),
    "gte": ({LA, LAA, ACC, CHG}, {LA, LAA, ACC, CHG}),
    "university": ({LA, LAA, ACC, CHG}, {LA, LAA, ACC, CHG}),
    "school": ({ACC}, {ACC}),
    "employer": ({EQV}, {EQV}),
    "professional_body": ({EQV}, {EQV}),
    "overseas_provider": ({EQV}, {EQV}),
    "other": ({EQV}, {EQV}),
}


def test_the_matrix_covers_every_organisation_type() -> None:
    assert set(MATRIX) == set(OrganisationType.values)


@pytest.mark.parametrize("on", [IN_2025, IN_2026], ids=["2025", "2026"])
@pytest.mark.parametrize("application_type", list(ApplicationType))
@pytest.mark.parametrize("org_type", sorted(MATRIX))
def test_who_may_apply_follows_app_who_and_the_date(
    org_type: str, application_type: ApplicationType, on: date
) -> None:
    allowed = MATRIX[org_type][0 if on.year == 2025 else 1]
    findings = check_may_apply(application_type, org_type, on=on)
    refused = [f for f in findings if f.severity is Severity.BLOCK]
    assert (not refused) == (application_type in allowed)
    assert (org_type in who_may_apply(application_type, on)) == (application_type in allowed)
    if refused:
        expected = "EQV-who" if application_type is EQV else "APP-who"
        assert refused[0].rule_id == expected
        assert refused[0].message


@pytest.mark.parametrize(
    ("org_type", "last_allowed", "first_refused"),
    [
        ("wdc", date(2025, 12, 31), date(2026, 1, 1)),
        ("te_pukenga", date(2025, 12, 31), date(2026, 1, 1)),
    ],
)
def test_wdcs_and_te_pukenga_may_apply_until_the_end_of_2025(
    org_type: str, last_allowed: date, first_refused: date
) -> None:
    assert not check_may_apply(LA, org_type, on=last_allowed)
    assert check_may_apply(LA, org_type, on=first_refused)[0].rule_id == "APP-who"


def test_isbs_apply_from_2026() -> None:
    assert check_may_apply(LA, "isb", on=date(2025, 12, 31))[0].message.startswith("Industry")
    assert not check_may_apply(LA, "isb", on=date(2026, 1, 1))


def test_standard_setting_bodies_are_never_accredited() -> None:
    for on in (IN_2025, IN_2026):
        for org_type in ("wdc", "isb"):
            findings = check_may_apply(ACC, org_type, on=on)
            assert "never accredited" in findings[0].message


def test_a_university_is_flagged_that_universities_nz_decides() -> None:
    findings = check_may_apply(LA, "university", on=IN_2026)
    assert [(f.rule_id, f.severity) for f in findings] == [("APP-who", Severity.FLAG)]
    assert "Universities New Zealand" in findings[0].message


def test_equivalency_applications_close_after_the_window() -> None:
    last = date(2025, 12, 31)
    assert not check_may_apply(EQV, "employer", on=last, equivalency_last_day=last)
    closed = check_may_apply(EQV, "employer", on=date(2026, 1, 1), equivalency_last_day=last)
    assert [f.rule_id for f in closed] == ["EQV-window"]
