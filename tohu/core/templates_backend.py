"""Tohu's template engine: Django's, with its `i18n` library marking what the catalogue
translates, so a te reo Māori page can say the language of each part
(tohu/core/language_of_parts.py, tohu/core/templatetags/marked_i18n.py)."""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage
from django.template.backends.django import DjangoTemplates

# `{% load i18n %}` loads this module instead of django.templatetags.i18n
LIBRARIES = {"i18n": "tohu.core.templatetags.marked_i18n"}


class TohuTemplates(DjangoTemplates):
    def get_templatetag_libraries(self, custom_libraries: dict[str, str]) -> dict[str, str]:
        libraries: dict[str, str] = super().get_templatetag_libraries(custom_libraries)
        return {**libraries, **LIBRARIES}

    def check(self, **kwargs: Any) -> list[CheckMessage]:
        # templates.W003 names every library name two modules share: `i18n` is shared on
        # purpose, and only its warning is left out (any other name shared still warns)
        ours = {f"{name!r} is used for multiple template tag modules" for name in LIBRARIES}
        return [
            message
            for message in super().check(**kwargs)
            if not (message.id == "templates.W003" and message.msg.split(":")[0] in ours)
        ]
