"""Marking a person's notifications read."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.utils.translation import gettext

from tohu.applications.models import Notification
from tohu.core import clock
from tohu.core.errors import NotFound


def notification_mark_read(*, actor: AbstractBaseUser, notification_id: int) -> None:
    """Mark one of the person's own notifications read."""
    updated = Notification.objects.filter(
        pk=notification_id, recipient_id=actor.pk, read_at__isnull=True
    ).update(read_at=clock.now())
    if (
        not updated
        and not Notification.objects.filter(pk=notification_id, recipient_id=actor.pk).exists()
    ):
        raise NotFound(gettext("There is no such notification."))


def notifications_mark_all_read(*, actor: AbstractBaseUser) -> int:
    """Mark all the person's notifications read; return how many were unread."""
    return Notification.objects.filter(recipient_id=actor.pk, read_at__isnull=True).update(
        read_at=clock.now()
    )
