"""How django-allauth fits Tohu: no self sign-up, and every sign-in audited."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.utils import is_mfa_enabled
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.http import HttpRequest

from tohu.accounts.middleware import remember_second_factor
from tohu.core import audit
from tohu.core.views import client_address


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
                audit.Event.USER_SIGNED_IN,
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
