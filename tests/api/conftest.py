"""Keys and helpers the API contract tests share."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import pytest
from django.test import Client

from tests.conftest import Persona
from tohu.core.principal import Scope
from tohu.organisations import services as organisation_services


def issue_key(persona: Persona, scopes: Iterable[str] = tuple(Scope)) -> str:
    """A new API key for the persona's organisation (every scope unless told), as its system
    would hold it."""
    assert persona.organisation is not None
    issued = organisation_services.api_key_create(
        actor=persona.user, organisation=persona.organisation, name="Student system", scopes=scopes
    )
    return issued.plaintext


@pytest.fixture
def provider_key(provider: Persona) -> str:
    return issue_key(provider)


def send(
    client: Client, method: str, path: str, key: str | None, body: Any = None, **headers: str
) -> Any:
    """Send a JSON request with the key; return the response."""
    if key:
        headers["Authorization"] = f"Bearer {key}"
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    return (
        getattr(client, method)(path, data, content_type="application/json", headers=headers)
        if body is not None
        else getattr(client, method)(path, headers=headers)
    )
