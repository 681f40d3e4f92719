"""One principal type for `can()`: people, API keys with scopes, and the system.

A key can never do more than its scopes and its organisation allow; keys expire; each key's use
is recorded at most once a minute; every key actor has one audit label.
"""

from __future__ import annotations

import ast
import json
from datetime import date, timedelta
from pathlib import Path

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.test import Client

from tests.conftest import Persona
from tohu.core import clock
from tohu.core.models import AuditEvent
from tohu.core.permissions import KEY_SCOPES, PUBLIC_ACTIONS, RULES, Action, can
from tohu.core.principal import SYSTEM, KeyPrincipal, Scope, parse_scopes
from tohu.organisations import services
from tohu.organisations.models import ApiKey, Membership, Organisation

ROOT = Path(__file__).resolve().parents[2]


def _key(persona: Persona, *scopes: Scope, expires_on: date | None = None) -> str:
    assert persona.organisation is not None
    # the organisation's administrator makes keys
    Membership.objects.get_or_create(
        user=persona.user, organisation=persona.organisation, role="admin"
    )
    # a fresh user object: the persona's has its memberships loaded from before it was made admin
    actor = get_user_model().objects.get(pk=persona.user.pk)
    return services.api_key_create(
        actor=actor,
        organisation=persona.organisation,
        name="System",
        scopes=[s.value for s in scopes],
        expires_on=expires_on,
    ).plaintext


def _principal(plaintext: str) -> KeyPrincipal:
    api_key = services.api_key_authenticate(plaintext)
    return KeyPrincipal(key=api_key, scopes=parse_scopes(api_key.scopes), today=clock.today())


def _get(client: Client, url: str, key: str) -> int:
    return client.get(url, headers={"Authorization": f"Bearer {key}"}).status_code


def _post_json(client: Client, url: str, key: str, body: object) -> int:
    response = client.post(
        url, json.dumps(body), content_type="application/json", headers={"X-API-Key": key}
    )
    return response.status_code


def test_each_endpoint_needs_its_scope(public: Client, provider: Persona) -> None:
    read_only = _key(provider, Scope.COMPLETIONS_READ)
    assert _get(public, "/api/v1/completions", read_only) == 200
    assert _post_json(public, "/api/v1/completions", read_only, {"completions": []}) == 403
    assert _get(public, "/api/v1/applications", read_only) == 403
    assert _get(public, "/api/v1/reviews", read_only) == 403
    applications = _key(provider, Scope.APPLICATIONS_READ)
    assert _get(public, "/api/v1/applications", applications) == 200
    refused = public.post(
        "/api/v1/applications",
        {"application_type": "listing_approval"},
        content_type="application/json",
        headers={"Authorization": f"Bearer {applications}"},
    )
    assert refused.status_code == 403
    assert "applications:write" in refused.json()["detail"]


def test_a_write_scope_includes_reading(public: Client, provider: Persona) -> None:
    writer = _key(provider, Scope.REVIEWS_WRITE)
    assert _get(public, "/api/v1/reviews", writer) == 200
    assert _get(public, "/api/v1/completions", writer) == 403


def test_a_key_never_does_more_than_its_organisation_may(
    public: Client, developer: Persona, quality_assurer: Persona, qa_manager: Persona
) -> None:
    # a standard-setting body is not a provider: completions:write does not make it one
    isb_key = _key(developer, *Scope)
    assert _post_json(public, "/api/v1/completions", isb_key, {"completions": []}) == 403
    # the quality assurer's own key is not its staff: no national search, no decisions
    qa_key = _principal(_key(qa_manager, *Scope))
    for action in (
        Action.ACHIEVEMENT_SEARCH,
        Action.REVIEWS_VIEW_ALL,
        Action.APPLICATION_DECIDE,
        Action.AUDIT_VIEW,
        Action.ORGANISATION_MANAGE_KEYS,
    ):
        assert not can(qa_key, action, qa_manager.organisation)


def test_no_scope_opens_an_action_outside_the_key_table(provider: Persona) -> None:
    principal = _principal(_key(provider, *Scope))
    for action in set(RULES) - set(KEY_SCOPES) - PUBLIC_ACTIONS:
        assert not can(principal, action, provider.organisation), action
    assert can(principal, Action.ACHIEVEMENT_REPORT, provider.organisation)


