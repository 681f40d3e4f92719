"""The pre-check finds each rule it can check on a draft, citing the rule id in plain words."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from tests.applications.conftest import MakeDraft
from tests.conftest import Persona
from tests.factories import listed_micro_credential
from tohu.applications.models import ApplicationType
from tohu.applications.selectors import precheck_for
from tohu.organisations.models import Organisation
from tohu.register.models import FieldOfStudy


def test_a_complete_draft_has_no_findings(make_draft: MakeDraft, developer: Persona) -> None:
    assert precheck_for(make_draft(developer)) == []


# each row: the change to a complete ISB draft, the rule found, its severity, the field named
LISTING_ROWS: list[tuple[dict[str, Any], str, str, str]] = [
    ({"notional_hours": 55, "credits": None}, "LOR-3-credit", "block", "notional_hours"),
    ({"credits": 41, "notional_hours": 410}, "MC-size", "block", "credits"),
    ({"title": ""}, "LOR-6.1a", "block", "title"),
    ({"credits": None, "notional_hours": None}, "LOR-6.1b", "block", "credits"),
    ({"level": None}, "LOR-6.1b", "block", "level"),
    ({"nzsced_code": "12AB"}, "LOR-6.1c", "block", "nzsced_code"),
    ({"purpose_relevance": ""}, "LOR-6.1d", "block", "purpose_relevance"),
    ({"purpose_contribution": " "}, "LOR-6.1d", "block", "purpose_contribution"),
    ({"developer_name": ""}, "LOR-6.1e", "block", "developer_name"),
    ({"standards_used": ["not-a-standard"]}, "LOR-6.1f", "block", "standards_used"),
    ({"review_period_years": 5}, "LOR-6.1g", "block", "review_period_years"),
    ({"review_period_years": None}, "LOR-6.1g", "block", "review_period_years"),
    ({"title": "Diploma of Forklifts"}, "LOR-6.2a", "flag", "title"),
    ({"title_names_declared": True}, "LOR-6.2b", "block", "title_names_justification"),
    (
        {"title_names_declared": True, "title_names_justification": "A trade name."},
        "LOR-6.2b",
        "flag",
        "title_names_justification",
    ),
    ({"in_te_reo_maori": True}, "LOR-7", "block", "purpose_mi"),
    ({"te_hono": True}, "TEHONO", "block", "te_hono_summary"),
    ({"learning_outcomes": []}, "MAAR-approval", "block", "learning_outcomes"),
    ({"assessment": ""}, "MAAR-approval", "flag", "assessment"),
    ({"evidence_of_need": ""}, "MAAR-approval", "flag", "evidence_of_need"),
]


@pytest.mark.parametrize(
    ("changes", "rule_id", "severity", "field"),
    LISTING_ROWS,
    ids=[f"{row[1]}-{row[3]}-{row[2]}" for row in LISTING_ROWS],
)
def test_the_precheck_finds_each_listing_rule(
    make_draft: MakeDraft,
    developer: Persona,
    changes: dict[str, Any],
    rule_id: str,
    severity: str,
    field: str,
) -> None:
    findings = precheck_for(make_draft(developer, **changes))
    assert (rule_id, severity, field) in {(f.rule_id, str(f.severity), f.field) for f in findings}
    assert all(f.message for f in findings)


def test_an_nzsced_code_off_the_reference_list_is_flagged(
    make_draft: MakeDraft, developer: Persona
) -> None:
    assert FieldOfStudy.objects.filter(code="030399").exists()
    assert precheck_for(make_draft(developer)) == []
    findings = precheck_for(make_draft(developer, nzsced_code="999999"))
    assert [(f.rule_id, str(f.severity)) for f in findings] == [("LOR-6.1c", "flag")]


def test_a_provider_listing_without_a_support_letter_is_flagged(
    make_draft: MakeDraft, provider: Persona
) -> None:
    findings = precheck_for(make_draft(provider, isb_support="declined"))
    assert [(f.rule_id, str(f.severity)) for f in findings] == [("WDC-support", "flag")]


def test_a_support_letter_said_to_be_provided_must_be_attached(
    make_draft: MakeDraft, provider: Persona
) -> None:
    application = make_draft(provider, complete=False)
    from tests.applications.conftest import LISTING_VALUES
    from tohu.applications import services

    services.application_update(
        actor=provider.user,
        application=application,
        changes=LISTING_VALUES,
        expected_version=application.edit_version,
    )
    findings = precheck_for(application)
    assert [(f.rule_id, f.message) for f in findings] == [
        ("WDC-support", "The support letter is said to be provided but is not attached.")
    ]


@pytest.mark.parametrize(
    ("listed_on", "flagged"),
    [
        pytest.param(date(2022, 11, 7), True, id="listed before the 2022 rules: a letter"),
        pytest.param(date(2023, 1, 16), False, id="listed on the cut-over day: none"),
        pytest.param(date(2024, 5, 6), False, id="listed since: none"),
    ],
)
def test_a_change_needs_a_support_letter_only_for_a_listing_before_the_2022_rules(
    make_draft: MakeDraft, provider: Persona, listed_on: date, flagged: bool
) -> None:
    assert provider.organisation is not None
    micro_credential = listed_micro_credential(developer=provider.organisation, listed_on=listed_on)
    application = make_draft(
        provider, ApplicationType.CHANGE, micro_credential=micro_credential, isb_support=""
    )
    found = [(f.rule_id, str(f.severity)) for f in precheck_for(application)]
    assert found == ([("WDC-support", "flag")] if flagged else [])


def test_accreditation_content_is_checked_and_the_holders_support_asked_for(
    make_draft: MakeDraft, provider: Persona, isb: Organisation
) -> None:
    micro_credential = listed_micro_credential(developer=isb, standards_used=["US6400"])
    application = make_draft(
        provider,
        ApplicationType.ACCREDITATION,
        micro_credential=micro_credential,
        accreditation_resources="",
    )
    found = {(f.rule_id, f.field) for f in precheck_for(application)}
    assert found == {
        ("MAAR-accreditation", "accreditation_resources"),
        ("MAAR-accreditation", "approval_holder_support"),
        ("MAAR-consent", "accreditation_assessment"),
    }


def test_an_application_for_a_listing_no_longer_current_is_blocked(
    make_draft: MakeDraft, provider: Persona, isb: Organisation, quality_assurer: Persona
) -> None:
    from tohu.register.services import micro_credential_status_set

    micro_credential = listed_micro_credential(developer=isb)
    application = make_draft(
        provider, ApplicationType.ACCREDITATION, micro_credential=micro_credential
    )
    micro_credential_status_set(
        actor=quality_assurer.user, micro_credential=micro_credential, status="expiring"
    )
    application.refresh_from_db()
    micro_credential.refresh_from_db()
    application.micro_credential = micro_credential
    assert "APP-acc-only" in {f.rule_id for f in precheck_for(application)}


def test_a_change_needs_a_summary(
    make_draft: MakeDraft, developer: Persona, isb: Organisation
) -> None:
    micro_credential = listed_micro_credential(developer=isb)
    application = make_draft(
        developer, ApplicationType.CHANGE, micro_credential=micro_credential, change_summary=""
    )
    assert [(f.rule_id, f.field) for f in precheck_for(application)] == [
        ("VER-1", "change_summary")
    ]


def test_an_applicant_no_longer_allowed_is_blocked_at_precheck(
    make_draft: MakeDraft, developer: Persona, isb: Organisation
) -> None:
    application = make_draft(developer)
    Organisation.objects.filter(pk=isb.pk).update(org_type="wdc")
    application.applicant.refresh_from_db()
    assert [f.rule_id for f in precheck_for(application)] == ["APP-who"]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": ""}, "title"),
        ({"equivalency_aims": ""}, "equivalency_aims"),
        ({"learning_outcomes": []}, "learning_outcomes"),
        ({"level": None}, "level"),
        ({"notional_hours": 105}, "notional_hours"),
        ({"credits": 11}, "credits"),
    ],
)
def test_the_precheck_finds_each_equivalency_rule(
    make_draft: MakeDraft, employer: Persona, settings: Any, changes: dict[str, Any], field: str
) -> None:
    from datetime import date

    settings.TOHU_POLICY = replace(settings.TOHU_POLICY, equivalency_last_day=date(2026, 12, 31))
    application = make_draft(employer, ApplicationType.EQUIVALENCY, **changes)
    assert [(f.rule_id, f.field) for f in precheck_for(application)] == [("EQV-out", field)]


def test_equivalency_after_the_window_is_blocked(
    make_draft: MakeDraft, employer: Persona, settings: Any
) -> None:
    from datetime import date

    settings.TOHU_POLICY = replace(settings.TOHU_POLICY, equivalency_last_day=date(2026, 12, 31))
    application = make_draft(employer, ApplicationType.EQUIVALENCY)
    settings.TOHU_POLICY = replace(settings.TOHU_POLICY, equivalency_last_day=date(2026, 1, 31))
    assert [f.rule_id for f in precheck_for(application)] == ["EQV-window"]
