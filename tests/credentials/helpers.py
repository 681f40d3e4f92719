"""Helpers for the credential tests: record completions, gather what a verifier needs."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.test import Client

from tests.achievements.conftest import HEADER, LISTING, csv_bytes, import_file
from tohu.achievements.models import Completion
from tohu.credentials.dids import did_web_url
from tohu.credentials.models import Credential
from tohu.organisations.models import Organisation


def record(provider: Organisation, *lines: str) -> list[Completion]:
    """Record completions of the test listing (nsn,date lines) as the provider's command."""
    rows = [f"{nsn},{LISTING},{day}" for nsn, day in (line.split(",") for line in lines)]
    imported = import_file(provider, csv_bytes(HEADER, *rows))
    assert imported.outcome.ok, imported.problems
    return list(Completion.objects.filter(provider=provider).order_by("id"))


def local_path(url: str) -> str:
    assert url.startswith(settings.SITE_URL), url
    return urlsplit(url).path


def fetch_json(client: Client, url: str) -> dict[str, Any]:
    response = client.get(local_path(url))
    assert response.status_code == 200, (url, response.status_code)
    data: dict[str, Any] = response.json()
    return data


def verifier_documents(client: Client, credentials: list[dict[str, Any]]) -> dict[str, Any]:
    """Fetch, through Tohu's own pages, each DID document and status list the credentials use."""
    documents: dict[str, Any] = {}
    for credential in credentials:
        did = credential["issuer"]["id"]
        https_url = did_web_url(did)
        documents[did] = fetch_json(client, settings.SITE_URL + urlsplit(https_url).path)
        entries = credential["credentialStatus"]
        for entry in entries if isinstance(entries, list) else [entries]:
            status_url = entry["statusListCredential"]
            documents[status_url] = fetch_json(client, status_url)
    return documents


def signed(credential: Credential) -> dict[str, Any]:
    credential.refresh_from_db()
    document: dict[str, Any] | None = credential.document
    assert document is not None
    return document
