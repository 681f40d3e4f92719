"""Changes to accounts: every one is audited in the same transaction as the change."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
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


def identity_provider_configure(
    *,
    actor: AbstractBaseUser,
    organisation: Organisation,
    slug: str,
    name: str,
    issuer: str,
    client_id: str,
    client_secret: str,
    enabled: bool = True,
) -> IdentityProvider:
    """Set up (or change) sign-in through the organisation's own identity provider."""
    require(actor, Action.ORGANISATION_MANAGE_SIGN_IN, organisation)
    if not issuer.startswith(("https://", "http://127.0.0.1", "http://localhost")):
        raise DomainError(gettext("The issuer must be an https address."), field="issuer")
    with transaction.atomic():
        provider, created = IdentityProvider.objects.update_or_create(
            slug=slug,
            defaults={
                "organisation": organisation,
                "name": name,
                "issuer": issuer.rstrip("/"),
                "client_id": client_id,
                "client_secret_sealed": sealed_secret(client_secret, slug=slug),
                "enabled": enabled,
                "created_at": clock.now(),
            },
        )
        audit.record(
            Event.IDENTITY_PROVIDER_CONFIGURED,
            actor=actor,
            subject=provider,
            detail={
                "organisation": organisation.slug,
                "issuer": provider.issuer,
                "client_id": client_id,
                "enabled": enabled,
                "created": created,
            },
        )
    return provider


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
