"""Credentials signed per second on one core: Tohu's signer beside a naive pyld signer.

Both sign the same Open Badges 3.0 credentials, built by Tohu's own document builder, with the
same offline contexts, in interleaved rounds in one process (so a busy minute on a shared
machine slows both alike). The naive signer is what a first Python implementation does:
`pyld.jsonld.normalize(..., algorithm="URDNA2015")` of the document and of the proof options,
SHA-256 of each, Ed25519. Verification is measured too. Goal: >= 250 signed per second per core.

`python -m bench credentials [--count N] [--rounds R] [--no-fail]`
"""

from __future__ import annotations

import argparse
import hashlib
import os
import platform
import statistics
import sys
import time
import uuid
from datetime import date
from typing import Any

TARGET_PER_SECOND = 250.0
KEY_ENCRYPTION_KEY = "YmVuY2gtb25seS1rZXktZW5jcnlwdGlvbi1rZXktMDE="


def _django() -> None:
    os.environ.update(
        DJANGO_SETTINGS_MODULE="tohu.settings",
        SECRET_KEY="benchmark-only-secret-key-" + "x" * 40,
        TOHU_KEY_ENCRYPTION_KEY=KEY_ENCRYPTION_KEY,
        TOHU_AUDIT_KEY="YmVuY2gtb25seS1hdWRpdC1jaGVja3BvaW50LWtleSE=",
        DEBUG="0",
        SITE_URL="https://tohu.example.govt.nz",
    )
    import django

    django.setup()


def credentials(count: int) -> list[dict[str, Any]]:
    """Build `count` distinct credentials as Tohu issues them (in memory, no database)."""
    from tohu.achievements.models import Completion
    from tohu.credentials.documents import credential_document
    from tohu.credentials.models import Credential, StatusList
    from tohu.credentials.status import status_entry
    from tohu.organisations.models import Organisation
    from tohu.register.models import MicroCredential, MicroCredentialVersion

    developer = Organisation(slug="ringa-hora", name="Ringa Hora Services Industry Skills Board")
    provider = Organisation(
        slug="southern-skills", name="Southern Skills Academy", moe_number="8123"
    )
    listing = MicroCredential(listing_number="4321", developer=developer)
    version = MicroCredentialVersion(
        micro_credential=listing,
        number=1,
        title="Introduction to Forklift Operation",
        title_mi="He Tīmatanga mō te Whakahaere Forklift",
        level=3,
        credits=5,
        nzsced_code="030399",
        purpose_use="Used by warehouses across New Zealand to show safe forklift operation.",
        purpose_relevance="Relevant to learners, employers and the logistics industry.",
        purpose_outcomes="Graduates can operate a counterbalance forklift safely.",
        purpose_contribution="Supports employment in logistics and warehousing.",
        learning_outcomes=["Operate a forklift safely", "Inspect a forklift before use"],
    )
    # as issued: an entry in the issuer's revocation list and one in its suspension list
    revocation = StatusList(issuer=provider, purpose="revocation", number=1)
    suspension = StatusList(issuer=provider, purpose="suspension", number=1)
    documents = []
    for i in range(count):
        completion = Completion(
            nsn=f"{i:010d}",
            micro_credential=listing,
            version=version,
            provider=provider,
            date_of_achievement=date(2025, 5, 1 + i % 28),
        )
        credential = Credential(uuid=uuid.UUID(int=i + 1, version=4), salt=f"{i:032x}")
        documents.append(
            credential_document(
                credential,
                completion=completion,
                learner_name=f"Learner {i}",
                status=[
                    status_entry(revocation, provider.slug, (i * 7919) % 131072),
                    status_entry(suspension, provider.slug, (i * 104729) % 131072),
                ],
            )
        )
    return documents


def naive_sign(document: dict[str, Any], private_key: Any, method: str, created: str) -> str:
    """Sign as a first Python implementation would: pyld's normalize, then Ed25519."""
    from pyld import jsonld

    from tohu.credentials.proof import eddsa, loader, multikey

    options = {
        **eddsa.proof_options(verification_method=method, created=created),
        "@context": document["@context"],
    }
    settings = {
        "algorithm": "URDNA2015",
        "format": "application/n-quads",
        "documentLoader": loader.load_document,
    }
    canonical_proof = jsonld.normalize(options, settings)
    canonical_document = jsonld.normalize(document, settings)
    signed = (
        hashlib.sha256(canonical_proof.encode()).digest()
        + hashlib.sha256(canonical_document.encode()).digest()
    )
    return multikey.encode_base58btc(private_key.sign(signed))


