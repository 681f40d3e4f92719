"""Tohu's credentials against 1EdTech's official Open Badges 3.0 JSON Schema (see
tests/credentials/schemas/README.md for its source)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft201909Validator

from tests.credentials.helpers import record, signed
from tohu.core.principal import COMMAND
from tohu.credentials.models import Credential
from tohu.credentials.services.issuing import credentials_sweep
from tohu.organisations.models import Organisation
from tohu.organisations.services import organisation_nzbn_set
from tohu.register.models import MicroCredential

SCHEMA = Path(__file__).resolve().parent / "schemas" / "ob_v3p0_achievementcredential_schema.json"
SCHEMA_SHA256 = "5753fb3ecf7d024ed273dd364bd683f483eb47257e718e6618832cf89eb2083a"

pytestmark = pytest.mark.django_db


def _errors(document: dict[str, Any]) -> list[tuple[str, str]]:
    raw = SCHEMA.read_bytes()
    assert hashlib.sha256(raw).hexdigest() == SCHEMA_SHA256
    validator = Draft201909Validator(json.loads(raw))
    return sorted((e.json_path, e.message) for e in validator.iter_errors(document))


def test_a_tohu_credential_meets_the_open_badges_3_schema_but_for_two_documented_forms(
    learner, provider_org: Organisation, forklift: MicroCredential
):
    organisation_nzbn_set(actor=COMMAND, organisation=provider_org, nzbn="9429000000017")
    record(provider_org, f"{learner[1].nsn},2025-05-01")
    credentials_sweep()
    document = signed(Credential.objects.get())
    # The schema takes one credentialStatus object and a proof array. Tohu's credentials carry
    # two status entries (revocation and suspension) and one proof object, both as the VC Data
    # Model 2.0 allows (docs/credentials.md): those two, and only those, are outside the schema.
    errors = _errors(document)
    assert [path for path, _ in errors] == ["$.credentialStatus", "$.proof"], errors
    revocation, suspension = document["credentialStatus"]
    for entry in (revocation, suspension):
        conforming = {**document, "credentialStatus": entry, "proof": [document["proof"]]}
        assert _errors(conforming) == []
