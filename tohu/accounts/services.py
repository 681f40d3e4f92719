"""Changes to accounts: every one is audited in the same transaction as the change."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable, Iterable
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.translation import gettext

from tohu.accounts.events import Event
from tohu.accounts.models import (
    IdentityProvider,
    InterfacePreference,
    PasswordResetRequest,
    sealed_secret,
)
from tohu.core import audit, clock, effects
from tohu.core.errors import DomainError, TooManyRequests
from tohu.core.permissions import Action, require
from tohu.core.principal import Principal, is_person
from tohu.organisations.models import Organisation

RESET_WINDOW = timedelta(hours=1)


def _recent_reset_requests(**match: str) -> int:
    since = clock.now() - RESET_WINDOW
    return PasswordResetRequest.objects.filter(requested_at__gte=since, **match).count()


def password_reset_request(
    *,
    actor: Principal,
    email: str,
    ip_address: str,
    known: bool,
    send_links: Callable[[], object],
) -> None:
    """Record a request for a password reset link and send the links after commit.

    A reset link goes only to an address Tohu knows (`known`; `send_links` finds the accounts),
    but the request is counted and limited either way: so many an hour from one network address,
    and so many an hour for one email address, whatever the answer. Only a request for a known
    account is audited, so nobody can write to the audit chain by asking. `actor` is whoever
    asks: anyone may (`Action.ACCOUNT_RECOVER`), signed in or not.
    """
    require(actor, Action.ACCOUNT_RECOVER)
    limit = settings.TOHU_PASSWORD_RESETS_PER_HOUR
    email = email.strip().lower()
    with transaction.atomic():
        if (
            _recent_reset_requests(ip_address=ip_address) >= limit
            or _recent_reset_requests(email=email) >= limit
        ):
            raise TooManyRequests(
                gettext(
                    "Reset links were asked for %(limit)s times in the last hour from here or "
                    "for this address. Wait an hour, then ask again; check your spam folder "
                    "meanwhile."
                )
                % {"limit": limit}
            )
        PasswordResetRequest.objects.create(
            email=email, ip_address=ip_address, requested_at=clock.now()
        )
        if not known:
            return
        audit.record(
            Event.PASSWORD_RESET_REQUESTED,
            actor=actor,
            actor_label=None if is_person(actor) else "anonymous",
            subject=audit.Subject(type="password_reset", id=email[:80]),
            detail={"email": email, "ip_address": ip_address},
        )
        effects.after_commit(send_links)


def password_set(
    *, user: AbstractBaseUser, password: str, reset: bool, ip_address: str
) -> AbstractBaseUser:
    """Give the person a new password (already validated), by change or by reset link.

    A reset also lifts a sign-in pause on the account: the person proved they hold its email.
    """
    from axes.utils import reset as axes_reset

    event = Event.PASSWORD_RESET if reset else Event.PASSWORD_CHANGED
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        if reset:
            axes_reset(username=user.get_username())
        audit.record(event, actor=user, subject=user, detail={"ip_address": ip_address})
    return user


# an identity provider's slug: part of its sign-in address, lower case
SLUG = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,58}[a-z0-9])?")
# what a slug of an earlier provider may be (Django's slug)
ANY_SLUG = re.compile(r"[-a-zA-Z0-9_]{1,60}")


def _slug_message() -> str:
    return gettext(
        "The short name may have only lower-case letters, digits and hyphens (at most 60), "
        "for example southern-staff."
    )


# one label of a domain name (ASCII form); a domain has at least two, the last not all digits
DOMAIN_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")
MAX_EMAIL_DOMAINS = 20
LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})


def _checked_text(value: str, *, field: str, missing: str, too_long: str, longest: int) -> str:
    value = value.strip()
    if not value:
        raise DomainError(missing, field=field)
    if len(value) > longest:
        raise DomainError(too_long, field=field)
    return value


def checked_issuer(issuer: str) -> str:
    """The issuer address as kept (no trailing slash), or a DomainError saying what is wrong.

    An https address of a host outside any private network; http only to a loopback address,
    and only where `TOHU_IDENTITY_PROVIDERS_ALLOW_LOOPBACK` allows it (development).
    """
    issuer = issuer.strip().rstrip("/")
    if not issuer:
        raise DomainError(gettext("Give the issuer's address."), field="issuer")
    if len(issuer) > 200:
        raise DomainError(
            gettext("The issuer's address is longer than 200 characters."), field="issuer"
        )
    try:
        URLValidator(schemes=["https", "http"])(issuer)
        parts = urlsplit(issuer)
        host = (parts.hostname or "").lower()
        _port = parts.port  # raises ValueError for a port that is not a number
    except (ValidationError, ValueError):
        raise DomainError(
            gettext(
                "The issuer must be a web address, for example https://login.example.com/tenant."
            ),
            field="issuer",
        ) from None
    if parts.username or parts.password or parts.query or parts.fragment:
        raise DomainError(
            gettext("The issuer's address has no user name, query (?) or fragment (#)."),
            field="issuer",
        )
    loopback_allowed = settings.TOHU_IDENTITY_PROVIDERS_ALLOW_LOOPBACK and host in LOOPBACK_HOSTS
    if parts.scheme != "https" and not loopback_allowed:
        raise DomainError(gettext("The issuer must be an https address."), field="issuer")
    try:
        literal = ipaddress.ip_address(host)
    except ValueError:
        literal = None
    if literal is not None and not literal.is_global and not loopback_allowed:
        raise DomainError(
            gettext(
                "The issuer is an address inside a network; Tohu signs in only through "
                "public addresses."
            ),
            field="issuer",
        )
    return issuer


def checked_email_domains(domains: Iterable[str]) -> list[str]:
    """The email domains as kept (lower case, ASCII form, each once, sorted), or a DomainError
    naming the first that is not a domain name."""
    kept: set[str] = set()
    for given in domains:
        domain = given.strip().removeprefix("@").lower()
        if not domain:
            continue
        try:
            ascii_form = domain.encode("idna").decode("ascii")
        except UnicodeError:
            ascii_form = ""
        labels = ascii_form.split(".")
        if (
            len(ascii_form) > 253
            or len(labels) < 2
            or not all(DOMAIN_LABEL.fullmatch(label) for label in labels)
            or labels[-1].isdigit()
        ):
            raise DomainError(
                gettext(
                    "“%(domain)s” is not an email domain; write domains like southern.ac.nz, "
                    "without the part before @."
                )
                % {"domain": given.strip()[:80]},
                field="email_domains",
            )
        kept.add(ascii_form)
    if len(kept) > MAX_EMAIL_DOMAINS:
        raise DomainError(
            gettext("Give at most %(most)s email domains.") % {"most": MAX_EMAIL_DOMAINS},
            field="email_domains",
        )
    return sorted(kept)


def _provider_detail(provider: IdentityProvider, **more: object) -> dict[str, object]:
    """What the audit log keeps of an identity provider (never its secret)."""
    return {
        "organisation": provider.organisation.slug,
        "name": provider.name,
        "issuer": provider.issuer,
        "client_id": provider.client_id,
        "email_domains": list(provider.email_domains),
        "enabled": provider.enabled,
        **more,
    }


def identity_provider_configure(
    *,
    actor: AbstractBaseUser,
    organisation: Organisation,
    slug: str,
    name: str,
    issuer: str,
    client_id: str,
    client_secret: str | None = None,
    email_domains: Iterable[str] = (),
    enabled: bool = True,
    creating: bool | None = None,
) -> IdentityProvider:
    """Set up (or change) sign-in through the organisation's own identity provider.

    `slug` names the provider (it is part of the redirect address registered with the provider,
    so it never changes). A new provider needs its client secret; when changing one, no secret
    (None or blank) keeps the one it has. A slug another organisation uses is refused, and so is
    a slug in use when `creating` is True (a page that adds one), or one not in use when it is
    False (a page that changes one).
    """
    require(actor, Action.ORGANISATION_MANAGE_SIGN_IN, organisation)
    name = _checked_text(
        name,
        field="name",
        missing=gettext("Give the name shown on the sign-in button."),
        too_long=gettext("The name is longer than 120 characters."),
        longest=120,
    )
    client_id = _checked_text(
        client_id,
        field="client_id",
        missing=gettext("Give the client id the provider gave Tohu."),
        too_long=gettext("The client id is longer than 200 characters."),
        longest=200,
    )
    issuer = checked_issuer(issuer)
    domains = checked_email_domains(email_domains)
    # a secret is kept exactly as given; one of only spaces is none
    secret = client_secret if client_secret and client_secret.strip() else ""
    if not ANY_SLUG.fullmatch(slug):
        raise DomainError(_slug_message(), field="slug")
    if len(secret) > 1000:
        raise DomainError(
            gettext("The client secret is longer than 1000 characters."), field="client_secret"
        )
    with transaction.atomic():
        provider = IdentityProvider.objects.select_for_update().filter(slug=slug).first()
        created = provider is None
        if provider is not None and provider.organisation_id != organisation.pk:
            raise DomainError(
                gettext("Another organisation's provider has this short name; choose another."),
                field="slug",
            )
        if creating is not None and created != creating:
            raise DomainError(
                gettext("The organisation already has a provider with this short name.")
                if creating
                else gettext("There is no such identity provider any more."),
                field="slug",
            )
        if provider is None:
            if not SLUG.fullmatch(slug):
                raise DomainError(_slug_message(), field="slug")
            if not secret:
                raise DomainError(gettext("Give the client secret."), field="client_secret")
            provider = IdentityProvider(
                slug=slug, organisation=organisation, created_at=clock.now()
            )
        provider.organisation = organisation
        provider.name = name
        provider.issuer = issuer
        provider.client_id = client_id
        provider.email_domains = domains
        provider.enabled = enabled
        if secret:
            provider.client_secret_sealed = sealed_secret(secret, slug=slug)
        provider.save()
        audit.record(
            Event.IDENTITY_PROVIDER_CONFIGURED,
            actor=actor,
            subject=provider,
            detail=_provider_detail(provider, created=created, secret_changed=bool(secret)),
        )
    return provider


def identity_provider_remove(*, actor: AbstractBaseUser, provider: IdentityProvider) -> None:
    """Stop sign-in through the provider for good: the provider and every person's link to it
    go (a provider set up later under the same short name starts with no links)."""
    from allauth.socialaccount.models import SocialAccount

    require(actor, Action.ORGANISATION_MANAGE_SIGN_IN, provider.organisation)
    with transaction.atomic():
        links = SocialAccount.objects.filter(provider=provider.slug)
        unlinked = links.count()
        audit.record(
            Event.IDENTITY_PROVIDER_REMOVED,
            actor=actor,
            subject=provider,
            detail=_provider_detail(provider, links_removed=unlinked),
        )
        links.delete()
        provider.delete()


def identity_link(*, user: AbstractBaseUser, provider: IdentityProvider, subject: str) -> None:
    """Record that the provider's person `subject` signs in as this Tohu person."""
    audit.record(
        Event.IDENTITY_LINKED,
        actor=user,
        subject=user,
        detail={"identity_provider": provider.slug, "subject": subject},
    )


