"""A small register shared by the register tests, built through the real services.

Titles, statements and outcomes are chosen so each search case has one right answer on both
databases: no word is shared by accident.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import accredit, listed_micro_credential, version_details
from tohu.core.principal import SYSTEM
from tohu.organisations.models import Membership, Organisation, Role
from tohu.register import services
from tohu.register.models import ListingStatus, MicroCredential


def list_one(
    developer: Organisation, number: str, listed_on: date, **overrides: Any
) -> MicroCredential:
    """List a micro-credential with neutral wording, so only the overrides are searchable."""
    details: dict[str, Any] = {
        "purpose_use": "Recognised across Aotearoa.",
        "purpose_relevance": "Relevant to whānau and communities.",
        "purpose_outcomes": "Graduates show what the outcomes describe.",
        "purpose_contribution": "Supports local work.",
        "learning_outcomes": ["Describe the topic"],
        **overrides,
    }
    return listed_micro_credential(
        developer=developer, listing_number=number, listed_on=listed_on, **details
    )


@dataclass
class Register:
    """The listings every register test can search."""

    forklift: MicroCredential
    barista: MicroCredential
    kaitiaki: MicroCredential
    whakapapa: MicroCredential
    aged_care: MicroCredential
    digital: MicroCredential
    mistake: MicroCredential

    @property
    def public(self) -> list[MicroCredential]:
        return [
            self.forklift,
            self.barista,
            self.kaitiaki,
            self.whakapapa,
            self.aged_care,
            self.digital,
        ]


def numbers(items: Any) -> list[str]:
    return [item.listing_number for item in items]


@pytest.fixture
def register(
    isb: Organisation,
    provider_org: Organisation,
    outsider_org: Organisation,
    nzqa: Organisation,
) -> Register:
    forklift = list_one(
        isb,
        "2001",
        date(2024, 1, 10),
        title="Forklift Operation Basics",
        level=3,
        credits=5,
        nzsced_code="030399",
        purpose_use="Used by warehouses to show safe forklift driving.",
        learning_outcomes=["Drive a forklift safely", "Inspect a forklift before use"],
    )
    barista = list_one(
        isb,
        "2002",
        date(2024, 2, 10),
        title="Espresso Barista Skills",
        level=2,
        credits=8,
        nzsced_code="110103",
        learning_outcomes=["Operate an espresso machine", "Serve coffee to customers"],
    )
    kaitiaki = list_one(
        provider_org,
        "2003",
        date(2024, 3, 10),
        title="Kaitiakitanga in Practice",
        title_mi="Te Mahi Kaitiaki",
        level=4,
        credits=10,
        nzsced_code="050999",
        purpose_use="Delivered alongside a wānanga and local hapū.",
        learning_outcomes=["Apply tikanga in environmental care"],
    )
    whakapapa = list_one(
        provider_org,
        "2004",
        date(2024, 4, 10),
        title="Whakapapa Research Methods",
        title_mi="Rangahau Whakapapa ki te Wananga",
        level=5,
        credits=15,
        nzsced_code="090599",
        purpose_mi="He tohu mō te rangahau whakapapa.",
        in_te_reo_maori=True,
        learning_outcomes=["Trace lineage using archives"],
    )
    aged_care = list_one(
        isb,
        "2005",
        date(2024, 5, 10),
        title="Aged Care Support",
        level=4,
        credits=20,
        nzsced_code="060311",
        learning_outcomes=["Support kaumātua with daily living"],
    )
    digital = list_one(
        provider_org,
        "2006",
        date(2023, 6, 10),
        title="Digital Literacy Foundations",
        level=1,
        credits=40,
        nzsced_code="020103",
        learning_outcomes=["Use a spreadsheet"],
    )
    mistake = list_one(
        isb,
        "2007",
        date(2024, 6, 10),
        title="Listed In Error Forklift",
        level=6,
        credits=12,
        nzsced_code="030399",
    )
    accredit(provider_org, forklift, granted_on=date(2024, 2, 1))
    accredit(provider_org, aged_care, granted_on=date(2024, 6, 1))
    services.accreditation_end(
        actor=_evaluator(nzqa),
        accreditation=accredit(outsider_org, barista, granted_on=date(2024, 3, 1)),
        status="surrendered",
        ended_on=date(2024, 9, 1),
        reason="Stopped delivering.",
    )
    accredit(outsider_org, digital, granted_on=date(2023, 7, 1))
    _set_status(aged_care, ListingStatus.EXPIRING, date(2025, 1, 1))
    _set_status(digital, ListingStatus.EXPIRING, date(2024, 7, 1), end_date=date(2024, 12, 31))
    _set_status(digital, ListingStatus.DISCONTINUED, date(2025, 1, 1))
    _set_status(mistake, ListingStatus.REMOVED, date(2024, 7, 1), reason="Listed twice by mistake.")
    services.micro_credential_add_version(
        actor=SYSTEM,
        micro_credential=forklift,
        details=version_details(
            title="Forklift Operation Basics",
            level=3,
            credits=6,
            nzsced_code="030399",
            purpose_use="Used by warehouses to show safe forklift driving.",
            purpose_relevance="Relevant to whānau and communities.",
            purpose_outcomes="Graduates show what the outcomes describe.",
            purpose_contribution="Supports local work.",
            learning_outcomes=[
                "Drive a forklift safely",
                "Inspect a forklift before use",
                "Load a truck",
            ],
        ),
        approved_on=date(2025, 2, 1),
        effective_from=date(2025, 3, 1),
        change_summary="Added loading; credits up to 6.",
    )
    for listing in (forklift, barista, kaitiaki, whakapapa, aged_care, digital, mistake):
        listing.refresh_from_db()
    return Register(forklift, barista, kaitiaki, whakapapa, aged_care, digital, mistake)


def _evaluator(nzqa: Organisation) -> AbstractBaseUser:
    # a quality assurer with no password: hashing one costs more than building the register
    user = get_user_model().objects.create(username="register-evaluator")
    Membership.objects.create(user=user, organisation=nzqa, role=Role.EVALUATOR)
    return user


def _set_status(
    micro_credential: MicroCredential,
    status: str,
    effective_on: date,
    *,
    end_date: date | None = None,
    reason: str = "Decided by the quality assurer.",
) -> None:
    services.micro_credential_status_set(
        actor=SYSTEM,
        micro_credential=micro_credential,
        status=status,
        effective_on=effective_on,
        end_date=end_date,
        reason=reason,
    )


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: Any) -> None:
    """Sign the personas in without the cost of Argon2: these tests are not about passwords."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(params=["tuned", "orm"])
def both_reads(request: pytest.FixtureRequest, settings: Any) -> str:
    """Run the test on the tuned reads and again on the plain ORM (`TOHU_REGISTER_SEARCH`):
    the same assertions hold for both."""
    settings.TOHU_REGISTER_SEARCH = request.param
    return str(request.param)


@pytest.fixture
def count_queries() -> Any:
    """Capture the queries a block runs: `with count_queries() as captured: ...`."""
    return lambda: CaptureQueriesContext(connection)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Run the browser tests last, these before those in tests/browser.

    Playwright's event loop stays on the main thread while Chromium is open, and Django would
    refuse the database after it; and only one Playwright may run at a time, so this
    directory's Chromium closes before tests/browser opens its own.
    """
    items.sort(
        key=lambda item: (
            item.get_closest_marker("browser") is not None,
            "tests/register/" not in item.nodeid,
        )
    )
