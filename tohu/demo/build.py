"""Build the demo framework through the real services, once; add synthetic listings at scale.

`build_demo` writes organisations, people, learners and micro-credentials in one transaction,
each change through its service with its audit event (the actor is the system). A database that
already holds the demo is left as it is. `add_synthetic` adds generated listings in bulk for
benchmarks (see `tohu.demo.bulk` for why it does not call the listing service row by row).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from typing import Any, Protocol

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction

from tohu.core import audit
from tohu.core.errors import DomainError
from tohu.core.models import AuditEvent
from tohu.core.permissions import second_factor_required
from tohu.core.principal import DEMO
from tohu.demo import bulk
from tohu.demo.catalogue import MICRO_CREDENTIALS, details_for
from tohu.demo.events import Event
from tohu.demo.organisations import ORGANISATIONS
from tohu.demo.people import LEARNERS, PERSONAS
from tohu.demo.specs import (
    DEMO_PASSWORD,
    DEMO_TOTP_SECRET,
    MicroCredentialSpec,
    OrganisationSpec,
    PersonaSpec,
)
from tohu.demo.synthetic import synthetic_specs
from tohu.learners.models import Learner
from tohu.learners.services import learner_link_account, learner_register
from tohu.organisations.models import Organisation
from tohu.organisations.services import membership_add, organisation_create
from tohu.register import services as register
from tohu.register.models import Accreditation, MicroCredential, MicroCredentialVersion

DEMO_SUBJECT = audit.Subject(type="demo", id="framework")
SYNTHETIC_SUBJECT = audit.Subject(type="demo", id="synthetic")


class Writer(Protocol):
    """Where progress goes: a text stream, or a management command's `stdout`."""

    def write(self, text: str, /) -> Any: ...


@dataclass(frozen=True)
class SignIn:
    """A demo persona's sign-in, as `tohu demo` prints it."""

    username: str
    password: str
    name: str
    role: str
    organisation: str
    second_factor: bool = False


@dataclass(frozen=True)
class DemoSummary:
    """What the database holds after `build_demo`, and whether this run loaded it."""

    already_loaded: bool
    organisations: int
    micro_credentials: int
    versions: int
    accreditations: int
    learners: int
    sign_ins: tuple[SignIn, ...]


def demo_loaded() -> bool:
    """Say whether the demo framework is already in the database."""
    return AuditEvent.objects.filter(
        event=Event.DEMO_LOADED, subject_type=DEMO_SUBJECT.type, subject_id=DEMO_SUBJECT.id
    ).exists()


def build_demo(*, stdout: Writer | None = None) -> DemoSummary:
    """Load the demo framework once; on a database that has it, change nothing."""
    if demo_loaded():
        return _summary(already_loaded=True)
    _refuse_clashes()
    started = time.perf_counter()
    with transaction.atomic():
        organisations = {spec.slug: _create_organisation(spec) for spec in ORGANISATIONS}
        for learner in LEARNERS:
            learner_register(
                actor=DEMO,
                nsn=learner.nsn,
                family_name=learner.family_name,
                given_names=learner.given_names,
                date_of_birth=learner.date_of_birth,
            )
        # one hash for every persona: they share the printed demo password, and Argon2 is slow
        password_hash = make_password(DEMO_PASSWORD)
        for persona in PERSONAS:
            _create_persona(persona, organisations, password_hash=password_hash)
        for spec in MICRO_CREDENTIALS:
            list_through_services(spec, organisations)
        summary = _summary(already_loaded=False)
        audit.record(
            Event.DEMO_LOADED,
            actor=DEMO,
            actor_label="demo",
            subject=DEMO_SUBJECT,
            detail={
                "organisations": summary.organisations,
                "micro_credentials": summary.micro_credentials,
                "learners": summary.learners,
            },
        )
    if stdout is not None:
        stdout.write(
            f"Loaded the demo in {time.perf_counter() - started:.1f} s: "
            f"{summary.organisations} organisations, {summary.micro_credentials} "
            f"micro-credentials ({summary.versions} versions, {summary.accreditations} "
            f"accreditations), {summary.learners} learners.\n"
        )
    return summary


def add_synthetic(n: int, *, seed: int) -> int:
    """Add `n` generated micro-credentials (deterministic for a seed); return how many."""
    if n < 0:
        raise DomainError("The number of synthetic micro-credentials cannot be negative.")
    if not demo_loaded():
        raise DomainError("Load the demo first: synthetic listings use its organisations.")
    specs = synthetic_specs(n, seed=seed)
    with transaction.atomic():
        organisations = {org.slug: org for org in Organisation.objects.all()}
        bulk.list_many(specs, organisations=organisations)
        audit.record(
            Event.DEMO_LOADED,
            actor=DEMO,
            actor_label="demo",
            subject=SYNTHETIC_SUBJECT,
            detail={"micro_credentials": n, "seed": seed},
        )
    return n