def _rate(count: int, seconds: float) -> float:
    return count / seconds if seconds else float("inf")


class _Clock:
    """Time a piece of work two ways: wall-clock, and the CPU time this process used (what
    "per core" means on a shared machine, where the wall clock also counts the waits for a
    core that other work holds)."""

    def __enter__(self) -> _Clock:
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall = time.perf_counter() - self.wall
        self.cpu = time.process_time() - self.cpu


def measure(count: int, rounds: int) -> dict[str, float]:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from tohu.credentials.proof import eddsa, multikey

    documents = credentials(count * rounds)
    private_key = Ed25519PrivateKey.generate()
    did = "did:web:tohu.example.govt.nz:issuers:southern-skills"
    method, created = f"{did}#key-1", "2025-06-16T00:00:00Z"
    # the two signers must do the same work: the same signature for the same credential
    same = eddsa.sign(
        documents[0], private_key=private_key, verification_method=method, created=created
    )
    assert same["proof"]["proofValue"] == naive_sign(documents[0], private_key, method, created)
    rates: dict[str, list[float]] = {
        "tohu": [],
        "tohu_cpu": [],
        "naive": [],
        "naive_cpu": [],
        "verify": [],
        "verify_cpu": [],
    }
    signed: list[dict[str, Any]] = []
    for round_ in range(rounds):
        batch = documents[round_ * count : (round_ + 1) * count]
        with _Clock() as clock:
            done = [
                eddsa.sign(d, private_key=private_key, verification_method=method, created=created)
                for d in batch
            ]
        rates["tohu"].append(_rate(len(batch), clock.wall))
        rates["tohu_cpu"].append(_rate(len(batch), clock.cpu))
        signed += done
        naive_batch = batch[: max(1, count // 4)]
        with _Clock() as clock:
            for document in naive_batch:
                naive_sign(document, private_key, method, created)
        rates["naive"].append(_rate(len(naive_batch), clock.wall))
        rates["naive_cpu"].append(_rate(len(naive_batch), clock.cpu))
        checked = done[: max(1, count // 2)]
        with _Clock() as clock:
            for document in checked:
                assert eddsa.verify(document, public_key=private_key.public_key())
        rates["verify"].append(_rate(len(checked), clock.wall))
        rates["verify_cpu"].append(_rate(len(checked), clock.cpu))
    assert multikey.decode_base58btc(signed[-1]["proof"]["proofValue"])
    figures = {name: statistics.median(values) for name, values in rates.items()}
    figures["tohu_best"], figures["tohu_worst"] = max(rates["tohu"]), min(rates["tohu"])
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench credentials")
    parser.add_argument("--count", type=int, default=200, help="Credentials a round (Tohu).")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--no-fail", action="store_true", help="Exit 0 even below the goal.")
    options = parser.parse_args(argv or [])
    _django()
    print(
        f"Credentials signing benchmark: {platform.python_implementation()} "
        f"{platform.python_version()}, {os.cpu_count()} CPUs, one process (one core)"
    )
    figures = measure(options.count, options.rounds)
    print(f"  (medians of {options.rounds} rounds; per CPU-second of this process, and wall-clock)")
    for name, label in (
        ("tohu", "Tohu signer (eddsa-rdfc-2022)"),
        ("naive", "naive pyld signer"),
        ("verify", "verification (Tohu)"),
    ):
        print(
            f"  {label + ':':32}{figures[name + '_cpu']:6.0f} credentials/s per core"
            f"   (wall-clock {figures[name]:.0f}/s)"
        )
    print(f"  ratio Tohu / naive (CPU):        {figures['tohu_cpu'] / figures['naive_cpu']:.1f}x")
    rate = figures["tohu_cpu"]
    passed = rate >= TARGET_PER_SECOND
    print(
        f"\nTargets:\n  {'PASS' if passed else 'FAIL'}  signed per second per core >= "
        f"{TARGET_PER_SECOND:.0f}: {rate:.0f}"
    )
    return 0 if passed or options.no_fail else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
