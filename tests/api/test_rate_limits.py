"""Per-key rate limits: past the limit a key gets 429 with Retry-After; other keys go on."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.filebased import FileBasedCache
from django.test import Client, override_settings

from tests.api.conftest import issue_key, send
from tests.conftest import Persona
from tohu.core.api_rate import CallerRateThrottle
from tohu.organisations.models import ApiKey


@pytest.fixture(autouse=True)
def fresh_counts() -> Iterator[None]:
    caches["limits"].clear()
    yield
    caches["limits"].clear()


@override_settings(TOHU_API_RATE_PER_KEY="3/min")
def test_a_key_past_its_limit_gets_429_with_retry_after(
    public: Client, provider_key: str, outsider: Persona
) -> None:
    for _ in range(3):
        assert send(public, "get", "/api/v1/completions", provider_key).status_code == 200
    refused = send(public, "get", "/api/v1/completions", provider_key)
    assert refused.status_code == 429
    assert refused["Content-Type"] == "application/problem+json"
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert refused.json()["code"] == "throttled"
    other = issue_key(outsider)
    assert send(public, "get", "/api/v1/completions", other).status_code == 200


@override_settings(TOHU_API_RATE_ANONYMOUS="2/min")
def test_calls_without_a_key_are_limited_by_address(db: None, public: Client) -> None:
    assert public.get("/api/v1/micro-credentials").status_code == 200
    assert public.get("/api/v1/micro-credentials").status_code == 200
    refused = public.get("/api/v1/micro-credentials")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) >= 1


@override_settings(TOHU_API_RATE_PER_KEY="4/min")
def test_every_web_process_counts_against_the_same_limit(public: Client, provider_key: str) -> None:
    # another web process on the machine: its own cache object over the same files
    location = str(settings.CACHES["limits"]["LOCATION"])
    other_process = FileBasedCache(location, {})
    for _ in range(2):
        assert send(public, "get", "/api/v1/completions", provider_key).status_code == 200
    assert CallerRateThrottle().cache is caches["limits"]
    counted = f"tohu_api_rate_key_{ApiKey.objects.get().pk}"
    history = other_process.get(counted)
    assert len(history) == 2
    # the other process answers two requests (as its throttle records them) ...
    other_process.set(counted, [*history, *history[:2]], 60)
    # ... so this process refuses the fifth request of the minute
    refused = send(public, "get", "/api/v1/completions", provider_key)
    assert refused.status_code == 429
