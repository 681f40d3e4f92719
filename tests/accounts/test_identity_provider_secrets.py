"""An identity provider's client secret is kept encrypted under TOHU_KEY_ENCRYPTION_KEY (the
helper that encrypts issuers' signing keys), bound to its provider; the migration encrypts the
secrets stored in plain text before it."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.conftest import Persona
from tohu.accounts import services
from tohu.accounts.models import IdentityProvider, open_secret
from tohu.credentials.keys import KeyDecryptionFailed
from tohu.organisations.models import Organisation

BEFORE = [("accounts", "0002_identity_providers")]
AFTER = [("accounts", "0003_identity_provider_secret_sealed")]


def _configure(persona: Persona, organisation: Organisation, slug: str, secret: str) -> None:
    services.identity_provider_configure(
        actor=persona.user,
        organisation=organisation,
        slug=slug,
        name=slug.title(),
        issuer=f"https://{slug}.example",
        client_id="tohu",
        client_secret=secret,
    )


@pytest.mark.django_db
def test_the_secret_is_stored_encrypted_and_opens_only_for_its_provider(
    provider: Persona, provider_org: Organisation
) -> None:
    _configure(provider, provider_org, "southern", "s3cret-of-southern")
    _configure(provider, provider_org, "northern", "s3cret-of-northern")
    southern = IdentityProvider.objects.get(slug="southern")
    northern = IdentityProvider.objects.get(slug="northern")
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM accounts_identityprovider")
        stored = repr(cursor.fetchall())
    assert "s3cret" not in stored
    assert southern.client_secret() == "s3cret-of-southern"
    # a ciphertext copied onto another provider's row does not open there
    with pytest.raises(KeyDecryptionFailed, match="identity provider northern"):
        open_secret(southern.client_secret_sealed, slug=northern.slug)


@pytest.mark.django_db(transaction=True)
def test_the_migration_encrypts_the_secrets_stored_in_plain_text(
    provider_org: Organisation,
) -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    try:
        old = executor.loader.project_state(BEFORE).apps.get_model("accounts", "IdentityProvider")
        old.objects.create(
            organisation_id=provider_org.pk,
            slug="southern",
            name="Southern",
            issuer="https://login.southern.example",
            client_id="tohu",
            client_secret="plain-s3cret",
            created_at="2026-12-01T00:00:00Z",
        )
    finally:
        # forward through the migration under test to the newest of every app, so the tests
        # that run after this one find every table
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
    assert AFTER[0] in MigrationExecutor(connection).loader.applied_migrations
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM accounts_identityprovider")
        stored = repr(cursor.fetchall())
    assert "plain-s3cret" not in stored
    assert IdentityProvider.objects.get(slug="southern").client_secret() == "plain-s3cret"
