"""The change application a "continue with changes" outcome opens (REV-form), through the
applications app."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.contrib.auth.models import AbstractBaseUser

from tohu.register.models import MicroCredential

if TYPE_CHECKING:
    from tohu.applications.models import Application


def change_application_open(
    *, actor: AbstractBaseUser, micro_credential: MicroCredential, due_on: date, reason: str
) -> Application:
    """Open a change application draft for the developer, due by `due_on`."""
    # imported here so the applications app's internals load only when a change is opened
    from tohu.applications.review_hooks import change_application_open as open_change

    return open_change(actor=actor, micro_credential=micro_credential, due_on=due_on, reason=reason)
