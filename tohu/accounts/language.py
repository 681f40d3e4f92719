"""A signed-in person's chosen language, applied on every page while they are signed in.

When they sign in, the language they chose with the switch (`InterfacePreference`) is put in
their session; `PreferredLanguageMiddleware` (after authentication) then answers in it and sets
the language cookie to match, so the choice follows the person from one browser to the next.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.http import HttpRequest, HttpResponse
from django.utils import translation

from tohu.accounts.services import LANGUAGE_SESSION_KEY, interface_languages, preferred_language


def remember_on_sign_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    """Put the person's chosen language in their new session."""
    if request is None or not hasattr(request, "session"):
        return
    language = preferred_language(user)
    if language is not None:
        request.session[LANGUAGE_SESSION_KEY] = language


def connect() -> None:
    user_logged_in.connect(remember_on_sign_in, dispatch_uid="tohu.accounts.language")


class PreferredLanguageMiddleware:
    """Answer a signed-in person in the language they chose, and keep the cookie in step."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = None
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            language = request.session.get(LANGUAGE_SESSION_KEY)
        if language not in interface_languages():
            return self.get_response(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        if request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != language:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH,
                domain=settings.LANGUAGE_COOKIE_DOMAIN,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
        return response