# where the session keeps a signed-in person's chosen language (PreferredLanguageMiddleware)
LANGUAGE_SESSION_KEY = "tohu_language"


def interface_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def language_choose(*, user: AbstractBaseUser, language: str) -> InterfacePreference:
    """Remember the interface language a signed-in person chose, audited with the change."""
    require(user, Action.ACCOUNT_MANAGE_OWN, user)
    if language not in interface_languages():
        raise DomainError(
            gettext("%(language)s is not a language of the interface.") % {"language": language},
            field="language",
        )
    with transaction.atomic():
        preference = InterfacePreference.objects.select_for_update().filter(user_id=user.pk).first()
        if preference is not None and preference.language == language:
            return preference
        before = preference.language if preference is not None else None
        preference, _created = InterfacePreference.objects.update_or_create(
            user_id=user.pk, defaults={"language": language, "chosen_at": clock.now()}
        )
        audit.record(
            Event.LANGUAGE_CHOSEN,
            actor=user,
            subject=user,
            detail={"language": language, "before": before},
        )
    return preference


def preferred_language(user: AbstractBaseUser) -> str | None:
    """The language this person chose, or None if they never used the switch signed in."""
    preference = InterfacePreference.objects.filter(user_id=user.pk).first()
    return preference.language if preference is not None else None
