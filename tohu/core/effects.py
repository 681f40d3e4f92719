"""Side effects that leave the system (email, tasks) run only after the transaction commits.

A rolled-back decision must never have emailed anyone.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction


def after_commit(effect: Callable[[], object]) -> None:
    """Run `effect` once the surrounding transaction commits (at once when there is none)."""
    transaction.on_commit(effect, robust=True)


def email_after_commit(*, to: Sequence[str], subject: str, body: str) -> None:
    """Send a plain-text email after commit; addresses that are blank are left out."""
    recipients = [address for address in to if address]
    if not recipients:
        return
    after_commit(
        partial(
            send_mail,
            subject=subject,
            message=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=recipients,
            fail_silently=False,
        )
    )
