"""A password validator for the words everyone guesses first on this service.

Django's common-password list does not know that `Tohu2026Tohu2026` or `NZQA-password-2027` is
the first thing an attacker of this site tries: a password made only of the site's own words,
digits and punctuation is refused.
"""

from __future__ import annotations

import re

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.utils.translation import gettext

SERVICE_WORDS = (
    "tohu",
    "nzqa",
    "nzqcf",
    "microcredentials",
    "microcredential",
    "aotearoa",
    "kiaora",
    "welcome",
    "password",
    "admin",
    "letmein",
)
_ONLY_SERVICE_WORDS = re.compile(f"(?:{'|'.join(SERVICE_WORDS)})+")
_NOT_LETTERS = re.compile(r"[^a-z]+")


class ServiceWordsValidator:
    """Refuse a password made only of the service's own words, digits and symbols."""

    def validate(self, password: str, user: AbstractBaseUser | None = None) -> None:
        letters = _NOT_LETTERS.sub("", password.lower().replace("ā", "a"))
        if not letters or _ONLY_SERVICE_WORDS.fullmatch(letters):
            raise ValidationError(
                gettext(
                    "This password is only the name of the service, years or digits: "
                    "anyone would guess it. Use a few unrelated words instead."
                ),
                code="password_service_words",
            )

    def get_help_text(self) -> str:
        return "Your password cannot be only the name of the service and a year."
