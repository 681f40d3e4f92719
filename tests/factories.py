"""Factories that build test data through the real services where a service exists."""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

import factory
from django.contrib.auth.models import User

from tohu.core.principal import SYSTEM, Principal
from tohu.learners.models import Learner
from tohu.organisations.models import Organisation, OrganisationType
from tohu.register import services as register_services
from tohu.register.models import Accreditation, MicroCredential

_moe = itertools.count(7001)
PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"person{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org.nz")
    password = factory.django.Password(PASSWORD)


class OrganisationFactory(factory.django.DjangoModelFactory[Organisation]):
    class Meta:
        model = Organisation
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.Sequence(lambda n: f"organisation-{n}")
    org_type = OrganisationType.PTE
    moe_number = factory.LazyFunction(lambda: str(next(_moe)))


class LearnerFactory(factory.django.DjangoModelFactory[Learner]):
    class Meta:
        model = Learner

    nsn = factory.Sequence(lambda n: f"{n + 100:09d}")
    family_name = factory.Sequence(lambda n: f"Family{n}")
    given_names = "Aroha"
    date_of_birth = date(2000, 5, 17)


def version_details(**overrides: Any) -> register_services.VersionDetails:
    """Return complete listing details; override any field."""
    values: dict[str, Any] = {
        "title": "Introduction to Forklift Operation",
        "level": 3,
        "credits": 5,
        "nzsced_code": "030399",
        "purpose_use": "Used by warehouses across New Zealand to show safe forklift operation.",
        "purpose_relevance": "Relevant to learners, employers and the logistics industry.",
        "purpose_outcomes": "Graduates can operate a counterbalance forklift safely.",
        "purpose_pathways": "none",
        "purpose_contribution": "Supports employment in logistics and warehousing.",
        "review_period_years": 3,
        "learning_outcomes": ["Operate a forklift safely", "Inspect a forklift before use"],
        "notional_hours": 50,
    }
    values.update(overrides)
    return register_services.VersionDetails(**values)


def listed_micro_credential(
    *,
    developer: Organisation,
    listed_on: date = date(2024, 3, 1),
    approved_on: date | None = None,
    listing_number: str | None = None,
    actor: Principal = SYSTEM,
    **detail_overrides: Any,
) -> MicroCredential:
    """List a micro-credential through the real service."""
    return register_services.micro_credential_list(
        actor=actor,
        developer=developer,
        details=version_details(**detail_overrides),
        approved_on=approved_on or listed_on,
        listed_on=listed_on,
        listing_number=listing_number,
    )


def accredit(
    provider: Organisation, micro_credential: MicroCredential, **kwargs: Any
) -> Accreditation:
    """Accredit a provider through the real service, as the system."""
    return register_services.accreditation_grant(
        actor=SYSTEM,
        provider=provider,
        micro_credential=micro_credential,
        granted_on=kwargs.pop("granted_on", micro_credential.listed_on),
        **kwargs,
    )


# The authenticator-app secret the test personas who must use a second factor are enrolled with.
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def enrol_totp(user: User, secret: str = TOTP_SECRET) -> None:
    """Give the person an authenticator app, as if they had set it up themselves."""
    from allauth.mfa.totp.internal.auth import TOTP

    TOTP.activate(user, secret)


def totp_code(secret: str = TOTP_SECRET) -> str:
    """Compute the authenticator app's code for now (RFC 6238: 30-second steps, 6 digits)."""
    import time

    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return str(format_hotp_value(hotp_value(secret, int(time.time()) // 30)))
