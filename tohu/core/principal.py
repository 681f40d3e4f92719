"""Who acts: the one principal type that `can()` and the audit log accept.

A principal is one of
- a person: Django's user (signed in, or anonymous) as the web pages have it;
- an organisation's API key with its scopes (`KeyPrincipal`), made by `tohu.core.api_auth`;
- the system itself (`SystemActor`): the daily jobs, the operator's commands and the demo
  loader. It exists only in code run on the server, never from a request.

An API key acts as a member of its organisation with the roles `KEY_ROLES` (never an
administrator, never the quality assurer's staff), and only for the actions its scopes open
(`tohu.core.permissions.KEY_SCOPES`): it can never do more than its scopes and its organisation
allow.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, ClassVar, TypeAlias

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    from tohu.organisations.models import ApiKey, Organisation


class Scope(StrEnum):
    """What an API key may be used for, chosen when it is made; `x:write` includes `x:read`."""

    COMPLETIONS_READ = "completions:read"
    COMPLETIONS_WRITE = "completions:write"
    APPLICATIONS_READ = "applications:read"
    APPLICATIONS_WRITE = "applications:write"
    REVIEWS_READ = "reviews:read"
    REVIEWS_WRITE = "reviews:write"
    REGISTER_READ = "register:read"
    WEBHOOKS_MANAGE = "webhooks:manage"

    @property
    def label(self) -> str:
        return SCOPE_LABELS[self]


SCOPE_LABELS: dict[Scope, str] = {
    Scope.COMPLETIONS_READ: "Read the completions the organisation reported",
    Scope.COMPLETIONS_WRITE: "Report completions (and read them)",
    Scope.APPLICATIONS_READ: "Read the organisation's applications",
    Scope.APPLICATIONS_WRITE: "Start, change, submit and withdraw applications (and read them)",
    Scope.REVIEWS_READ: "Read the organisation's reviews",
    Scope.REVIEWS_WRITE: "Save and submit review reports (and read them)",
    Scope.REGISTER_READ: "Read the public register (it needs no key; the key names the caller)",
    Scope.WEBHOOKS_MANAGE: "Subscribe to webhooks and read their deliveries",
}

# the roles a key holds at its organisation: enough to report, apply and file reviews
KEY_ROLES = ("staff", "results_officer")


def parse_scopes(values: object) -> frozenset[Scope]:
    """The scopes named in `values` (a list of strings); unknown names are dropped."""
    if not isinstance(values, list | tuple | set | frozenset):
        return frozenset()
    known = {scope.value: scope for scope in Scope}
    return frozenset(known[v] for v in values if isinstance(v, str) and v in known)


def expand(scopes: frozenset[Scope]) -> frozenset[Scope]:
    """The scopes with what each write scope includes (its read scope)."""
    implied = {Scope(s.value.replace(":write", ":read")) for s in scopes if s.endswith(":write")}
    return frozenset(scopes | implied)


@dataclass(frozen=True, eq=False)
class KeyPrincipal:
    """An organisation's API key acting through the API."""

    key: ApiKey
    scopes: frozenset[Scope]
    today: date

    is_authenticated: ClassVar[bool] = True
    pk: ClassVar[None] = None

    @property
    def organisation(self) -> Organisation:
        return self.key.organisation

    @property
    def organisation_id(self) -> int:
        return self.key.organisation_id

    @property
    def is_active(self) -> bool:
        return self.key.is_active_on(self.today)

    def allows(self, scope: Scope) -> bool:
        return scope in expand(self.scopes)

    @property
    def label(self) -> str:
        """How the audit log and the pages name the key: one form everywhere."""
        return f"API key {self.key.prefix} of {self.key.organisation.slug}"

    def get_username(self) -> str:
        return self.label


@dataclass(frozen=True)
class SystemActor:
    """The system acting on its own: a daily job, an operator's command, the demo loader."""

    label: str = "system"

    is_authenticated: ClassVar[bool] = True
    is_active: ClassVar[bool] = True
    pk: ClassVar[None] = None

    def get_username(self) -> str:
        return self.label


SYSTEM = SystemActor("system")
COMMAND = SystemActor("command")
DEMO = SystemActor("demo")

# a person is Django's user as the pages have it, signed in or anonymous
Principal: TypeAlias = "AbstractBaseUser | AnonymousUser | KeyPrincipal | SystemActor"


def user_id_of(principal: Principal | None) -> int | None:
    """The signed-in person's id, or None for a key, the system or nobody."""
    if principal is None or isinstance(principal, KeyPrincipal | SystemActor):
        return None
    return int(principal.pk) if principal.is_authenticated else None


def is_person(principal: Principal | None) -> bool:
    """A signed-in person (not a key, not the system)."""
    return user_id_of(principal) is not None


def responsible_user_id(principal: Principal | None) -> int | None:
    """The person answerable for what the principal does: the person, or who made the key."""
    if isinstance(principal, KeyPrincipal):
        return principal.key.created_by_id
    return user_id_of(principal)