def test_a_key_acts_only_for_its_own_organisation(
    provider: Persona, outsider: Persona, outsider_org: Organisation
) -> None:
    principal = _principal(_key(provider, *Scope))
    assert not can(principal, Action.ACHIEVEMENT_REPORT, outsider_org)
    assert not can(principal, Action.ACHIEVEMENT_VIEW_REPORTED, outsider_org)
    assert not can(principal, Action.APPLICATION_CREATE, outsider_org)


def test_the_system_actor_may_do_what_the_jobs_do_but_nobody_unnamed_may() -> None:
    assert can(SYSTEM, Action.REGISTER_SET_STATUS)
    assert not can(None, Action.REGISTER_SET_STATUS)


def test_an_expired_key_is_refused_from_the_day_after(public: Client, provider: Persona) -> None:
    today = clock.today()
    key = _key(provider, Scope.COMPLETIONS_READ, expires_on=today)
    assert _get(public, "/api/v1/completions", key) == 200
    with time_machine.travel(clock.now() + timedelta(days=1), tick=False):
        assert _get(public, "/api/v1/completions", key) == 401


def test_an_expiry_date_in_the_past_or_no_scope_is_refused(provider: Persona) -> None:
    from tohu.core.errors import DomainError

    with pytest.raises(DomainError) as past:
        _key(provider, Scope.COMPLETIONS_READ, expires_on=clock.today() - timedelta(days=1))
    assert past.value.field == "expires_on"
    with pytest.raises(DomainError) as empty:
        _key(provider)
    assert empty.value.field == "scopes"
    assert not ApiKey.objects.exists()


def test_scopes_and_expiry_are_in_the_audit_log_and_on_the_organisation_page(
    provider: Persona,
) -> None:
    assert provider.organisation is not None
    expires = clock.today() + timedelta(days=30)
    _key(provider, Scope.COMPLETIONS_WRITE, Scope.REVIEWS_READ, expires_on=expires)
    created = AuditEvent.objects.get(event="api_key.created")
    assert created.detail["scopes"] == ["completions:write", "reviews:read"]
    assert created.detail["expires_on"] == expires.isoformat()
    page = provider.client.get(f"/organisations/{provider.organisation.slug}/")
    assert page.status_code == 200
    assert "<code>completions:write</code>, <code>reviews:read</code>" in page.content.decode()


def test_a_key_actor_has_one_audit_label(public: Client, provider: Persona) -> None:
    assert provider.organisation is not None
    key = _key(provider, Scope.APPLICATIONS_WRITE)
    created = public.post(
        "/api/v1/applications",
        {"application_type": "listing_approval", "title": "Safe Forklift Operation"},
        content_type="application/json",
        headers={"Authorization": f"Bearer {key}"},
    )
    assert created.status_code == 201, created.json()
    api_key = ApiKey.objects.get()
    labels = set(
        AuditEvent.objects.filter(subject_type="applications.application").values_list(
            "actor_label", flat=True
        )
    )
    assert labels == {f"API key {api_key.prefix} of {provider.organisation.slug}"}


def test_last_use_is_recorded_at_most_once_a_minute(public: Client, provider: Persona) -> None:
    key = _key(provider, Scope.COMPLETIONS_READ)
    with time_machine.travel(clock.now(), tick=False) as traveller:
        assert _get(public, "/api/v1/completions", key) == 200
        first = ApiKey.objects.get().last_used_at
        assert first is not None
        traveller.shift(timedelta(seconds=30))
        assert _get(public, "/api/v1/completions", key) == 200
        assert ApiKey.objects.get().last_used_at == first
        traveller.shift(timedelta(seconds=31))
        assert _get(public, "/api/v1/completions", key) == 200
        assert ApiKey.objects.get().last_used_at == first + timedelta(seconds=61)


def test_the_app_routers_do_not_import_the_api_module_back() -> None:
    # key authentication lives below both (tohu.core.api_auth): no import circle
    for path in sorted((ROOT / "tohu").glob("*/api.py")):
        tree = ast.parse(path.read_text())
        imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)} | {
            alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.Import)
            for alias in node.names
        }
        assert "tohu.api" not in imported, path
