"""Personas and shared fixtures: a quality assurer, a developer, a provider, an outsider
provider, a learner and the public."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import AbstractBaseUser
from django.core.cache import cache
from django.test import Client
from hypothesis import settings as hypothesis_settings

from tests import properties  # noqa: F401  (registers the "tohu" profile)
from tests.factories import LearnerFactory, OrganisationFactory, UserFactory, enrol_totp
from tohu.accounts.middleware import remember_second_factor
from tohu.core.permissions import second_factor_required
from tohu.learners.models import Learner
from tohu.organisations.models import Membership, Organisation, OrganisationType, Role

# property tests have no wall-clock limits (tests/properties.py)
hypothesis_settings.load_profile("tohu")


@dataclass
class Persona:
    """A person signed in through their own test client."""

    user: AbstractBaseUser
    organisation: Organisation | None
    client: Client


def _persona(username: str, organisation: Organisation | None, role: str | None) -> Persona:
    user = UserFactory.create(username=username)
    if organisation is not None and role is not None:
        Membership.objects.create(user=user, organisation=organisation, role=role)
    if second_factor_required(user):
        # the quality assurer's staff and administrators cannot use Tohu without a second factor
        enrol_totp(user)
    client = Client()
    client.force_login(user)
    if second_factor_required(user):
        # as signing in with the second factor would have noted
        session = client.session
        remember_second_factor(session)
        session.save()
    return Persona(user=user, organisation=organisation, client=client)


@pytest.fixture
def nzqa(db: None) -> Organisation:
    return OrganisationFactory.create(
        name="New Zealand Qualifications Authority",
        name_mi="Mana Tohu Mātauranga o Aotearoa",
        slug="nzqa",
        org_type=OrganisationType.NZQA,
        moe_number="",
    )


@pytest.fixture
def isb(db: None) -> Organisation:
    return OrganisationFactory.create(
        name="Ringa Hora Services Industry Skills Board",
        slug="ringa-hora",
        org_type=OrganisationType.ISB,
        moe_number="",
    )


@pytest.fixture
def provider_org(db: None) -> Organisation:
    return OrganisationFactory.create(
        name="Southern Skills Academy", slug="southern-skills", org_type=OrganisationType.PTE
    )


@pytest.fixture
def outsider_org(db: None) -> Organisation:
    return OrganisationFactory.create(
        name="Northern Training Trust", slug="northern-training", org_type=OrganisationType.PTE
    )


@pytest.fixture
def quality_assurer(nzqa: Organisation) -> Persona:
    return _persona("evaluator", nzqa, Role.EVALUATOR)


@pytest.fixture
def qa_manager(nzqa: Organisation) -> Persona:
    return _persona("qa-manager", nzqa, Role.MANAGER)


@pytest.fixture
def developer(isb: Organisation) -> Persona:
    return _persona("developer", isb, Role.STAFF)


@pytest.fixture
def provider(provider_org: Organisation) -> Persona:
    return _persona("provider-admin", provider_org, Role.ADMIN)


@pytest.fixture
def outsider(outsider_org: Organisation) -> Persona:
    return _persona("outsider-admin", outsider_org, Role.ADMIN)


@pytest.fixture
def learner(db: None) -> tuple[Persona, Learner]:
    persona = _persona("learner", None, None)
    record = LearnerFactory.create(nsn="0012345678", user=persona.user)
    return persona, record


@pytest.fixture
def public(db: None) -> Client:
    return Client()


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    """Start each test with an empty cache: sign-in rate limits and used one-time codes are
    kept there, and must not carry from one test to the next."""
    cache.clear()
    yield
    cache.clear()
