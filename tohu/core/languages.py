"""The interface's languages: BCP 47 tags for `lang` attributes and the language switch."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils import translation


@dataclass(frozen=True)
class Language:
    """One language the interface speaks: Django's code, its BCP 47 tag and its own name."""

    code: str
    tag: str
    name: str
    current: bool


def bcp47(code: str) -> str:
    """Write Django's language code as a BCP 47 tag: `en-nz` becomes `en-NZ`, `mi` stays `mi`."""
    language, _, region = code.replace("_", "-").partition("-")
    if not region:
        return language.lower()
    return f"{language.lower()}-{region.upper() if len(region) == 2 else region}"


def current_tag() -> str:
    """The BCP 47 tag of the language this request is answered in."""
    return bcp47(translation.get_language() or settings.LANGUAGE_CODE)


def languages() -> list[Language]:
    """Every language of the interface, each named in itself, the current one marked."""
    current = (translation.get_language() or settings.LANGUAGE_CODE).lower()
    return [
        Language(code, bcp47(code), str(name), code.lower() == current)
        for code, name in settings.LANGUAGES
    ]
