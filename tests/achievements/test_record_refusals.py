"""The record services refuse what a page's form would also refuse, whoever calls them: a
correction is checked like a new report (accreditation, LOR-18.2; the version's start, VER-1)
and must change the date; a share link needs a label, 1 to 365 days, and is revoked once.
Each refusal leaves the record as it was."""

from __future__ import annotations

from datetime import date

import pytest

from tests.achievements.conftest import HEADER, csv_bytes, import_file
from tests.conftest import Persona
from tests.factories import accredit, version_details
from tohu.achievements.models import Completion, CompletionStatus, ShareLink
from tohu.achievements.services import records
from tohu.core.errors import DomainError, InvalidTransition
from tohu.core.models import AuditEvent
from tohu.core.principal import SYSTEM
from tohu.learners.models import Learner
from tohu.register import services as register_services
from tohu.register.models import MicroCredential


def _correct(persona: Persona, completion: Completion, day: date) -> DomainError:
    with pytest.raises(DomainError) as refused:
        records.completion_correct(
            actor=persona.user, completion=completion, date_of_achievement=day, reason="Typo."
        )
    completion.refresh_from_db()
    assert completion.status == CompletionStatus.RECORDED
    assert Completion.every_row.count() == 1
    return refused.value


def test_a_correction_to_a_day_before_the_providers_accreditation_is_refused(
    outsider: Persona, forklift: MicroCredential, learners: list[Learner]
) -> None:
    assert outsider.organisation is not None
    accredit(outsider.organisation, forklift, granted_on=date(2025, 1, 1))
    import_file(outsider, csv_bytes(HEADER, "0000012345,4321,2025-05-01"))
    completion = Completion.objects.get()

    refused = _correct(outsider, completion, date(2024, 12, 1))

    assert (refused.rule_id, refused.field) == ("LOR-18.2", "date_of_achievement")
    assert refused.message.startswith(
        f"{outsider.organisation.name} was not accredited for 4321 on 2024-12-01"
    )


def test_a_correction_to_a_day_before_its_version_applied_is_refused(
    provider: Persona, forklift: MicroCredential, learners: list[Learner]
) -> None:
    register_services.micro_credential_add_version(
        actor=SYSTEM,
        micro_credential=forklift,
        details=version_details(credits=6),
        approved_on=date(2025, 1, 10),
        effective_from=date(2025, 2, 1),
        change_summary="More credits.",
    )
    import_file(provider, csv_bytes(HEADER, "0000012345,4321,2025-03-01"))
    completion = Completion.objects.get()
    assert completion.version.number == 2

    refused = _correct(provider, completion, date(2025, 1, 15))

    assert (refused.rule_id, refused.message) == (
        "VER-1",
        "Version 2 applies from 2025-02-01, after 2025-01-15.",
    )


def test_a_correction_must_change_the_date(
    provider: Persona, forklift: MicroCredential, learners: list[Learner]
) -> None:
    import_file(provider, csv_bytes(HEADER, "0000012345,4321,2025-05-01"))
    completion = Completion.objects.get()

    refused = _correct(provider, completion, date(2025, 5, 1))

    assert (refused.field, refused.message) == (
        "date_of_achievement",
        "The date of achievement is unchanged.",
    )


@pytest.mark.parametrize(
    ("label", "days", "field", "message"),
    [
        (" ", 30, "label", "Say who the link is for, e.g. the employer's name."),
        ("Employer", 0, "days", "A link lasts 1 to 365 days."),
        ("Employer", 366, "days", "A link lasts 1 to 365 days."),
    ],
)
def test_a_share_link_needs_a_label_and_1_to_365_days(
    learner: tuple[Persona, Learner], label: str, days: int, field: str, message: str
) -> None:
    with pytest.raises(DomainError) as refused:
        records.share_link_create(actor=learner[0].user, learner=learner[1], label=label, days=days)
    assert (refused.value.field, refused.value.message) == (field, message)
    assert not ShareLink.objects.exists()


def test_a_share_link_is_revoked_once(learner: tuple[Persona, Learner]) -> None:
    issued = records.share_link_create(
        actor=learner[0].user, learner=learner[1], label="Employer", days=30
    )
    revoked = records.share_link_revoke(actor=learner[0].user, link=issued.link)
    with pytest.raises(InvalidTransition, match="already revoked"):
        records.share_link_revoke(actor=learner[0].user, link=issued.link)
    assert ShareLink.objects.get().revoked_at == revoked.revoked_at
    assert AuditEvent.objects.filter(event="share_link.revoked").count() == 1