def list_through_services(
    spec: MicroCredentialSpec, organisations: dict[str, Organisation]
) -> MicroCredential:
    """List one definition through the services: listing, accreditations, versions, status."""
    details = details_for(spec)
    micro_credential = register.micro_credential_list(
        actor=DEMO,
        developer=organisations[spec.developer],
        details=details,
        approved_on=spec.approved_on or spec.listed_on,
        listed_on=spec.listed_on,
        te_hono=spec.te_hono,
        listing_number=spec.listing_number,
    )
    for provider, granted_on in spec.accredited:
        register.accreditation_grant(
            actor=DEMO,
            provider=organisations[provider],
            micro_credential=micro_credential,
            granted_on=granted_on,
        )
    for change in spec.versions:
        details = replace(details, **change.changes)
        register.micro_credential_add_version(
            actor=DEMO,
            micro_credential=micro_credential,
            details=details,
            approved_on=change.approved_on,
            effective_from=change.effective_from,
            change_summary=change.change_summary,
        )
    for step in spec.status_steps:
        register.micro_credential_status_set(
            actor=DEMO,
            micro_credential=micro_credential,
            status=step.status,
            effective_on=step.effective_on,
            end_date=step.end_date,
            reason=step.reason,
        )
    return micro_credential


def _refuse_clashes() -> None:
    slugs = [spec.slug for spec in ORGANISATIONS]
    usernames = [persona.username for persona in PERSONAS]
    clashes = [
        *Organisation.objects.filter(slug__in=slugs).values_list("slug", flat=True),
        *get_user_model().objects.filter(username__in=usernames).values_list("username", flat=True),
        *Learner.objects.filter(nsn__in=[lr.nsn for lr in LEARNERS]).values_list("nsn", flat=True),
    ]
    if clashes:
        raise DomainError(
            "This database already holds records the demo would create "
            f"({', '.join(sorted(clashes)[:5])}); load the demo into an empty database."
        )


def _create_organisation(spec: OrganisationSpec) -> Organisation:
    organisation = organisation_create(
        actor=DEMO,
        name=spec.name,
        name_mi=spec.name_mi,
        org_type=spec.org_type,
        moe_number=spec.moe_number,
        slug=spec.slug,
        website=spec.website,
    )
    if spec.active_from or spec.active_until:
        # organisation_create takes no operating dates yet; set them in the same transaction
        Organisation.objects.filter(pk=organisation.pk).update(
            active_from=spec.active_from, active_until=spec.active_until
        )
        organisation.active_from, organisation.active_until = spec.active_from, spec.active_until
    return organisation


def _create_persona(
    persona: PersonaSpec, organisations: dict[str, Organisation], *, password_hash: str
) -> None:
    user = get_user_model().objects.create(
        username=persona.username,
        email=f"{persona.username}@demo.tohu.example",
        password=password_hash,
        first_name=persona.first_name,
        last_name=persona.last_name,
    )
    if persona.organisation:
        membership_add(
            actor=DEMO,
            organisation=organisations[persona.organisation],
            user=user,
            role=persona.role,
        )
    if persona.nsn:
        learner_link_account(actor=DEMO, learner=Learner.objects.get(nsn=persona.nsn), user=user)
    if second_factor_required(user):
        # production would send them to set one up first; the demo gives them a known one
        from allauth.mfa.totp.internal.auth import TOTP

        TOTP.activate(user, DEMO_TOTP_SECRET)


def sign_ins() -> tuple[SignIn, ...]:
    """Return every demo persona's sign-in, with the organisation's display name."""
    names = {spec.slug: spec.name for spec in ORGANISATIONS}
    from allauth.mfa.models import Authenticator

    # who has the demo's authenticator app: those second_factor_required() named when loading
    with_second_factor = set(
        Authenticator.objects.filter(
            type=Authenticator.Type.TOTP, user__username__in=[p.username for p in PERSONAS]
        ).values_list("user__username", flat=True)
    )
    return tuple(
        SignIn(
            username=persona.username,
            password=DEMO_PASSWORD,
            name=f"{persona.first_name} {persona.last_name}",
            role=persona.role_label,
            organisation=names[persona.organisation]
            if persona.organisation
            else f"(NSN {persona.nsn})",
            second_factor=persona.username in with_second_factor,
        )
        for persona in PERSONAS
    )


def _summary(*, already_loaded: bool) -> DemoSummary:
    return DemoSummary(
        already_loaded=already_loaded,
        organisations=Organisation.objects.count(),
        micro_credentials=MicroCredential.objects.count(),
        versions=MicroCredentialVersion.objects.count(),
        accreditations=Accreditation.objects.count(),
        learners=Learner.objects.count(),
        sign_ins=sign_ins(),
    )
