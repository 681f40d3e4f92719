"""Listing, versions, status and accreditation through the register services."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.core.management import CommandError, call_command

from tests.conftest import Persona
from tests.factories import OrganisationFactory, accredit, listed_micro_credential, version_details
from tohu.core import audit
from tohu.core.errors import DomainError, InvalidTransition, NotAllowed
from tohu.core.models import AuditEvent
from tohu.core.principal import SYSTEM
from tohu.organisations.models import Organisation, OrganisationType
from tohu.register import services
from tohu.register.models import (
    Accreditation,
    ListingStatus,
    MicroCredential,
    SearchDocument,
    StatusChange,
)


def test_listing_gives_version_one_current_status_and_an_audit_event(isb: Organisation) -> None:
    mc = listed_micro_credential(developer=isb, listed_on=date(2024, 3, 1))
    assert mc.status == ListingStatus.CURRENT
    assert mc.current_version is not None
    assert mc.current_version.number == 1
    assert mc.current_version.rulebook_version == "2022"
    assert mc.listing_number == "1000"
    assert mc.next_review_due == date(2027, 3, 1)
    assert AuditEvent.objects.filter(
        event="micro_credential.listed", subject_id=str(mc.pk)
    ).exists()
    assert StatusChange.objects.get(micro_credential=mc).to_status == "current"


def test_listing_numbers_are_unique_and_never_reuse_a_given_one(isb: Organisation) -> None:
    listed_micro_credential(developer=isb, listing_number="1001")
    second = listed_micro_credential(developer=isb)
    third = listed_micro_credential(developer=isb)
    assert (second.listing_number, third.listing_number) == ("1000", "1002")
    with pytest.raises(DomainError, match="already in use") as caught:
        listed_micro_credential(developer=isb, listing_number="1002")
    assert caught.value.rule_id == "LOR-13.2"


def test_approved_before_the_2023_cut_over_means_a_one_year_review(isb: Organisation) -> None:
    mc = listed_micro_credential(
        developer=isb, listed_on=date(2022, 9, 1), approved_on=date(2022, 8, 20)
    )
    assert mc.next_review_due == date(2023, 9, 1)


def test_the_rulebook_in_force_on_approval_is_recorded(isb: Organisation) -> None:
    mc = listed_micro_credential(developer=isb, listed_on=date(2026, 2, 2))
    assert mc.current_version is not None
    assert mc.current_version.rulebook_version == "2026"


def test_an_employer_cannot_develop_a_micro_credential(db: None) -> None:
    employer = OrganisationFactory.create(org_type=OrganisationType.EMPLOYER, moe_number="")
    with pytest.raises(DomainError) as caught:
        listed_micro_credential(developer=employer)
    assert caught.value.rule_id == "APP-who"


def test_a_new_version_keeps_the_old_ones_and_updates_search(isb: Organisation) -> None:
    mc = listed_micro_credential(developer=isb)
    version = services.micro_credential_add_version(
        actor=SYSTEM,
        micro_credential=mc,
        details=version_details(
            title="Forklift Operation and Safety", credits=6, notional_hours=60
        ),
        approved_on=date(2025, 4, 1),
        effective_from=date(2025, 5, 1),
        change_summary="Added a safety outcome.",
    )
    mc.refresh_from_db()
    assert version.number == 2
    assert list(mc.versions.values_list("number", flat=True)) == [1, 2]
    assert mc.current_version_id == version.pk
    assert SearchDocument.objects.get(micro_credential=mc).title == "Forklift Operation and Safety"


def test_a_discontinued_micro_credential_takes_no_new_version(
    isb: Organisation, quality_assurer: Persona
) -> None:
    mc = listed_micro_credential(developer=isb)
    services.micro_credential_status_set(
        actor=quality_assurer.user,
        micro_credential=mc,
        status="expiring",
        effective_on=date(2025, 1, 1),
        end_date=date(2025, 6, 30),
        reason="Replaced",
    )
    services.micro_credentials_discontinue_expired(today=date(2025, 7, 2))
    with pytest.raises(InvalidTransition) as caught:
        services.micro_credential_add_version(
            actor=SYSTEM,
            micro_credential=mc,
            details=version_details(),
            approved_on=date(2025, 8, 1),
            effective_from=date(2025, 8, 1),
            change_summary="-",
        )
    assert caught.value.rule_id == "VER-1"


def test_only_the_quality_assurer_assigns_status(isb: Organisation, developer: Persona) -> None:
    mc = listed_micro_credential(developer=isb)
    with pytest.raises(NotAllowed):
        services.micro_credential_status_set(
            actor=developer.user, micro_credential=mc, status="expiring", reason="-"
        )
    mc.refresh_from_db()
    assert mc.status == "current"


@time_machine.travel(date(2026, 3, 10), tick=False)
def test_expiring_defaults_to_a_two_year_end_date(
    isb: Organisation, quality_assurer: Persona
) -> None:
    mc = listed_micro_credential(developer=isb)
    services.micro_credential_status_set(
        actor=quality_assurer.user, micro_credential=mc, status="expiring", reason="Review outcome"
    )
    assert (mc.status, mc.expiring_end_date) == ("expiring", date(2028, 3, 10))
    event = AuditEvent.objects.filter(event="micro_credential.status_changed").get()
    assert event.detail["to"] == "expiring"
    assert event.detail["end_date"] == "2028-03-10"


@pytest.mark.parametrize(
    ("target", "end_date", "reason", "rule_id"),
    [
        ("expiring", date(2024, 12, 31), "", "LOR-8.3"),
        ("removed", None, "  ", "LOR-10"),
        ("current", None, "", "LOR-8.1"),
    ],
    ids=["expiring-end-date-in-the-past", "removal-without-reason", "current-to-current"],
)
def test_refused_status_changes_name_their_rule(
    isb: Organisation,
    quality_assurer: Persona,
    target: str,
    end_date: date | None,
    reason: str,
    rule_id: str,
) -> None:
    mc = listed_micro_credential(developer=isb)
    with pytest.raises(DomainError) as caught:
        services.micro_credential_status_set(
            actor=quality_assurer.user,
            micro_credential=mc,
            status=target,
            effective_on=date(2025, 1, 1),
            end_date=end_date,
            reason=reason,
        )
    assert caught.value.rule_id == rule_id
    mc.refresh_from_db()
    assert mc.status == "current"
    assert not AuditEvent.objects.filter(event="micro_credential.status_changed").exists()


def test_removal_keeps_the_record_and_the_reason(
    isb: Organisation, quality_assurer: Persona
) -> None:
    mc = listed_micro_credential(developer=isb)
    services.micro_credential_status_set(
        actor=quality_assurer.user,
        micro_credential=mc,
        status="removed",
        reason="Listed against the wrong developer.",
    )
    mc.refresh_from_db()
    assert mc.status == "removed"
    assert mc.removed_reason == "Listed against the wrong developer."
    assert AuditEvent.objects.filter(event="micro_credential.removed").count() == 1


def _expiring(isb: Organisation, qa: Persona, end: date) -> MicroCredential:
    mc = listed_micro_credential(developer=isb)
    return services.micro_credential_status_set(
        actor=qa.user,
        micro_credential=mc,
        status="expiring",
        effective_on=date(2024, 6, 1),
        end_date=end,
        reason="Do not continue",
    )


def test_expired_listings_are_discontinued_the_day_after_their_end_date(
    isb: Organisation, quality_assurer: Persona
) -> None:
    ending = _expiring(isb, quality_assurer, date(2026, 6, 30))
    later = _expiring(isb, quality_assurer, date(2026, 7, 1))
    assert services.micro_credentials_discontinue_expired(today=date(2026, 6, 30)) == []
    assert services.micro_credentials_discontinue_expired(today=date(2026, 7, 1)) == [
        ending.listing_number
    ]
    ending.refresh_from_db()
    later.refresh_from_db()
    assert (ending.status, ending.discontinued_on) == ("discontinued", date(2026, 7, 1))
    assert later.status == "expiring"


def test_discontinuing_twice_changes_nothing_the_second_time(
    isb: Organisation, quality_assurer: Persona
) -> None:
    _expiring(isb, quality_assurer, date(2026, 6, 30))
    assert len(services.micro_credentials_discontinue_expired(today=date(2026, 8, 1))) == 1
    events = AuditEvent.objects.count()
    assert services.micro_credentials_discontinue_expired(today=date(2026, 8, 1)) == []
    assert AuditEvent.objects.count() == events
    assert audit.verify_chain()[1] is None


def test_the_command_discontinues_and_reports(
    isb: Organisation, quality_assurer: Persona, capsys: pytest.CaptureFixture[str]
) -> None:
    mc = _expiring(isb, quality_assurer, date(2026, 6, 30))
    call_command("register", "discontinue-expired", "--today", "2026-07-05")
    assert f"Discontinued 1: {mc.listing_number}" in capsys.readouterr().out
    call_command("register", "discontinue-expired", "--today", "2026-07-05")
    assert "No expiring micro-credential" in capsys.readouterr().out
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("register", "discontinue-expired", "--today", "5/7/2026")


def test_the_task_runs_the_same_service(isb: Organisation, quality_assurer: Persona) -> None:
    from tohu.register.tasks import discontinue_expired

    mc = _expiring(isb, quality_assurer, date(2025, 6, 30))
    with time_machine.travel(date(2025, 7, 1), tick=False):
        result = discontinue_expired.enqueue()
    assert result.return_value == [mc.listing_number]


def test_a_standard_setting_body_is_never_accredited(isb: Organisation) -> None:
    mc = listed_micro_credential(developer=isb)
    with pytest.raises(NotAllowed) as caught:
        accredit(isb, mc)
    assert caught.value.rule_id == "APP-who"


def test_only_a_current_micro_credential_is_accredited(
    isb: Organisation, provider_org: Organisation, quality_assurer: Persona
) -> None:
    mc = _expiring(isb, quality_assurer, date(2027, 1, 1))
    with pytest.raises(DomainError) as caught:
        accredit(provider_org, mc)
    assert caught.value.rule_id == "APP-acc-only"


def test_accreditation_is_granted_once_and_ends_with_a_reason(
    isb: Organisation, provider_org: Organisation, quality_assurer: Persona
) -> None:
    mc = listed_micro_credential(developer=isb)
    accreditation = accredit(provider_org, mc, conditions="Moderation plan by 2025-01-01")
    with pytest.raises(DomainError, match="already accredited"):
        accredit(provider_org, mc)
    with pytest.raises(DomainError) as caught:
        services.accreditation_end(
            actor=quality_assurer.user,
            accreditation=accreditation,
            status="withdrawn",
            ended_on=date(2025, 2, 1),
            reason="",
        )
    assert caught.value.rule_id == "CONDITIONS"
    ended = services.accreditation_end(
        actor=quality_assurer.user,
        accreditation=accreditation,
        status="withdrawn",
        ended_on=date(2025, 2, 1),
        reason="Condition not met.",
    )
    assert (ended.status, ended.ended_on) == ("withdrawn", date(2025, 2, 1))
    with pytest.raises(InvalidTransition):
        services.accreditation_end(
            actor=quality_assurer.user,
            accreditation=ended,
            status="lapsed",
            ended_on=date(2025, 3, 1),
            reason="again",
        )
    # a withdrawn accreditation does not stop a new grant later
    assert accredit(provider_org, mc).status == "granted"
    assert Accreditation.objects.filter(micro_credential=mc).count() == 2


def test_a_provider_cannot_end_an_accreditation(
    isb: Organisation, provider_org: Organisation, provider: Persona
) -> None:
    accreditation = accredit(provider_org, listed_micro_credential(developer=isb))
    with pytest.raises(NotAllowed):
        services.accreditation_end(
            actor=provider.user,
            accreditation=accreditation,
            status="surrendered",
            ended_on=date(2025, 2, 1),
            reason="We stopped delivering.",
        )
