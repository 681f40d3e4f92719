"""Audit changes to second factors, which django-allauth makes in its own views.

allauth's own signals fire after commit, too late for an audit row that must commit with the
change; so the rows are written when an `Authenticator` row is added or deleted. The middleware
runs the second-factor pages' changes in one transaction, so the audit row commits with the
change or not at all. (Using a code or a key only updates a row; that is not audited here: the
sign-in it completes is.)
"""

from __future__ import annotations

from typing import Any

from allauth.mfa.models import Authenticator
from django.db.models.signals import post_delete, post_save

from tohu.accounts.events import Event
from tohu.core import audit


def _record(event: Event, authenticator: Authenticator) -> None:
    audit.record(
        event,
        actor=authenticator.user,
        subject=authenticator.user,
        detail={"type": authenticator.type, "authenticator": authenticator.pk},
    )


def _saved(sender: Any, instance: Authenticator, created: bool, **kwargs: Any) -> None:
    if created:
        _record(Event.SECOND_FACTOR_ADDED, instance)


def _deleted(sender: Any, instance: Authenticator, **kwargs: Any) -> None:
    _record(Event.SECOND_FACTOR_REMOVED, instance)


def connect() -> None:
    """Listen for added and removed second factors (called once, when the app is ready)."""
    post_save.connect(_saved, sender=Authenticator, dispatch_uid="tohu.accounts.factor_added")
    post_delete.connect(_deleted, sender=Authenticator, dispatch_uid="tohu.accounts.factor_removed")
