"""How django-allauth fits Tohu: no self sign-up, and every sign-in audited."""

from __future__ import annotations

import logging
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.mfa.utils import is_mfa_enabled
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialApp
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tohu.accounts import services
from tohu.accounts.events import Event
from tohu.accounts.middleware import remember_second_factor
from tohu.accounts.models import IdentityProvider
from tohu.core import audit
from tohu.core.views import client_address
from tohu.organisations.models import Membership


class AccountAdapter(DefaultAccountAdapter):  # type: ignore[misc]
    """Accounts are made by organisations' administrators and the quality assurer."""

    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "username_password_mismatch": (
            "The username or password is not right. Check them and try again; "
            "both are case-sensitive."
        ),
    }

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def login(self, request: HttpRequest, user: AbstractBaseUser) -> None:
        """Sign the person in (after every stage, second factor included), with its audit event."""
        with transaction.atomic():
            super().login(request, user)
            if is_mfa_enabled(user):
                remember_second_factor(request.session)
            audit.record(
                Event.USER_SIGNED_IN,
                actor=user,
                subject=user,
                detail={"ip_address": client_address(request)},
            )

    def add_message(self, *args: Any, **kwargs: Any) -> None:
        # the pages say what happened themselves; allauth's "Successfully signed in" is noise
        message_template = kwargs.get("message_template") or (args[2] if len(args) > 2 else "")
        if "logged_in" in str(message_template) or "logged_out" in str(message_template):
            return
        super().add_message(*args, **kwargs)


class SocialAccountAdapter(DefaultSocialAccountAdapter):  # type: ignore[misc]
    """Sign-in through organisations' identity providers (OpenID Connect), one app each."""

    def is_open_for_signup(self, request: HttpRequest, sociallogin: Any) -> bool:
        return False

    def list_apps(
        self, request: HttpRequest | None, provider: str | None = None, client_id: str | None = None
    ) -> list[SocialApp]:
        """Return an app for each enabled identity provider (`IdentityProvider`)."""
        providers = IdentityProvider.objects.filter(enabled=True)
        if provider not in (None, "openid_connect"):
            providers = providers.filter(slug=provider)
        if client_id is not None:
            providers = providers.filter(client_id=client_id)
        return [
            SocialApp(
                provider="openid_connect",
                provider_id=idp.slug,
                name=idp.name,
                client_id=idp.client_id,
                secret=idp.client_secret(),
                settings={"server_url": idp.issuer, "oauth_pkce_enabled": True},
            )
            for idp in providers
        ]

    def on_authentication_error(
        self,
        request: HttpRequest,
        provider: Any,
        error: Any = None,
        exception: Any = None,
        extra_context: Any = None,
    ) -> None:
        # the person sees allauth's page; operators see why in the log
        logger.warning("Sign-in through %s failed: %s (%r)", provider.id, error, exception)

    def pre_social_login(self, request: HttpRequest, sociallogin: Any) -> None:
        """Let in only a person of the provider's organisation: link them on first sign-in."""
        idp = IdentityProvider.objects.select_related("organisation").get(
            slug=sociallogin.account.provider
        )
        if not _speaks_for(sociallogin, idp):
            # the provider vouches only for addresses at the organisation's email domains
            raise ImmediateHttpResponse(_refused(request, idp))
        if sociallogin.is_existing:
            if not _member_of(sociallogin.user, idp):
                raise ImmediateHttpResponse(_refused(request, idp))
            return
        person = _person_for(sociallogin, idp)
        if person is None:
            raise ImmediateHttpResponse(_refused(request, idp))
        with transaction.atomic():
            sociallogin.connect(request, person)
            services.identity_link(user=person, provider=idp, subject=sociallogin.account.uid)


logger = logging.getLogger(__name__)


def _member_of(user: AbstractBaseUser, idp: IdentityProvider) -> bool:
    return Membership.objects.filter(user_id=user.pk, organisation_id=idp.organisation_id).exists()


def _verified_email(sociallogin: Any) -> str | None:
    verified = [a.email for a in sociallogin.email_addresses if a.verified]
    return verified[0] if verified else None


def _speaks_for(sociallogin: Any, idp: IdentityProvider) -> bool:
    """Whether the provider's verified address is at one of its email domains (any address,
    when it has none)."""
    if not idp.email_domains:
        return True
    email = _verified_email(sociallogin)
    return email is not None and idp.allows_email(email)


def _person_for(sociallogin: Any, idp: IdentityProvider) -> AbstractBaseUser | None:
    email = _verified_email(sociallogin)
    if email is None:
        return None
    people = list(
        get_user_model()
        .objects.filter(
            email__iexact=email,
            is_active=True,
            memberships__organisation_id=idp.organisation_id,
        )
        .distinct()[:2]
    )
    # the address must name exactly one person of the organisation
    return people[0] if len(people) == 1 else None


def _refused(request: HttpRequest, idp: IdentityProvider) -> HttpResponse:
    context = {"identity_provider": idp}
    return render(request, "accounts/identity_refused.html", context, status=403)
