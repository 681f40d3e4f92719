"""Organisations, memberships and API keys."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
import time_machine
from django.db import IntegrityError

from tests.conftest import Persona
from tests.factories import OrganisationFactory, UserFactory
from tohu.core import clock
from tohu.core.errors import DomainError, InvalidTransition, NotAllowed, NotFound
from tohu.core.models import AuditEvent
from tohu.core.principal import COMMAND, SYSTEM
from tohu.organisations import services
from tohu.organisations.models import (
    KIND_OF_TYPE,
    ApiKey,
    Organisation,
    OrganisationKind,
    OrganisationType,
    Role,
    types_of_kind,
)


def test_every_type_belongs_to_one_kind() -> None:
    assert set(KIND_OF_TYPE) == set(OrganisationType.values)
    assert set(types_of_kind(OrganisationKind.QUALITY_ASSURER)) == {"nzqa", "universities_nz"}
    assert set(types_of_kind(OrganisationKind.STANDARD_SETTING_BODY)) == {"wdc", "isb"}
    assert "te_pukenga" in types_of_kind(OrganisationKind.PROVIDER)


def test_an_organisation_is_created_with_both_names_and_audited(db: None) -> None:
    organisation = services.organisation_create(
        actor=SYSTEM,
        name="Te Wānanga o Aotearoa",
        name_mi="Te Wānanga o Aotearoa",
        org_type="wananga",
        moe_number="6004",
    )
    assert organisation.slug == "te-wananga-o-aotearoa"
    assert organisation.is_provider
    event = AuditEvent.objects.get(event="organisation.created")
    assert event.detail["moe_number"] == "6004"


@pytest.mark.parametrize(
    ("org_type", "moe_number", "field"),
    [("college", "", "org_type"), ("pte", "60O4", "moe_number")],
    ids=["unknown-type", "letter-in-moe-number"],
)
def test_bad_organisation_details_are_refused_naming_the_field(
    db: None, org_type: str, moe_number: str, field: str
) -> None:
    with pytest.raises(DomainError) as caught:
        services.organisation_create(
            actor=SYSTEM, name="X", org_type=org_type, moe_number=moe_number
        )
    assert caught.value.field == field
    assert not Organisation.objects.exists()


def test_moe_numbers_are_unique_but_blank_is_allowed_many_times(db: None) -> None:
    services.organisation_create(actor=SYSTEM, name="A", org_type="pte", moe_number="7777")
    with pytest.raises(DomainError, match="7777 is taken"):
        services.organisation_create(actor=SYSTEM, name="B", org_type="pte", moe_number="7777")
    services.organisation_create(actor=SYSTEM, name="C", org_type="employer")
    services.organisation_create(actor=SYSTEM, name="D", org_type="employer")
    with pytest.raises(IntegrityError):
        OrganisationFactory.create(moe_number="7777")


def test_membership_is_added_once(provider: Persona) -> None:
    user = UserFactory.create()
    assert provider.organisation is not None
    first = services.membership_add(
        actor=provider.user, organisation=provider.organisation, user=user, role=Role.STAFF
    )
    again = services.membership_add(
        actor=provider.user, organisation=provider.organisation, user=user, role=Role.STAFF
    )
    assert first.pk == again.pk
    assert AuditEvent.objects.filter(event="membership.created").count() == 1


def test_an_api_key_is_shown_once_and_only_its_hash_is_stored(provider: Persona) -> None:
    assert provider.organisation is not None
    issued = services.api_key_create(
        actor=provider.user,
        organisation=provider.organisation,
        name="Student system",
        scopes=["completions:write"],
    )
    stored = ApiKey.objects.get()
    assert issued.plaintext.startswith(f"tohu_{stored.prefix}_")
    assert stored.key_hash == hashlib.sha256(issued.plaintext.encode()).hexdigest()
    assert issued.plaintext not in str(list(ApiKey.objects.values()))
    assert issued.plaintext not in str(list(AuditEvent.objects.values()))
    assert services.api_key_authenticate(issued.plaintext).organisation == provider.organisation


def test_an_outsider_cannot_issue_a_key_for_another_organisation(
    provider: Persona, outsider: Persona
) -> None:
    assert provider.organisation is not None
    with pytest.raises(NotAllowed):
        services.api_key_create(
            actor=outsider.user,
            organisation=provider.organisation,
            name="x",
            scopes=["completions:write"],
        )
    assert not ApiKey.objects.exists()


def test_a_key_needs_a_name(provider: Persona) -> None:
    assert provider.organisation is not None
    with pytest.raises(DomainError, match="Name the key"):
        services.api_key_create(
            actor=provider.user,
            organisation=provider.organisation,
            name=" ",
            scopes=["completions:write"],
        )


def test_a_revoked_or_wrong_key_is_refused(provider: Persona) -> None:
    assert provider.organisation is not None
    issued = services.api_key_create(
        actor=provider.user,
        organisation=provider.organisation,
        name="SMS",
        scopes=["completions:write"],
    )
    with pytest.raises(NotFound):
        services.api_key_authenticate(issued.plaintext + "x")
    services.api_key_revoke(actor=provider.user, api_key=issued.api_key)
    with pytest.raises(NotFound):
        services.api_key_authenticate(issued.plaintext)
    with pytest.raises(InvalidTransition):
        services.api_key_revoke(actor=provider.user, api_key=issued.api_key)


def test_key_use_is_recorded_at_most_once_a_minute(provider: Persona) -> None:
    assert provider.organisation is not None
    issued = services.api_key_create(
        actor=provider.user,
        organisation=provider.organisation,
        name="SMS",
        scopes=["completions:write"],
    )
    with time_machine.travel(clock.now(), tick=False) as traveller:
        services.api_key_authenticate(issued.plaintext)
        first = ApiKey.objects.get().last_used_at
        traveller.shift(timedelta(seconds=30))
        services.api_key_authenticate(issued.plaintext)
        assert ApiKey.objects.get().last_used_at == first
        traveller.shift(timedelta(seconds=31))
        services.api_key_authenticate(issued.plaintext)
        assert ApiKey.objects.get().last_used_at != first


# 9 + 4*3 + 2 + 9*3 + 1*3 = 53: the check digit that makes a multiple of ten is 7
NZBN = "9429000000017"


@pytest.mark.parametrize(
    ("nzbn", "problem"),
    [
        ("9429000000018", "does not check"),
        ("9429000000071", "does not check"),  # two digits swapped
        ("942900000001", "13 digits"),
        ("94290000000170", "13 digits"),
        ("94290000000l7", "13 digits"),
        ("９４２９０００００００１７", "13 digits"),  # full-width digits are not ASCII
    ],
)
def test_an_nzbn_is_13_digits_with_its_gs1_check_digit(db: None, nzbn: str, problem: str) -> None:
    with pytest.raises(DomainError, match=problem) as caught:
        services.organisation_create(actor=None, name="X", org_type="pte", nzbn=nzbn)
    assert caught.value.field == "nzbn"
    assert not Organisation.objects.exists()


def test_an_nzbn_is_recorded_unique_and_audited(db: None) -> None:
    first = services.organisation_create(actor=None, name="A", org_type="pte", nzbn=NZBN)
    assert first.nzbn == NZBN
    assert AuditEvent.objects.get(event="organisation.created").detail["nzbn"] == NZBN
    second = services.organisation_create(actor=None, name="B", org_type="pte")
    with pytest.raises(DomainError, match="another organisation's"):
        services.organisation_nzbn_set(actor=COMMAND, organisation=second, nzbn=NZBN)
    changed = services.organisation_nzbn_set(
        actor=COMMAND, organisation=first, nzbn="9429000000024"
    )
    assert changed.nzbn == "9429000000024"
    event = AuditEvent.objects.get(event="organisation.nzbn_set")
    assert event.detail == {"organisation": "a", "nzbn": "9429000000024", "previous": NZBN}
    # the database refuses what the service would: not 13 digits
    with pytest.raises(IntegrityError):
        OrganisationFactory.create(nzbn="12345")


def test_the_operator_command_records_an_nzbn(db: None) -> None:
    from io import StringIO

    from django.core.management import CommandError, call_command

    organisation = services.organisation_create(actor=None, name="A", org_type="pte")
    out = StringIO()
    call_command("organisations", "nzbn", "a", NZBN, stdout=out)
    assert f"NZBN {NZBN}" in out.getvalue()
    organisation.refresh_from_db()
    assert organisation.nzbn == NZBN
    # the command acts as the system's command, named in the audit log; no person is recorded
    event = AuditEvent.objects.get(event="organisation.nzbn_set")
    assert (event.actor_id, event.actor_label) == (None, "tohu organisations nzbn")
    with pytest.raises(CommandError, match="does not check"):
        call_command("organisations", "nzbn", "a", "9429000000018")


def test_no_person_or_key_sets_an_nzbn_only_the_operators_command(
    provider: Persona, quality_assurer: Persona, qa_manager: Persona
) -> None:
    organisation = provider.organisation
    assert organisation is not None
    before = organisation.nzbn
    for person in (provider, quality_assurer, qa_manager):
        with pytest.raises(NotAllowed):
            services.organisation_nzbn_set(actor=person.user, organisation=organisation, nzbn=NZBN)
    organisation.refresh_from_db()
    assert organisation.nzbn == before != NZBN
    assert not AuditEvent.objects.filter(event="organisation.nzbn_set").exists()
