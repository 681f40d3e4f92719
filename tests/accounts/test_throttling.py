"""Sign-in throttling: one address trying many usernames (password spraying) is paused."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from tohu.accounts.events import Event
from tohu.core.models import AuditEvent

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


def _try(client: Client, username: str, password: str, address: str) -> int:
    data = {"login": username, "password": password}
    return client.post("/sign-in/", data, REMOTE_ADDR=address).status_code


def test_spraying_many_usernames_from_one_address_pauses_that_address(
    client: Client, settings
) -> None:
    settings.TOHU_SIGN_IN_ADDRESS_FAILURE_LIMIT = 8
    User.objects.create_user("aroha", password=PASSWORD)
    # one guess per username: never near the per-account limit of 5; the eighth failure pauses
    answers = [_try(client, f"staff{n}", "Spring2026!", "203.0.113.7") for n in range(8)]
    assert answers == [200] * 7 + [429]

    # the address is paused, even for a real account and its right password
    response = client.post(
        "/sign-in/", {"login": "aroha", "password": PASSWORD}, REMOTE_ADDR="203.0.113.7"
    )
    assert response.status_code == 429
    assert "too many failed attempts to sign in from this network address" in (
        response.content.decode()
    )
    assert not AuditEvent.objects.filter(event=Event.USER_SIGNED_IN).exists()
    # the same person from another address is not
    assert _try(Client(), "aroha", PASSWORD, "198.51.100.4") == 302


def test_a_few_failures_from_a_shared_address_do_not_pause_it(client: Client, settings) -> None:
    settings.TOHU_SIGN_IN_ADDRESS_FAILURE_LIMIT = 8
    User.objects.create_user("aroha", password=PASSWORD)
    for n in range(7):
        _try(client, f"staff{n}", "a typo of a password", "203.0.113.7")
    assert _try(client, "aroha", PASSWORD, "203.0.113.7") == 302


def test_one_username_is_still_paused_after_five_failures_from_one_address(
    client: Client, settings
) -> None:
    User.objects.create_user("aroha", password=PASSWORD)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _try(client, "aroha", "wrong wrong wrong", "203.0.113.7")
    assert _try(client, "aroha", PASSWORD, "203.0.113.7") == 429
    assert _try(Client(), "aroha", PASSWORD, "198.51.100.4") == 302
