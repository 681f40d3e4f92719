"""The shapes of the demo data: organisations, people and micro-credentials as plain values."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

DEMO_PASSWORD = "harakeke-tui-kowhai"
# The authenticator-app secret of the demo personas who must use a second factor (the quality
# assurer's staff, organisations' administrators): printed by `tohu demo`, demo data only.
DEMO_TOTP_SECRET = "KRUGS4ZANFZSA5DIMUQGIZLNN4QGC4DQ"
"""The one password every demo persona signs in with. Demo only: never use it anywhere else."""


@dataclass(frozen=True)
class OrganisationSpec:
    """An organisation the demo creates."""

    slug: str
    name: str
    org_type: str
    name_mi: str = ""
    moe_number: str = ""
    website: str = ""
    active_from: date | None = None
    active_until: date | None = None


@dataclass(frozen=True)
class PersonaSpec:
    """A person who signs in to the demo; `nsn` links a learner's sign-in to their record."""

    username: str
    first_name: str
    last_name: str
    role_label: str
    organisation: str = ""
    role: str = ""
    nsn: str = ""


@dataclass(frozen=True)
class LearnerSpec:
    """A learner in the index, known by an NSN that keeps its leading zeros (ROA-nsn)."""

    nsn: str
    given_names: str
    family_name: str
    date_of_birth: date


@dataclass(frozen=True)
class VersionChange:
    """An approved change that makes the next version (VER-1); `changes` replaces detail fields."""

    approved_on: date
    effective_from: date
    change_summary: str
    changes: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class StatusStep:
    """One status decision by the quality assurer (LOR-8.1)."""

    status: str
    effective_on: date
    reason: str
    end_date: date | None = None


@dataclass(frozen=True)
class MicroCredentialSpec:
    """A demo micro-credential: listing details, then versions, accreditations and status.

    The purpose and outcome statement is composed from `use`, the learning outcomes and the
    broad field's usual relevance and contribution (`tohu.demo.catalogue.statement_for`), unless
    `relevance` or `contribution` is given.
    """

    title: str
    level: int
    credits: int
    nzsced_code: str
    developer: str
    listed_on: date
    review_period_years: int
    use: str
    learning_outcomes: tuple[str, ...]
    approved_on: date | None = None
    listing_number: str | None = None
    title_mi: str = ""
    purpose_mi: str = ""
    in_te_reo_maori: bool = False
    te_hono: bool = False
    relevance: str = ""
    contribution: str = ""
    pathways: str = "none"
    standards_used: tuple[str, ...] = ()
    accredited: tuple[tuple[str, date], ...] = ()
    versions: tuple[VersionChange, ...] = ()
    status_steps: tuple[StatusStep, ...] = ()
