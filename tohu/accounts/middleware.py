"""Send the people who must use a second factor to set one up before anything else."""

from __future__ import annotations

from collections.abc import Callable

from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.contrib.sessions.backends.base import SessionBase
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext

from tohu.core.permissions import second_factor_required

SECOND_FACTOR_PAGES = "/accounts/2fa/"
HAS_SECOND_FACTOR = "tohu.has_second_factor"
# what a person without a second factor may still reach: setting one up, and signing out
ALLOWED_PREFIXES = (
    SECOND_FACTOR_PAGES,
    "/accounts/reauthenticate/",
    "/accounts/logout/",
    "/sign-out/",
    "/static/",
    "/healthz",
)


def remember_second_factor(session: SessionBase) -> None:
    """Note in the session that its person has a second factor (they just used it)."""
    session[HAS_SECOND_FACTOR] = True


class SecondFactorRequiredMiddleware:
    """Redirect a signed-in person whose role needs a second factor, and who has none, to the
    second-factor page; and run changes to second factors in one transaction with their audit."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._must_set_up(request):
            messages.warning(
                request,
                gettext(
                    "Your role needs a second factor to sign in. Set up an authenticator app or a "
                    "passkey now; the rest of Tohu opens once you have."
                ),
            )
            return redirect(reverse("mfa_index"))
        if request.method == "POST" and request.path.startswith(SECOND_FACTOR_PAGES):
            # allauth adds or deletes the second factor; its audit row joins the same commit
            with transaction.atomic():
                response = self.get_response(request)
            # second factors may have changed: look again on the next page
            request.session.pop(HAS_SECOND_FACTOR, None)
            return response
        return self.get_response(request)

    def _must_set_up(self, request: HttpRequest) -> bool:
        user = request.user
        if not user.is_authenticated or request.path.startswith(ALLOWED_PREFIXES):
            return False
        if not second_factor_required(user) or request.session.get(HAS_SECOND_FACTOR):
            return False
        if is_mfa_enabled(user):
            # remembered for the session, so pages cost no extra query; set up again on sign-in
            remember_second_factor(request.session)
            return False
        return True
