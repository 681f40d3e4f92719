"""Te reo Māori listings and Te Hono o Te Kahurangi: LOR-7 and TEHONO."""

from collections.abc import Callable
from typing import Any

import pytest

from tohu.rulebook import ListingDetails, Severity, check_english_statement, check_te_hono_summary

MakeDetails = Callable[..., ListingDetails]
BLOCK = Severity.BLOCK
TE_REO = {"in_te_reo_maori": True, "title_mi": "He Pātaka Reo", "purpose_mi": "He whakamārama."}


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        pytest.param({}, [], id="a listing in English needs nothing more"),
        pytest.param(
            {"purpose_mi": "He whakamārama."}, [], id="an English listing may carry te reo too"
        ),
        pytest.param(TE_REO, [], id="a te reo listing with both statements is fine"),
        pytest.param(
            {**TE_REO, "purpose_i": "", "purpose_v": ""},
            [("LOR-7", BLOCK, "purpose_i")],
            id="a te reo listing without an English description is refused",
        ),
        pytest.param(
            {**TE_REO, "purpose_iv": ""}, [], id="a te reo listing may leave pathways empty"
        ),
        pytest.param(
            {**TE_REO, "purpose_mi": ""},
            [("LOR-7", BLOCK, "purpose_mi")],
            id="a te reo listing without its te reo statement is refused",
        ),
    ],
)
def test_a_te_reo_listing_also_has_an_english_description(
    make_details: MakeDetails, changes: dict[str, Any], expected: list[tuple[str, Severity, str]]
) -> None:
    findings = check_english_statement(make_details(**changes))
    assert [(f.rule_id, f.severity, f.field) for f in findings] == expected


def test_the_english_finding_names_every_missing_part(make_details: MakeDetails) -> None:
    (finding,) = check_english_statement(make_details(**TE_REO, purpose_ii="", purpose_v=""))
    assert "purpose_ii, purpose_v" in finding.message


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        pytest.param({}, [], id="not choosing Te Hono needs no summary"),
        pytest.param(
            {"te_hono": True, "te_hono_summary": "Ngā kaupapa ..."},
            [],
            id="choosing Te Hono with a summary is fine",
        ),
        pytest.param(
            {"te_hono": True},
            [("TEHONO", BLOCK)],
            id="choosing Te Hono without a summary is refused",
        ),
        pytest.param(
            {"te_hono": True, "te_hono_summary": "\n"},
            [("TEHONO", BLOCK)],
            id="a blank summary is no summary",
        ),
    ],
)
def test_te_hono_needs_a_self_reflective_summary(
    make_details: MakeDetails, changes: dict[str, Any], expected: list[tuple[str, Severity]]
) -> None:
    findings = check_te_hono_summary(make_details(**changes))
    assert [(f.rule_id, f.severity) for f in findings] == expected
