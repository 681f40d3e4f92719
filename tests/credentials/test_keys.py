"""Issuers' keys: encrypted at rest, rotated, retired as compromised; the export command."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client, override_settings

from tests.conftest import Persona
from tests.credentials.conftest import NodeScript
from tests.credentials.helpers import record, signed, verifier_documents
from tohu.core.errors import NotAllowed
from tohu.core.models import AuditEvent
from tohu.credentials import keys
from tohu.credentials.models import Credential, CredentialState, IssuerKey, KeyStatus
from tohu.credentials.services.issuing import credentials_sweep, issuer_key_retire_compromised
from tohu.credentials.services.keys import issuer_key_rotate
from tohu.learners.models import Learner
from tohu.organisations.models import Organisation
from tohu.register.models import MicroCredential

pytestmark = pytest.mark.django_db
OTHER_KEK = "b3RoZXIta2V5LWVuY3J5cHRpb24ta2V5LTAxMjM0NTY="


@pytest.fixture
def issued(provider_org: Organisation, forklift: MicroCredential, learners: list[Learner]):
    record(provider_org, "0000012345,2025-05-01", "0000067890,2025-05-02")
    credentials_sweep()
    return provider_org


def test_private_keys_are_stored_only_encrypted_and_only_this_kek_opens_them(issued):
    key = IssuerKey.objects.get()
    keys.forget(key.public_key_multibase)
    private_key = keys.decrypt_private_key(
        key.private_key_encrypted, public_key_multibase=key.public_key_multibase
    )
    raw = private_key.private_bytes_raw()
    assert raw not in bytes(key.private_key_encrypted)
    with (
        override_settings(TOHU_KEY_ENCRYPTION_KEY=OTHER_KEK),
        pytest.raises(keys.KeyDecryptionFailed, match="does not decrypt"),
    ):
        keys.decrypt_private_key(
            key.private_key_encrypted, public_key_multibase=key.public_key_multibase
        )
    # bound to its own public key: the same ciphertext under another key's name does not open
    with pytest.raises(keys.KeyDecryptionFailed):
        keys.decrypt_private_key(key.private_key_encrypted, public_key_multibase="z6Mkother")


def test_production_refuses_to_start_without_the_key_encryption_key():
    env = {k: v for k, v in os.environ.items() if k != "TOHU_KEY_ENCRYPTION_KEY"}
    env.update(DEBUG="0", DJANGO_SETTINGS_MODULE="tohu.settings")
    started = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert started.returncode != 0
    assert "TOHU_KEY_ENCRYPTION_KEY must be set when DEBUG is off" in started.stderr
    env["TOHU_KEY_ENCRYPTION_KEY"] = "c2hvcnQ="
    started = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert "must decode to 32 bytes, not 5" in started.stderr


def test_rotation_signs_with_the_new_key_and_keeps_the_old_in_the_did_document(
    issued: Organisation, client: Client, learners: list[Learner]
):
    call_command("keys", "rotate", issued.slug)
    old, new = IssuerKey.objects.order_by("number")
    assert (old.status, new.status) == (KeyStatus.RETIRED, KeyStatus.ACTIVE)
    did = client.get(f"/issuers/{issued.slug}/did.json").json()
    assert [m["id"].split("#")[1] for m in did["verificationMethod"]] == ["key-1", "key-2"]
    assert did["assertionMethod"] == [m["id"] for m in did["verificationMethod"]]
    record(issued, "123456789,2025-05-03")
    credentials_sweep()
    newest = Credential.objects.order_by("-id").first()
    assert newest is not None
    assert signed(newest)["proof"]["verificationMethod"].endswith("#key-2")
    assert AuditEvent.objects.filter(event="issuer_key.rotated").count() == 1


def test_a_compromised_key_leaves_the_did_document_and_what_it_signed_is_reissued(
    issued: Organisation, client: Client, node_script: NodeScript
):
    before = [signed(c) for c in Credential.objects.order_by("id")]
    call_command(
        "keys", "retire", f"{issued.slug}#key-1", "--compromised", "--reason", "Laptop stolen"
    )
    key_1 = IssuerKey.objects.get(number=1)
    assert key_1.status == KeyStatus.COMPROMISED
    did = client.get(f"/issuers/{issued.slug}/did.json").json()
    assert [m["id"].split("#")[1] for m in did["verificationMethod"]] == ["key-2"]
    assert Credential.objects.filter(state=CredentialState.REVOKED).count() == 2
    credentials_sweep()
    replacements = list(Credential.objects.filter(state=CredentialState.ISSUED).order_by("id"))
    assert [c.replaces.credential_id for c in replacements if c.replaces] == [
        d["id"] for d in before
    ]
    after = [signed(c) for c in replacements]
    assert all(d["proof"]["verificationMethod"].endswith("#key-2") for d in after)
    verdicts = node_script(
        "verify.mjs",
        {"documents": verifier_documents(client, before + after), "credentials": before + after},
    )
    assert [v["verified"] for v in verdicts] == [False, False, True, True]
    event = AuditEvent.objects.get(event="issuer_key.compromised")
    assert event.detail["reason"] == "Laptop stolen"
    assert event.detail["reissued"] == 2


def test_retire_without_compromised_is_refused(issued: Organisation):
    with pytest.raises(CommandError, match="--compromised"):
        call_command("keys", "retire", f"{issued.slug}#key-1")
    with pytest.raises(CommandError, match="No key"):
        call_command("keys", "retire", f"{issued.slug}#key-9", "--compromised")


def test_no_person_rotates_or_retires_a_key_only_the_operators_command(
    issued: Organisation, provider: Persona, qa_manager: Persona
):
    key = IssuerKey.objects.get()
    for person in (provider, qa_manager):
        with pytest.raises(NotAllowed):
            issuer_key_rotate(organisation=issued, actor=person.user)
        with pytest.raises(NotAllowed):
            issuer_key_retire_compromised(key=key, reason="", actor=person.user)
    key.refresh_from_db()
    assert key.status == KeyStatus.ACTIVE
    assert IssuerKey.objects.count() == 1
    assert not AuditEvent.objects.filter(event__startswith="issuer_key.r").exists()
    assert not AuditEvent.objects.filter(event="issuer_key.compromised").exists()
    # the command acts as the operator, and says so in the audit log
    call_command("keys", "rotate", issued.slug)
    event = AuditEvent.objects.get(event="issuer_key.rotated")
    assert (event.actor_id, event.actor_label) == (None, "tohu keys rotate")


def test_export_writes_what_verifies_the_credential_offline(
    issued: Organisation, tmp_path: Path, node_script: NodeScript
):
    completion_id = Credential.objects.order_by("id").first().completion_id  # type: ignore[union-attr]
    call_command("credentials", "export", str(completion_id), "--out", str(tmp_path))
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["credential.json", "did.json", "status-list-1.json", "status-list-2.json"]
    files = {name: json.loads((tmp_path / name).read_text()) for name in names}
    lists = [files["status-list-1.json"], files["status-list-2.json"]]
    # the revocation list and the suspension list the credential names, nothing else
    entries = files["credential.json"]["credentialStatus"]
    assert {s["id"] for s in lists} == {e["statusListCredential"] for e in entries}
    documents = {files["did.json"]["id"]: files["did.json"], **{s["id"]: s for s in lists}}
    (verdict,) = node_script(
        "verify.mjs", {"documents": documents, "credentials": [files["credential.json"]]}
    )
    assert verdict["verified"] is True
    assert [s["set"] for s in verdict["statuses"]] == [False, False]


def test_export_of_a_completion_without_a_credential_says_so(db, tmp_path):
    with pytest.raises(CommandError, match="has no credential yet"):
        call_command("credentials", "export", "999999", "--out", str(tmp_path / "unused"))
    assert list(tmp_path.iterdir()) == []
